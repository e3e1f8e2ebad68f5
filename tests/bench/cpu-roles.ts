import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds spent by each part of a first sync, from /proc (Linux), so the
 * sync bench can say where the time goes and not only how long it took: on
 * this shared two-CPU machine the wall time moves by a third from run to run,
 * while a thread's CPU time moves much less.
 *
 * Roles, by process and thread:
 * - the browser process's thread pool, where Chromium runs IndexedDB's
 *   backend (every put, index entry and commit of the extension's database);
 * - the rest of the browser process (its UI and IO threads);
 * - the extension's service worker thread (parsing, merging, validating and
 *   handing rows to IndexedDB), and the other threads of its process (IPC,
 *   the pulled responses' bytes);
 * - the pages' renderers (the workbench page, a console and its sidebar;
 *   the extension's pages may share the worker's process, on its main
 *   thread);
 * - Chromium's other processes (network service, GPU);
 * - the sync server (node, and its children) and PostgreSQL.
 */

export type CpuRole = 'idbPool' | 'browser' | 'serviceWorker' | 'workerProcess' | 'renderers' | 'chromiumOther' | 'server' | 'postgres';

export const CPU_ROLE_NAMES: Record<CpuRole, string> = {
  idbPool: "browser's thread pool (IndexedDB's backend)",
  browser: 'browser, other threads',
  serviceWorker: 'service worker thread',
  workerProcess: "service worker's process, other threads (IPC, responses)",
  renderers: 'pages (workbench, console, sidebar)',
  chromiumOther: 'network service and GPU',
  server: 'sync server',
  postgres: 'PostgreSQL',
};

/** Clock ticks per thread (`pid/tid`), with the role each counts for. */
export type CpuSnapshot = Map<string, { role: CpuRole; ticks: number }>;

interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
}

const read = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process or thread ended meanwhile
  }
};

/**
 * The parent, CPU clock ticks (utime + stime; USER_HZ is 100 on every Linux
 * the bench runs on) and command name of a /proc stat line. The fields after
 * the command name (which may hold spaces) start with the state.
 */
export function statTicks(stat: string): { ppid: number; ticks: number; comm: string } {
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), comm: stat.slice(stat.indexOf('(') + 1, close) };
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    const cmdline = read(`/proc/${name}/cmdline`);
    if (stat === undefined || cmdline === undefined) continue;
    out.push({ pid: Number(name), ppid: statTicks(stat).ppid, cmdline: cmdline.replaceAll('\0', ' ') });
  }
  return out;
}

/** `roots` and every process below them. */
function descendants(all: Proc[], roots: readonly number[]): Set<number> {
  const found = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * Every thread of the browser started with `userDataDir` (and its child
 * processes), of the server `serverPid` (and its children), and of every
 * PostgreSQL process on the machine (the bench starts its own).
 */
export function cpuSnapshot(userDataDir: string, serverPid: number): CpuSnapshot {
  const all = processes();
  const browserRoots = all.filter((p) => p.cmdline.includes(`--user-data-dir=${userDataDir}`) && !p.cmdline.includes('--type=')).map((p) => p.pid);
  const chromium = descendants(all, browserRoots);
  const server = descendants(all, [serverPid]);
  const snapshot: CpuSnapshot = new Map();
  for (const p of all) {
    const processRole = chromium.has(p.pid)
      ? (/--type=(\S+)/.exec(p.cmdline)?.[1] ?? 'browser')
      : server.has(p.pid)
        ? 'server'
        : p.cmdline.startsWith('postgres')
          ? 'postgres'
          : undefined;
    if (!processRole) continue;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${p.pid}/task`);
    } catch {
      continue;
    }
    const threads = tids.flatMap((tid) => {
      const stat = read(`/proc/${p.pid}/task/${tid}/stat`);
      return stat === undefined ? [] : [{ tid, ...statTicks(stat) }];
    });
    const hostsWorker = threads.some((t) => t.comm.startsWith('ServiceWorker'));
    for (const { tid, ticks, comm } of threads) {
      let role: CpuRole;
      if (processRole === 'server' || processRole === 'postgres') role = processRole;
      else if (processRole === 'browser') role = comm.startsWith('ThreadPool') ? 'idbPool' : 'browser';
      // The extension's pages (the workbench, a sidebar frame) may run in the worker's process, on its main thread.
      else if (processRole === 'renderer') role = comm.startsWith('ServiceWorker') ? 'serviceWorker' : hostsWorker && tid !== String(p.pid) ? 'workerProcess' : 'renderers';
      else role = 'chromiumOther';
      snapshot.set(`${p.pid}/${tid}`, { role, ticks });
    }
  }
  return snapshot;
}

/** CPU seconds per role between two snapshots (a thread that started in between counts from zero). */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Record<CpuRole, number> {
  const seconds = Object.fromEntries(Object.keys(CPU_ROLE_NAMES).map((role) => [role, 0])) as Record<CpuRole, number>;
  for (const [key, { role, ticks }] of after) seconds[role] += Math.max(0, ticks - (before.get(key)?.ticks ?? 0)) / 100;
  return seconds;
}

/** One line: each role's seconds, largest first, and the total. */
export function formatCpu(seconds: Record<CpuRole, number>): string {
  const parts = (Object.entries(seconds) as [CpuRole, number][])
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([role, s]) => `${CPU_ROLE_NAMES[role]} ${s.toFixed(1)} s`);
  const total = Object.values(seconds).reduce((a, b) => a + b, 0);
  return `${parts.join(', ')}; ${total.toFixed(1)} s in all`;
}
