import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { groupRssBytes, processRssBytes } from './process-cpu.js';

const MB = 1024 * 1024;
// A launcher that starts a worker in its own group (as tsx starts a service), the worker holding 200 MB.
const LAUNCHER = `
const { spawn } = require('node:child_process');
const worker = spawn(process.execPath, ['-e', "globalThis.held = Buffer.alloc(200 * 1024 * 1024, 1); console.log('ready'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'inherit', 'inherit'] });
process.on('SIGTERM', () => { worker.kill(); process.exit(0); });
`;

describe.runIf(process.platform === 'linux')('memory of a process group', () => {
  let launcher: ChildProcess | undefined;
  afterEach(() => {
    if (launcher?.pid) process.kill(-launcher.pid, 'SIGKILL');
  });

  it('counts what a child of the group leader holds, and nothing of other groups', async () => {
    launcher = spawn(process.execPath, ['-e', LAUNCHER], {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(launcher.stdout!, 'data');
    const group = groupRssBytes(launcher.pid!);
    const leader = processRssBytes(launcher.pid!);
    expect(leader).toBeLessThan(150 * MB);
    expect(group).toBeGreaterThan(leader + 200 * MB);
    // This test's own process (another group) is not in it: a 200 MB worker and a small launcher, no more.
    expect(group).toBeLessThan(leader + 200 * MB + 150 * MB);
  });

  it('answers NaN for a process that is gone', () => {
    expect(processRssBytes(2 ** 22 + 1)).toBeNaN();
  });
});
