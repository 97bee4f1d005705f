import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** utime + stime of one /proc/<pid>/stat, in ms, and its process group; null when it is gone. */
function stat(pid: string): { cpuMs: number; group: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields after it start past the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND,
      group: Number(fields[2]),
    };
  } catch {
    return null;
  }
}

const pids = () => {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
};

/**
 * CPU time (user + system, ms) used so far by every live process of a process group (a child started detached is
 * its own group, with whatever it spawned); NaN where /proc is not there (not Linux).
 */
export function groupCpuMs(group: number): number {
  const all = pids();
  if (all.length === 0) return Number.NaN;
  let total = 0;
  for (const pid of all) {
    const s = stat(pid);
    if (s && s.group === group) total += s.cpuMs;
  }
  return total;
}

/** The process group of the first process whose command line contains every one of `parts`, if any. */
export function findProcessGroup(parts: readonly string[]): number | undefined {
  for (const pid of pids()) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (parts.every((part) => command.includes(part))) return stat(pid)?.group;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** Resident memory (VmRSS, bytes) of one process; NaN when it is gone or /proc is not there. */
export function processRssBytes(pid: number | string): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory (bytes) summed over every live process of a process group (see groupCpuMs); NaN without /proc. */
export function groupRssBytes(group: number): number {
  const all = pids();
  if (all.length === 0) return Number.NaN;
  let total = 0;
  for (const pid of all) {
    if (stat(pid)?.group !== group) continue;
    const rss = processRssBytes(pid);
    if (!Number.isNaN(rss)) total += rss;
  }
  return total;
}
