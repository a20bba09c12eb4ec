/**
 * Entry point of a node process, forked by the supervisor with an IPC channel. After `init` the
 * process opens its sockets and sends `ready`. It starts on `start` and reports its counts every
 * report interval. On `shutdown` (or SIGTERM) it reports final counts and exits. On `halt` it
 * stops at once, reports final counts and waits for the supervisor to kill it.
 */
import type { SupervisorMessage, WorkerMessage, WorkerPlan } from '../worker-protocol.js';
import { createNodeLogger } from './log.js';
import { NodeContext, NodeFailure } from './node-context.js';
import { createBehavior, type NodeBehavior } from './nodes/index.js';

/** How long an output waits for its peer to connect during setup, in ms. */
const PEER_TIMEOUT_MS = 10_000;
/** How long the node's work may take to settle after a shutdown before the final report, in ms. */
const SETTLE_TIMEOUT_MS = 1000;
/**
 * How long the node's work may take to settle after a halt, in ms. With every socket closed, what
 * is left to run is bookkeeping: pending sends and queued frames turn into counted drops.
 */
const HALT_SETTLE_MS = 100;

let context: NodeContext | undefined;
let behavior: NodeBehavior | undefined;
let working: Promise<void> | undefined;
let reportTimer: NodeJS.Timeout | undefined;
let shuttingDown = false;

function post(message: WorkerMessage): void {
  if (process.connected) process.send?.(message);
}

/** Sends a message and resolves once the IPC channel has taken it. */
function postAndFlush(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) {
      resolve();
      return;
    }
    process.send(message, () => resolve());
  });
}

async function init(plan: WorkerPlan): Promise<void> {
  const logger = createNodeLogger(plan.logLevel, { runId: plan.runId, nodeId: plan.nodeId, replica: plan.replica });
  const ctx = new NodeContext(plan, logger, post);
  context = ctx;
  try {
    behavior = await createBehavior(plan.type);
    await Promise.all(ctx.inputs.map((link) => link.open()));
    await ctx.outputs.open(PEER_TIMEOUT_MS);
  } catch (error) {
    post({ type: 'setup-failed', message: (error as Error).message });
    return;
  }
  reportTimer = setInterval(
    () => post({ type: 'snapshot', snapshot: ctx.snapshot(), final: false }),
    plan.reportIntervalMs,
  );
  post({ type: 'ready' });
}

function start(): void {
  const ctx = context;
  if (!ctx || !behavior || working) return;
  ctx.setState('running');
  working = behavior.run(ctx).then(
    () => {
      if (!shuttingDown) ctx.setState('completed');
    },
    async (error: unknown) => {
      const message = error instanceof NodeFailure ? error.message : `node failed: ${(error as Error).message}`;
      // A NodeFailure's message names the file or value at fault, so its stack trace would add nothing.
      ctx.logger.error(error instanceof NodeFailure ? { reason: message } : { err: error }, 'node failed');
      ctx.setState('failed', message);
      // Downstream nodes still get end-of-stream, so the rest of the circuit can finish.
      if (!shuttingDown) await ctx.endOutputs();
    },
  );
}

async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  const ctx = await stopWork('timeout', SETTLE_TIMEOUT_MS);
  if (ctx) {
    await behavior?.close?.();
    await postAndFlush({ type: 'snapshot', snapshot: ctx.snapshot(), final: true });
  }
  process.exit(0);
}

/**
 * Stops the work as a crash would: no end-of-stream, no flush of files, and frames inside the
 * process count as dropped with reason `error`. Unlike a crash, the final counts reach the
 * supervisor, which then kills the process.
 */
async function halt(): Promise<void> {
  if (shuttingDown) return;
  const ctx = await stopWork('error', HALT_SETTLE_MS);
  if (ctx) await postAndFlush({ type: 'snapshot', snapshot: ctx.snapshot(), final: true });
}

/**
 * Closes every socket, so no frame enters or leaves the process any more, and waits up to
 * `settleMs` for the node's work to count what the close cut off, with `reason`.
 */
async function stopWork(reason: 'timeout' | 'error', settleMs: number): Promise<NodeContext | undefined> {
  shuttingDown = true;
  clearInterval(reportTimer);
  const ctx = context;
  if (!ctx) return undefined;
  ctx.requestShutdown(reason);
  for (const link of ctx.inputs) link.close(reason);
  ctx.outputs.close(reason);
  if (working) {
    await Promise.race([working, new Promise((resolve) => setTimeout(resolve, settleMs))]);
  }
  return ctx;
}

function handle(message: SupervisorMessage): void {
  const ctx = context;
  switch (message.type) {
    case 'init':
      void init(message.plan);
      break;
    case 'start':
      start();
      break;
    case 'finish':
      ctx?.requestFinish();
      break;
    case 'upstream-ended':
      ctx?.inputs
        .find((link) => link.plan.linkId === message.linkId)
        ?.upstreamEnded(message.epoch, message.transmitted);
      break;
    case 'fault':
      ctx?.faults.apply(message.command);
      break;
    case 'clear':
      ctx?.faults.clear(message.fault, message.edge);
      break;
    case 'shutdown':
      void shutdown();
      break;
    case 'halt':
      void halt();
      break;
    default: {
      const unreachable: never = message;
      throw new Error(`unknown supervisor message ${JSON.stringify(unreachable)}`);
    }
  }
}

process.on('message', (message) => handle(message as SupervisorMessage));
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => {
  // Ctrl-C in a terminal reaches the whole process group; the supervisor decides how to stop.
});
// Without the supervisor no one would ever stop this process, so it exits by itself.
process.on('disconnect', () => {
  if (!shuttingDown) process.exit(1);
});
