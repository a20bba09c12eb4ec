import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CircuitNode } from '@circuit-studio/model';
import type { Run } from '../supervisor/run.js';
import type { RunMetrics, RunStatus } from '../types.js';

/** The sample clip of the repository: 795 frames at 768x576. */
export const SAMPLE_VIDEO = fileURLToPath(new URL('../../../../.cache/samples/vtest.avi', import.meta.url));

/** Returns the node processes that are children of this process, as `pid args` lines. */
export function childWorkers(): string[] {
  const output = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, ...args]) => Number(ppid) === process.pid && args.join(' ').includes('worker/main.js'))
    .map(([pid, , ...args]) => `${pid} ${args.join(' ')}`);
}

/** Returns the ffmpeg processes whose arguments mention `path`, as `pid args` lines. */
export function ffmpegProcesses(path: string): string[] {
  const output = execFileSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' });
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\d+ ffmpeg /.test(line) && line.includes(path));
}

/** Resolves with the first metrics event that satisfies `predicate`; rejects after `timeoutMs`. */
export function waitForMetrics(
  run: Run,
  predicate: (metrics: RunMetrics) => boolean,
  timeoutMs: number,
): Promise<RunMetrics> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      run.off('metrics', onMetrics);
      reject(new Error(`no metrics matched within ${timeoutMs} ms; last: ${JSON.stringify(run.latestMetrics())}`));
    }, timeoutMs);
    const onMetrics = (metrics: RunMetrics) => {
      if (!predicate(metrics)) return;
      clearTimeout(timer);
      run.off('metrics', onMetrics);
      resolve(metrics);
    };
    run.on('metrics', onMetrics);
  });
}

/** Resolves with the first status event that satisfies `predicate`; rejects after `timeoutMs`. */
export function waitForStatus(
  run: Run,
  predicate: (status: RunStatus) => boolean,
  timeoutMs: number,
): Promise<RunStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      run.off('status', onStatus);
      reject(new Error(`no status matched within ${timeoutMs} ms; run state: ${run.state}`));
    }, timeoutMs);
    const onStatus = (status: RunStatus) => {
      if (!predicate(status)) return;
      clearTimeout(timer);
      run.off('status', onStatus);
      resolve(status);
    };
    run.on('status', onStatus);
  });
}

/** Returns true while a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Builds a circuit node at the origin, for tests that do not care where it is drawn. */
export function node(id: string, type: string, config: Record<string, unknown> = {}): CircuitNode {
  return { id, type, position: { x: 0, y: 0 }, config };
}
