// A chain of plain zeromq.js PUSH/PULL processes: the baseline the runtime is measured against.
// Run as a library (runRawChain) from a benchmark, or as a process role when forked by it.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import * as zmq from 'zeromq';
import { cpuPerFrameUs, processCpuMs } from './process-cpu.mjs';

const SELF = fileURLToPath(import.meta.url);
const STAGE_TIMEOUT_MS = Number(process.env.BENCH_STAGE_TIMEOUT_MS ?? 120_000);
/** ZeroMQ's default high-water mark, which the runtime also uses on capacity links. */
const HWM = 1000;

function percentile(sorted, fraction) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/**
 * Binds `socket` and resolves once the downstream process has connected and finished the ZMTP
 * handshake, so that no message waits for a connection. The runtime waits for its peers the same way.
 */
async function bindAndAwaitPeer(socket, endpoint) {
  const handshake = new Promise((resolve) => socket.events.on('handshake', resolve));
  await socket.bind(endpoint);
  await handshake;
}

/**
 * Sends `count` two-part messages: an 8-byte send time (process.hrtime, which reads the system-wide
 * monotonic clock on Linux) and one shared payload. zeromq.js 6 sends a buffer over 128 bytes
 * without copying it, and the runtime's synthetic source also reuses one payload buffer. A paced
 * producer waits on a timer for each due time and does not catch up when late, like the runtime's
 * non-live synthetic source.
 */
async function producer({ out, size, count, rateHz }) {
  const push = new zmq.Push({ sendHighWaterMark: HWM, linger: 2000 });
  await bindAndAwaitPeer(push, out);
  process.send({ type: 'ready' });
  await new Promise((resolve) => process.once('message', resolve));

  const payload = Buffer.alloc(size);
  const intervalMs = rateHz > 0 ? 1000 / rateHz : 0;
  let due = performance.now();
  for (let index = 0; index < count; index++) {
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const stamp = Buffer.allocUnsafe(8);
    stamp.writeBigUInt64LE(process.hrtime.bigint(), 0);
    await push.send([stamp, payload]);
    due = Math.max(due + intervalMs, performance.now());
  }
  process.send({ type: 'sent' });
  // Stay alive until killed: a process that exits now could drop messages still queued in its socket.
  process.on('message', () => {});
}

async function relay({ in: input, out }) {
  const pull = new zmq.Pull({ receiveHighWaterMark: HWM });
  const push = new zmq.Push({ sendHighWaterMark: HWM, linger: 2000 });
  pull.connect(input);
  await bindAndAwaitPeer(push, out);
  process.send({ type: 'ready' });
  for await (const message of pull) {
    await push.send(message);
  }
}

async function consumer({ in: input, count, warmUp }) {
  const pull = new zmq.Pull({ receiveHighWaterMark: HWM });
  pull.connect(input);
  process.send({ type: 'ready' });

  const latencies = new Float64Array(count);
  let received = 0;
  let firstAt = 0n;
  for await (const [stamp] of pull) {
    const now = process.hrtime.bigint();
    if (received === 0) firstAt = now;
    latencies[received] = Number(now - stamp.readBigUInt64LE(0)) / 1e6;
    received++;
    if (received === count) {
      const all = Array.from(latencies).sort((a, b) => a - b);
      const steady = Array.from(latencies.subarray(Math.min(warmUp, count - 1))).sort((a, b) => a - b);
      process.send({
        type: 'done',
        received,
        seconds: Number(now - firstAt) / 1e9,
        p50: percentile(all, 0.5),
        p95: percentile(all, 0.95),
        p99: percentile(all, 0.99),
        steadyP50: percentile(steady, 0.5),
        steadyP95: percentile(steady, 0.95),
        steadyP99: percentile(steady, 0.99),
      });
      break;
    }
  }
}

/**
 * Runs `hops` PUSH/PULL links between hops + 1 processes over ipc, moving `count` messages with a
 * `size`-byte payload (paced at `rateHz`, or as fast as back pressure allows when 0). Returns
 * messages per second at the consumer from its first to its last message, and end-to-end latency
 * percentiles in ms. `p50`, `p95` and `p99` cover every message. `steadyP50`, `steadyP95` and
 * `steadyP99` leave out the first `warmUp` messages (default 1%, at least 10). `cpuPerMessage`
 * gives each process's CPU time per message in µs, from the start signal to the last message
 * (keys `producer`, `relay-1`, ..., `consumer`).
 */
export async function runRawChain({ hops, size, count, rateHz = 0, warmUp = Math.max(10, Math.ceil(count / 100)) }) {
  const folder = mkdtempSync(join(tmpdir(), 'cs-bench-raw-'));
  const endpoints = Array.from({ length: hops }, (_, index) => `ipc://${folder}/hop-${index}.ipc`);
  const roles = [
    ['producer', { out: endpoints[0], size, count, rateHz }],
    ...endpoints.slice(1).map((out, index) => ['relay', { in: endpoints[index], out }]),
    ['consumer', { in: endpoints[hops - 1], count, warmUp }],
  ];
  const children = roles.map(([role, options]) =>
    fork(SELF, [role, JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const names = roles.map(([role], index) => (role === 'relay' ? `relay-${index}` : role));
  const readCpu = () => Object.fromEntries(children.map((child, index) => [names[index], processCpuMs(child.pid)]));
  try {
    const result = await withTimeout(drive(children, readCpu), STAGE_TIMEOUT_MS);
    const { cpuAtStart, cpuAtEnd, ...figures } = result;
    return {
      ...figures,
      throughput: (result.received - 1) / result.seconds,
      cpuPerMessage: cpuPerFrameUs(cpuAtStart, cpuAtEnd, count),
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Starts the producer once every process is ready; resolves with the consumer's figures and CPU readings. */
async function drive(children, readCpu) {
  const ready = children.map((child) => waitFor(child, 'ready'));
  await Promise.all(ready);
  const done = waitFor(children[children.length - 1], 'done');
  const cpuAtStart = readCpu();
  children[0].send({ type: 'go' });
  const figures = await done;
  return { ...figures, cpuAtStart, cpuAtEnd: readCpu() };
}

function waitFor(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message?.type === type) {
        child.off('message', onMessage);
        resolve(message);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`bench process exited with ${code} before "${type}"`)));
  });
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench stage timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const [role, options] = process.argv.slice(2);
const ROLES = { producer, relay, consumer };
if (process.send && ROLES[role]) {
  // A benchmark that dies without killing its chain must not leave the chain running.
  process.on('disconnect', () => process.exit(0));
  ROLES[role](JSON.parse(options)).catch((error) => {
    console.error(`raw-chain ${role} failed:`, error);
    process.exit(1);
  });
}
