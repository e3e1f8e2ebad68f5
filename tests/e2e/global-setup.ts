import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM, ROOT } from './support/paths';

/**
 * Builds what the e2e tests load: the e2e build of the extension (content
 * script also on loopback) and the demo console. Set E2E_SKIP_BUILD=1 to reuse
 * existing builds while iterating.
 */
export default function setup(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install Debian's: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  if (process.env.E2E_SKIP_BUILD === '1') return;
  const run = (script: string) => execFileSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  run('build:e2e');
  run('build:demo');
}
