import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { CLI_BIN, makeTempDir, syntheticCircuit, useCliProcesses } from './test-support.js';

const cleanups = useCliProcesses();

/** Starts `circuit-studio serve` on a free port and resolves once it listens. */
async function startServe(
  dataDir: string,
): Promise<{ child: ChildProcess; baseUrl: string; exited: Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [CLI_BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--web-dir', path.join(dataDir, 'no-web-build')],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not listen within 15 s; output: ${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it listened; output: ${output}`));
    });
  });
  return { child, baseUrl, exited };
}

/** Returns the ids of the processes whose parent is `pid`. */
function childPids(pid: number): number[] {
  let output: string;
  try {
    output = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch (error) {
    // ps exits 1 when no process matches.
    if ((error as { status?: number }).status === 1) return [];
    throw error;
  }
  return output
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((value) => value > 0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls until the run's three node processes run and its sink has taken frames. */
async function waitForFrames(baseUrl: string, runId: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const details = (await (await fetch(`${baseUrl}/api/runs/${runId}`)).json()) as {
      metrics?: { nodes: Record<string, { framesIn: number }> };
    };
    if ((details.metrics?.nodes.sink?.framesIn ?? 0) > 0) return;
    await delay(100);
  }
  throw new Error(`run ${runId} delivered no frame within 10 s`);
}

describe.each(['SIGTERM', 'SIGINT'] as const)('circuit-studio serve on %s', (signal) => {
  it('stops its runs, removes their files and exits 0', async () => {
    const data = await makeTempDir('cs-serve-data');
    cleanups.push(data.remove);
    const { child, baseUrl, exited } = await startServe(data.dir);
    const serverPid = child.pid as number;

    const response = await fetch(`${baseUrl}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ circuit: syntheticCircuit(0, 'Endless') }),
    });
    const { runId } = (await response.json()) as { runId: string };
    await waitForFrames(baseUrl, runId);
    const workers = childPids(serverPid);
    const socketDir = path.join(tmpdir(), 'circuit-studio', runId);
    const socketDirDuring = existsSync(socketDir);
    child.kill(signal);
    const code = await Promise.race([exited, delay(20_000).then(() => 'still running')]);

    expect(response.status).toBe(201);
    expect(workers).toHaveLength(3);
    expect(socketDirDuring).toBe(true);
    expect(code).toBe(0);
    expect(workers.filter(isAlive)).toEqual([]);
    expect(existsSync(socketDir)).toBe(false);
  }, 40_000);
});
