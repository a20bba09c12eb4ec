import { setTimeout as sleep } from 'node:timers/promises';
import type { DropReason, NodeState } from '@circuit-studio/model';
import { addDrops, type DropCounts } from '../accounting.js';
import { LatencyHistogram } from '../latency-histogram.js';
import type { WorkerMessage, WorkerPlan, WorkerSnapshot } from '../worker-protocol.js';
import { Faults } from './faults.js';
import type { Frame } from './frame.js';
import { type Deliver, InputLink } from './input-link.js';
import type { NodeLogger } from './log.js';
import { Outputs } from './outputs.js';

/** A failure of the node's own work, such as an unreadable video file. The message names the file or value. */
export class NodeFailure extends Error {
  override name = 'NodeFailure';
}

/**
 * Everything a node behaviour works with: its plan, links, counters and injected faults, and the
 * channel to the supervisor.
 */
export class NodeContext {
  readonly faults = new Faults();
  readonly inputs: InputLink[];
  readonly outputs: Outputs;
  readonly latency = new LatencyHistogram();
  /** Counts of this process alone; the supervisor adds those of the processes before it. */
  framesIn = 0;
  framesOut = 0;
  errors = 0;
  readonly dropped: DropCounts = {};
  state: NodeState = 'starting';
  /** Extra frames held by the node behaviour, such as a buffer's contents. */
  heldFrames: () => number = () => 0;
  private readonly finishController = new AbortController();
  private readonly shutdownController = new AbortController();
  private shutdownReason: 'timeout' | 'error' = 'timeout';

  constructor(
    readonly plan: WorkerPlan,
    readonly logger: NodeLogger,
    private readonly post: (message: WorkerMessage) => void,
  ) {
    const resume = plan.resume;
    this.inputs = plan.inputs.map(
      (link) => new InputLink(link, logger, resume ? (resume.seen[link.linkId] ?? {}) : undefined),
    );
    this.outputs = new Outputs(plan.outputs, plan.epoch, this.faults, logger);
  }

  /**
   * Frames the earlier processes of this node replica produced, emitted or skipped as late. A
   * restarted source continues its frame numbering here.
   */
  get resumePosition(): number {
    return this.plan.resume?.position ?? 0;
  }

  /**
   * Reason for frames the node drops because the process is ending: `timeout` when the run stops,
   * `error` when the process halts as a crash would.
   */
  get shutdownLossReason(): 'timeout' | 'error' {
    return this.shutdownReason;
  }

  get config(): Record<string, unknown> {
    return this.plan.config;
  }

  /** Aborted when the supervisor requests that a source stop producing frames. */
  get finishSignal(): AbortSignal {
    return this.finishController.signal;
  }

  /** Aborted when the process is about to exit. */
  get shutdownSignal(): AbortSignal {
    return this.shutdownController.signal;
  }

  requestFinish(): void {
    this.finishController.abort();
  }

  requestShutdown(reason: 'timeout' | 'error' = 'timeout'): void {
    this.shutdownReason = reason;
    this.finishController.abort();
    this.shutdownController.abort();
  }

  setState(state: NodeState, message?: string): void {
    this.state = state;
    this.post({ type: 'state', state, ...(message === undefined ? {} : { message }) });
  }

  dropFrames(reason: DropReason, count = 1): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + count;
  }

  /**
   * Sends a frame on every output edge and counts it once as a frame out. Resolves once every edge
   * took the frame or dropped it.
   */
  emit(frame: Frame): Promise<unknown> {
    this.framesOut += 1;
    return this.outputs.send(frame);
  }

  /**
   * Receives on every input until each has ended, handing frames to `deliver` (fan-in). Resolves
   * at once for a node without inputs.
   */
  async receiveAll(deliver: Deliver): Promise<void> {
    await Promise.all(
      this.inputs.map((link) =>
        link.run((frame) => {
          this.framesIn += 1;
          return deliver(frame);
        }),
      ),
    );
  }

  /** Sends end-of-stream on every output and reports each link's final count to the supervisor. */
  async endOutputs(): Promise<void> {
    if (this.shutdownSignal.aborted) return;
    const ends = await this.outputs.end();
    for (const end of ends) {
      this.post({ type: 'link-ended', linkId: end.linkId, epoch: this.plan.epoch, transmitted: end.transmitted });
    }
  }

  /**
   * Applies the injected stall and latency before one unit of work. Resolves false when the
   * process is shutting down during the wait.
   */
  async throttle(): Promise<boolean> {
    if (this.faults.stalled) {
      await this.faults.waitUntil(() => this.faults.stalled, undefined, this.shutdownSignal);
    }
    return this.pause(this.faults.latencyMs);
  }

  /** Waits `ms`, or less when the process shuts down; resolves false in that case. */
  async pause(ms: number, signal: AbortSignal = this.shutdownSignal): Promise<boolean> {
    if (signal.aborted) return false;
    if (ms <= 0) return true;
    try {
      await sleep(ms, undefined, { signal });
      return true;
    } catch {
      // The only rejection of an abortable sleep is the abort itself.
      return false;
    }
  }

  snapshot(): WorkerSnapshot {
    const receivers: WorkerSnapshot['receivers'] = {};
    let queued = this.heldFrames();
    for (const link of this.inputs) {
      const epochs: Record<string, (typeof receivers)[string][string]> = {};
      for (const [epoch, counts] of link.counts) {
        epochs[String(epoch)] = { ...counts, dropped: { ...counts.dropped } };
      }
      receivers[link.plan.linkId] = epochs;
      queued += link.queueDepth;
    }
    return {
      state: this.state,
      framesIn: this.framesIn,
      framesOut: this.framesOut,
      dropped: addDrops({}, this.dropped),
      errors: this.errors,
      latency: this.latency.toSparse(),
      queueDepth: queued,
      senders: this.outputs.counts(),
      receivers,
    };
  }
}
