import { describe, expect, it } from 'vitest';
import { cpuBetween, cpuSnapshot, formatCpu, statTicks, type CpuSnapshot } from './bench/cpu-roles';

describe('the sync bench CPU accounting (tests/bench/cpu-roles.ts)', () => {
  it('counts a process as the server, with its threads', () => {
    // This test's own process stands in for the server: its work shows up as the server's CPU time.
    const before = cpuSnapshot('/no/such/profile', process.pid);
    expect([...before.values()].every((t) => t.role === 'server' || t.role === 'postgres')).toBe(true);
    // Until the process has used 400 ms of CPU (process.cpuUsage reads the same kernel counters), however loaded the machine.
    const start = process.cpuUsage();
    let spin = 0;
    while ((({ user, system }) => user + system)(process.cpuUsage(start)) < 400_000) spin++;
    const seconds = cpuBetween(before, cpuSnapshot('/no/such/profile', process.pid));
    expect(spin).toBeGreaterThan(0);
    expect(seconds.server).toBeGreaterThanOrEqual(0.3);
    expect(seconds.idbPool + seconds.serviceWorker + seconds.renderers).toBe(0);
  });

  it('counts threads that started in between from zero, and never goes below zero', () => {
    const before: CpuSnapshot = new Map([
      ['10/10', { role: 'idbPool', ticks: 500 }],
      ['20/21', { role: 'serviceWorker', ticks: 100 }],
    ]);
    const after: CpuSnapshot = new Map([
      ['10/10', { role: 'idbPool', ticks: 3500 }],
      ['10/11', { role: 'idbPool', ticks: 250 }],
      // A thread id reused by a new thread with fewer ticks: not a negative time.
      ['20/21', { role: 'serviceWorker', ticks: 40 }],
    ]);
    const seconds = cpuBetween(before, after);
    expect(seconds.idbPool).toBeCloseTo(32.5);
    expect(seconds.serviceWorker).toBe(0);
    expect(formatCpu(seconds)).toBe("browser's thread pool (IndexedDB's backend) 32.5 s; 32.5 s in all");
  });

  it('reads a stat line whose command name holds spaces and brackets', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const line = '4242 (Web (Content) 2) S 17 4242 4242 0 -1 4194560 900 0 3 0 1234 56 0 0 20 0 19 0';
    expect(statTicks(line)).toEqual({ ppid: 17, ticks: 1290, comm: 'Web (Content) 2' });
  });
});
