/**
 * `npm run bench`: builds what the benchmarks load, then runs each benchmark
 * in its own process and prints their figures. Nothing here passes or fails.
 */
import { execFileSync } from 'node:child_process';
import { ROOT } from '../e2e/support/paths';

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });

if (process.env.BENCH_SKIP_BUILD !== '1') {
  for (const script of ['build', 'build:e2e', 'build:demo']) run('npm', ['run', '--silent', script]);
}
console.log('\n== reply search ==');
run('npx', ['tsx', 'tests/bench/search.bench.ts'], { NODE_OPTIONS: '--expose-gc' });
console.log('\n== compliance checks ==');
run('npx', ['tsx', 'tests/bench/compliance.bench.ts']);
console.log('\n== reply import ==');
run('npx', ['tsx', 'tests/bench/import.bench.ts']);
console.log('\n== live draft check ==');
run('npx', ['tsx', 'tests/bench/draft-check.bench.ts']);
console.log('\n== extension in Chromium ==');
run('npx', ['tsx', 'tests/bench/extension.bench.ts']);
// Fills its data set on the first run (minutes; kept in .output/bench-customers-profile for the next ones).
console.log('\n== customer records in Chromium ==');
run('npx', ['tsx', 'tests/bench/customers.bench.ts']);
// A throwaway PostgreSQL and the sync server in its own process; minutes (seeding 123,000 records, a 60 s load run).
console.log('\n== team sync ==');
run('npx', ['tsx', 'tests/bench/sync.bench.ts']);
console.log('\n== workbench library ==');
run('npx', ['tsx', 'tests/bench/library.bench.ts']);
