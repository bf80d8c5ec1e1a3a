import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * What the bench needs to know about the machine: whether processes can be pinned to cores, how many
 * files a process may open, and the CPU time and memory of a running process (from /proc, so measuring
 * costs the measured process nothing).
 */

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export const cores = availableParallelism();
/** Pinning needs taskset and two cores: the servers on one, the provider and load generator on the other. */
export const canPin = hasTaskset && cores >= 2;

export function pinnedCommand(core: number | undefined, command: string[]): [string, string[]] {
  if (core === undefined || !canPin) return [command[0]!, command.slice(1)];
  return ['taskset', ['-c', String(core), ...command]];
}

/** Pins this process (all its threads) to a core. */
export function pinSelf(core: number): boolean {
  if (!canPin) return false;
  execFileSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' });
  return true;
}

/** The most files a process may open here (the hard limit: a process cannot go past it without privileges). */
export function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.split(/\s+/)[3]);
    return Number.isFinite(soft) ? soft : 1024;
  } catch {
    return 1024;
  }
}

const ticksPerSecond = 100;

/** User + system CPU time of a process, in ms (clock-tick resolution: 10 ms). */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** Resident memory of a process, in bytes. */
export function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the summed RSS of some processes until stopped; reports the first, the peak and the last value. */
export function sampleRss(pids: number[], intervalMs = 200): { stop(): { first: number; peak: number; last: number } } {
  let peak = 0;
  let last = 0;
  const sample = () => {
    last = pids.reduce((sum, pid) => sum + rssOf(pid), 0);
    peak = Math.max(peak, last);
  };
  sample();
  const first = last;
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { first, peak, last };
    },
  };
}

/** CPU time all cores have spent busy since boot, in ms (from /proc/stat). */
export function machineBusyMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return ((user + nice + system + irq + softirq + steal) * 1000) / ticksPerSecond;
  } catch {
    return 0;
  }
}
