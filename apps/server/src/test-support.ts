import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Circuit, ServerMessage } from '@circuit-studio/model';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeAll } from 'vitest';
import { WebSocket } from 'ws';

import { buildServer, type ServerOptions } from './server.js';

export const silentLogger = pino({ level: 'silent' });

/** The committed CLI entry, which loads the compiled `dist/cli.js`. */
export const CLI_BIN = fileURLToPath(new URL('../bin/circuit-studio.js', import.meta.url));
const BUILT_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/**
 * Registers the hooks of a test file that spawns the real CLI: a check that it is built, and a list
 * of clean-up steps run after each test. Returns that list for the tests to push onto.
 */
export function useCliProcesses(): (() => Promise<void>)[] {
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(() => {
    if (!existsSync(BUILT_CLI)) {
      throw new Error(`${BUILT_CLI} is missing; build it first with "npx tsc -b apps/server"`);
    }
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return cleanups;
}

export async function makeTempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Builds a server on a fresh data folder, with a missing web build unless `webDir` is given. */
export async function buildTestServer(options: Partial<ServerOptions> = {}) {
  const data = await makeTempDir('cs-server-data');
  const app = await buildServer({
    dataDir: data.dir,
    webDir: path.join(data.dir, 'no-web-build'),
    logger: silentLogger,
    ...options,
  });
  return {
    app,
    dataDir: data.dir,
    close: async () => {
      await app.close();
      await data.remove();
    },
  };
}

/** Listens on a free loopback port and returns the `ws://` URL of `/ws`. */
export async function listenForWebSocket(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error(`expected a TCP address, found ${String(address)}`);
  }
  return `ws://127.0.0.1:${address.port}/ws`;
}

/** Returns a small capacity circuit: a synthetic source of `frames` frames (0 is endless), a module and a null sink. */
export function syntheticCircuit(frames: number, name = 'Synthetic test'): Circuit {
  return {
    version: 1,
    name,
    nodes: [
      { id: 'source', type: 'synthetic-source', position: { x: 0, y: 0 }, config: { fps: 30, frames } },
      { id: 'detector', type: 'module', position: { x: 200, y: 0 }, config: { processingMs: 2 } },
      { id: 'sink', type: 'null-sink', position: { x: 400, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'source', target: 'detector', pattern: 'dealer-router' },
      { id: 'e2', source: 'detector', target: 'sink', pattern: 'dealer-router' },
    ],
  };
}

interface Waiter {
  predicate: (message: ServerMessage) => boolean;
  resolve: (message: ServerMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A WebSocket client that records every server message, so a test can wait for the first message
 * matching a condition without missing one that arrived earlier.
 */
export class TestClient {
  readonly received: ServerMessage[] = [];
  /** Arrival time of each message in `received`, from `performance.now()`. */
  readonly receivedAt: number[] = [];
  private readonly waiters = new Set<Waiter>();
  private cursor = 0;
  closeCode: number | undefined;
  closeReason = '';

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      this.received.push(message);
      this.receivedAt.push(performance.now());
      for (const waiter of this.waiters) {
        if (waiter.predicate(message)) {
          this.waiters.delete(waiter);
          clearTimeout(waiter.timer);
          waiter.resolve(message);
        }
      }
    });
    socket.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
    // A client that sends past the server's size limit can see its socket reset, so tests check the close code instead.
    socket.on('error', () => undefined);
  }

  static async connect(url: string): Promise<TestClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new TestClient(socket);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /**
   * Resolves with the next message after the previous `next` result that matches the predicate,
   * and rejects after `timeoutMs`.
   */
  next<T extends ServerMessage['type']>(
    type: T,
    predicate: (message: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const matches = (message: ServerMessage): message is Extract<ServerMessage, { type: T }> =>
      message.type === type && predicate(message as Extract<ServerMessage, { type: T }>);
    for (let index = this.cursor; index < this.received.length; index += 1) {
      const message = this.received[index];
      if (message && matches(message)) {
        this.cursor = index + 1;
        return Promise.resolve(message);
      }
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate: matches,
        resolve: (message) => {
          this.cursor = this.received.length;
          resolve(message as Extract<ServerMessage, { type: T }>);
        },
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const seen = this.received.map((message) => message.type).join(', ');
          reject(new Error(`no "${type}" message within ${timeoutMs} ms; received: ${seen || 'nothing'}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  async closed(timeoutMs = 15_000): Promise<number> {
    if (this.closeCode !== undefined) return this.closeCode;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
      this.socket.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  close(): void {
    for (const waiter of this.waiters) clearTimeout(waiter.timer);
    this.waiters.clear();
    this.socket.terminate();
  }
}
