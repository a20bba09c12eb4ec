// CPU time of other processes, read from /proc (Linux only), so that the benchmark can report CPU
// time per frame next to throughput. CPU time depends far less than throughput on the other load
// of a shared machine.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of the times in /proc/PID/stat (USER_HZ, 100 on common Linux builds). */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/**
 * Returns the CPU time (user plus system, all threads) that process `pid` used so far, in ms, or
 * undefined once the process is gone. The resolution is one clock tick (10 ms at USER_HZ 100).
 */
export function processCpuMs(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT' || error.code === 'ESRCH') return undefined;
    throw error;
  }
  // Fields after the command name, which is in brackets and may contain spaces: utime and stime
  // are fields 14 and 15 of the line, so 12 and 13 (index 11 and 12) after the bracket.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Returns the CPU time this process used so far, in ms. */
export function ownCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Returns CPU time per frame in µs for each key of `later` that `earlier` also has: the CPU time
 * used between the two readings divided by `frames`.
 */
export function cpuPerFrameUs(earlier, later, frames) {
  const perFrame = {};
  for (const [key, laterMs] of Object.entries(later)) {
    const earlierMs = earlier[key];
    if (laterMs === undefined || earlierMs === undefined) continue;
    perFrame[key] = ((laterMs - earlierMs) * 1000) / frames;
  }
  return perFrame;
}
