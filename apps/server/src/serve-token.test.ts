import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

import { CLI_BIN, makeTempDir, useCliProcesses } from './test-support.js';

const cleanups = useCliProcesses();

interface ServeProcess {
  child: ChildProcess;
  /** The address that serve printed for the browser, with the token. */
  printedAddress: string;
  /** Everything the process wrote to standard output (the JSON log) so far. */
  stdout: () => string;
}

/** Starts `circuit-studio serve` on a free loopback port with a token, and resolves once it prints where to open it. */
async function startServeWithToken(dataDir: string, token: string): Promise<ServeProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info' };
  delete env.ACCESS_TOKEN;
  const child = spawn(
    process.execPath,
    [
      CLI_BIN,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--token',
      token,
      '--data-dir',
      dataDir,
      '--web-dir',
      path.join(dataDir, 'no-web-build'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, delay(15_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const printedAddress = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address within 15 s: ${stderr}`)), 15_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /^ {4}(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`serve exited before it listened: ${stderr}`));
    });
  });
  return { child, printedAddress, stdout: () => stdout };
}

/** Opens a WebSocket and resolves with the HTTP status of a rejected handshake, or 101 once it opens. */
function handshakeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no handshake reply from ${url} within 10 s`));
    }, 10_000);
    socket.once('open', () => {
      clearTimeout(timer);
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(response.statusCode ?? 0);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('circuit-studio serve with a token on loopback', () => {
  it('prints the address with the token and requires it', async () => {
    const data = await makeTempDir('cs-serve-token');
    cleanups.push(data.remove);
    const token = randomBytes(12).toString('base64url');

    const serve = await startServeWithToken(data.dir, token);
    const address = new URL(serve.printedAddress);
    const base = address.origin;
    const socketUrl = `ws://${address.host}/ws`;

    expect(address.pathname).toBe('/');
    expect(address.searchParams.get('token')).toBe(token);

    const missing = await fetch(`${base}/api/runs`);
    const wrong = await fetch(`${base}/api/runs`, { headers: { authorization: 'Bearer wrong' } });
    const right = await fetch(`${base}/api/runs`, { headers: { authorization: `Bearer ${token}` } });
    const checkWithout = await fetch(`${base}/api/runs`, { method: 'HEAD' });
    const checkWith = await fetch(`${base}/api/runs`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${token}` },
    });

    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(200);
    expect(checkWithout.status).toBe(401);
    expect(checkWith.status).toBe(200);

    expect(await handshakeStatus(socketUrl)).toBe(401);
    expect(await handshakeStatus(`${socketUrl}?token=wrong`)).toBe(401);
    expect(await handshakeStatus(`${socketUrl}?token=${encodeURIComponent(token)}`)).toBe(101);

    await expect.poll(() => serve.stdout(), { timeout: 10_000 }).toContain('token=[redacted]');
    expect(serve.stdout()).not.toContain(token);
  }, 40_000);
});
