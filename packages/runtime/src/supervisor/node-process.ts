import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import type { NodeState } from '@circuit-studio/model';
import type { Logger } from 'pino';
import type { SupervisorMessage, WorkerMessage, WorkerPlan, WorkerSnapshot } from '../worker-protocol.js';

/** How long a node process may take to exit after `shutdown` before it gets SIGTERM, in ms. */
const SHUTDOWN_GRACE_MS = 3000;
/** How long a node process may take to exit after SIGTERM before it gets SIGKILL, in ms. */
const TERM_GRACE_MS = 2000;

/** How long to wait for the IPC channel to close after the process exited, in ms. */
const IPC_DRAIN_MS = 500;

const PINO_LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One OS process running one replica of a node. Emits `message` (WorkerMessage) and `exit`
 * (ProcessExit). Log lines the process writes to stdout are pino records and are logged again
 * through the supervisor's logger; stderr lines are logged as warnings.
 */
export class NodeProcess extends EventEmitter {
  state: NodeState = 'starting';
  message: string | undefined;
  lastSnapshot: WorkerSnapshot | undefined;
  finalSnapshot: WorkerSnapshot | undefined;
  /** Set once `halt` was called: the process is about to be killed on purpose. */
  halting = false;
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;
  private exitInfo: ProcessExit | undefined;
  private onFinalSnapshot: (() => void) | undefined;

  constructor(
    readonly plan: WorkerPlan,
    entry: string,
    private readonly logger: Logger,
  ) {
    super();
    this.child = fork(entry, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        // The IPC channel may still contain the final report. 'disconnect' fires once it has been read.
        const settle = () => {
          if (this.exitInfo) return;
          this.exitInfo = { code, signal };
          resolve(this.exitInfo);
          this.emit('exit', this.exitInfo);
        };
        if (!this.child.connected) {
          settle();
          return;
        }
        this.child.once('disconnect', settle);
        setTimeout(settle, IPC_DRAIN_MS).unref();
      });
    });
    this.child.on('error', (error) => this.logger.error({ err: error }, 'node process error'));
    this.child.on('message', (message) => this.receive(message as WorkerMessage));
    this.forwardLogs();
    this.send({ type: 'init', plan });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  send(message: SupervisorMessage): void {
    if (this.hasExited || !this.child.connected) return;
    this.child.send(message, (error) => {
      if (error && !this.hasExited)
        this.logger.warn({ err: error, type: message.type }, 'message to node process failed');
    });
  }

  /** Resolves once the process reports `ready`; rejects when its setup fails or it exits first. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'ready') {
          cleanup();
          resolve();
        } else if (message.type === 'setup-failed') {
          cleanup();
          reject(new Error(`node ${this.plan.nodeId} failed to start: ${message.message}`));
        }
      };
      const onExit = (exit: ProcessExit) => {
        cleanup();
        const cause = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
        reject(new Error(`node ${this.plan.nodeId} exited during start (${cause})`));
      };
      const cleanup = () => {
        this.off('message', onMessage);
        this.off('exit', onExit);
      };
      this.on('message', onMessage);
      this.on('exit', onExit);
    });
  }

  /** Kills the process at once. */
  kill(): void {
    if (!this.hasExited) this.child.kill('SIGKILL');
  }

  /**
   * Kills the process as the `kill` fault does. It first sends `halt`, so that the process stops all
   * work and reports its final counts, and waits up to `timeoutMs` for them. With those counts, what
   * the process did before it died is known exactly. Without them, the supervisor infers it.
   */
  async halt(timeoutMs: number): Promise<void> {
    if (this.hasExited) return;
    this.halting = true;
    if (!this.finalSnapshot) {
      const reported = new Promise<void>((resolve) => {
        this.onFinalSnapshot = resolve;
      });
      this.send({ type: 'halt' });
      await Promise.race([reported, this.exited, delay(timeoutMs)]);
      this.onFinalSnapshot = undefined;
    }
    this.kill();
  }

  /**
   * Asks the process to report its final counts and exit, then escalates to SIGTERM and SIGKILL
   * when it does not exit in time.
   */
  async stop(): Promise<ProcessExit> {
    if (this.exitInfo) return this.exitInfo;
    this.send({ type: 'shutdown' });
    for (const [graceMs, signal] of [
      [SHUTDOWN_GRACE_MS, 'SIGTERM'],
      [TERM_GRACE_MS, 'SIGKILL'],
    ] as const) {
      const exit = await Promise.race([this.exited, delay(graceMs)]);
      if (exit) return exit;
      this.logger.warn({ pid: this.child.pid, signal }, 'node process did not exit in time');
      this.child.kill(signal);
    }
    return this.exited;
  }

  private receive(message: WorkerMessage): void {
    if (message.type === 'snapshot') {
      this.lastSnapshot = message.snapshot;
      if (message.final) {
        this.finalSnapshot = message.snapshot;
        this.onFinalSnapshot?.();
      }
    } else if (message.type === 'state') {
      this.state = message.state;
      this.message = message.message;
    }
    this.emit('message', message);
  }

  private forwardLogs(): void {
    const { stdout, stderr } = this.child;
    if (stdout) {
      createInterface({ input: stdout }).on('line', (line) => this.relayLogLine(line));
    }
    if (stderr) {
      createInterface({ input: stderr }).on('line', (line) => {
        if (line.trim()) this.logger.warn({ stderr: line }, 'node process wrote to stderr');
      });
    }
  }

  private relayLogLine(line: string): void {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.logger.info({ stdout: line }, 'node process output');
      return;
    }
    const {
      level,
      msg,
      time: _time,
      pid: _pid,
      hostname: _hostname,
      runId: _runId,
      nodeId: _nodeId,
      replica: _replica,
      ...fields
    } = record;
    const method = PINO_LEVELS[Number(level)] ?? 'info';
    this.logger[method](fields, typeof msg === 'string' ? msg : 'node process log');
  }
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}

/** Settles like `promise`, or rejects with `error()` when `ms` pass first. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
