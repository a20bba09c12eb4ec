import type * as zmq from 'zeromq';
import type { ReceiverCounts } from '../accounting.js';
import { type FrameHeader, FrameHeaderReader, headerSize, wallClockMs } from '../frame-header.js';
import type { LinkPlan } from '../worker-protocol.js';
import type { Frame } from './frame.js';
import { CreditLedger, creditBatch, encodeCreditGrant } from './link-credit.js';
import { isAgain, isClosed, openReceiverSocket, RECEIVE_POLL_MS, type ReceiverSocket } from './link-sockets.js';
import type { NodeLogger } from './log.js';

/**
 * How long a receiver keeps waiting for frames after the sender reported its end, when the
 * end-of-stream message itself did not arrive. Frames still missing after that were lost.
 */
export const END_GRACE_MS = 1000;

/** The reply of a REP socket, which grants the REQ sender its one credit back. */
const REPLY_GRANT = encodeCreditGrant(1);

/**
 * Callback that hands one frame to the node. A node that took the frame at once may return nothing,
 * which spares the receive loop a wait.
 */
export type Deliver = (frame: Frame) => Promise<unknown> | undefined;

/**
 * The receiving end of one link. Counts every sequence number per sender epoch: frames handed to
 * the node, gaps, and frames dropped at the receiving end. A capacity link takes the next message
 * only when the node took the previous one, so a slow node pushes back on the sender. Over
 * dealer-router and req-rep the receiver grants the sender's credits back (see `link-credit.ts`),
 * which bounds the frames in flight. A real-time link reads the socket eagerly into a queue of at
 * most `hwm` frames and drops the oldest when the node falls behind, so the node always works on
 * fresh frames.
 */
export class InputLink {
  readonly counts = new Map<number, ReceiverCounts>();
  private socket: ReceiverSocket | undefined;
  private readonly queue: QueuedFrame[] = [];
  private wakeConsumer: (() => void) | undefined;
  private closed = false;
  private ended = false;
  private upstreamEnd: { epoch: number; transmitted: number; at: number } | undefined;
  private lastMessageAt = Date.now();
  private credits: CreditLedger | undefined;
  private readonly headers = new FrameHeaderReader();
  /** Sender epochs whose first frame or end this restarted process has not taken yet. */
  private readonly resuming = new Set<number>();

  /**
   * `resumeFrom` is set in a restarted process: per sender epoch, one past the highest sequence
   * number its predecessors reported. Counts of those epochs start there, and the first gap of every
   * epoch is also recorded as `resumeGap`, since the predecessor may have taken those frames.
   */
  constructor(
    readonly plan: LinkPlan,
    private readonly logger: NodeLogger,
    private readonly resumeFrom?: Record<string, number>,
  ) {}

  async open(): Promise<void> {
    this.socket = await openReceiverSocket(this.plan);
  }

  get queueDepth(): number {
    return this.queue.length;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Records that the sender finished after `transmitted` frames, as the supervisor reports it. */
  upstreamEnded(epoch: number, transmitted: number): void {
    this.upstreamEnd = { epoch, transmitted, at: Date.now() };
  }

  /** Receives until end-of-stream or close, handing each frame to `deliver`. */
  async run(deliver: Deliver): Promise<void> {
    if (!this.plan.realtime) {
      await this.receiveLoop(deliver);
      return;
    }
    const consumer = this.consumeQueue(deliver);
    await this.receiveLoop((frame) => {
      this.enqueue(frame as QueuedFrame);
      return undefined;
    });
    await consumer;
  }

  /** Closes the socket. Frames still queued are counted as dropped with `reason`. */
  close(reason: 'timeout' | 'error' = 'timeout'): void {
    if (this.closed) return;
    this.closed = true;
    this.socket?.close();
    for (const frame of this.queue.splice(0)) {
      const counts = this.countsOf(frame.epoch);
      counts.dropped[reason] = (counts.dropped[reason] ?? 0) + 1;
    }
    this.wakeConsumer?.();
  }

  private async receiveLoop(deliver: Deliver): Promise<void> {
    const socket = this.socket;
    if (!socket) throw new Error(`input link ${this.plan.linkId} was not opened`);
    // A ROUTER puts the sending peer's routing id in front of the header and the payload.
    const first = this.plan.pattern === 'dealer-router' ? 1 : 0;
    while (!this.closed && !this.ended) {
      let parts: Buffer[];
      try {
        parts = await socket.receive();
      } catch (error) {
        if (isAgain(error)) {
          this.checkUpstreamEnd();
          continue;
        }
        if (isClosed(error) || this.closed) return;
        throw error;
      }
      this.lastMessageAt = Date.now();
      const frame = this.accept(parts[first], parts[first + 1]);
      if (frame) {
        if (!this.plan.realtime) this.countsOf(frame.epoch).received += 1;
        // A capacity link grants credit only once the node took the frame, which is what pushes back.
        const taking = deliver(frame);
        if (taking) await taking;
      }
      this.grantCredit(socket, first === 1 ? parts[0] : undefined);
    }
  }

  /**
   * Decodes a message and updates the accounting, and returns the frame to deliver, if it is one.
   * Without a payload part, the payload follows the header in the same part.
   */
  private accept(headerPart: Buffer | undefined, payloadPart: Buffer | undefined): QueuedFrame | undefined {
    const header = headerPart ? this.headers.read(headerPart) : 'message has no header part';
    if (typeof header === 'string') {
      this.logger.warn({ edgeId: this.plan.edgeId, problem: header }, 'discarded a message that is not a frame');
      return undefined;
    }
    if (header.kind === 'end') {
      this.finishEpoch(header.epoch, header.seq);
      return undefined;
    }
    const payload = payloadPart ?? (headerPart as Buffer).subarray(headerSize(headerPart as Buffer));
    if (payload.length !== header.payloadSize) {
      this.logger.warn(
        { edgeId: this.plan.edgeId, seq: header.seq, bytes: payload.length, expected: header.payloadSize },
        'discarded a frame whose payload size differs from its header',
      );
      return undefined;
    }
    if (!this.admit(header)) return undefined;
    return {
      sourceId: header.sourceId,
      frameNumber: header.frameNumber,
      captureTime: header.captureTime,
      payload,
      arrivedAt: wallClockMs(),
      epoch: header.epoch,
    };
  }

  /** Updates the sequence accounting; returns false for a duplicate that must not be delivered. */
  private admit(header: FrameHeader): boolean {
    const counts = this.countsOf(header.epoch);
    if (header.seq >= counts.seen) {
      this.resolveResume(header.epoch, counts, header.seq - counts.seen);
      counts.gaps += header.seq - counts.seen;
      counts.seen = header.seq + 1;
      return true;
    }
    if (counts.gaps > 0) {
      // A frame counted as missing arrived after a later one; it is received after all.
      counts.gaps -= 1;
      return true;
    }
    this.logger.warn({ edgeId: this.plan.edgeId, seq: header.seq }, 'discarded a duplicate frame');
    return false;
  }

  private finishEpoch(epoch: number, transmitted: number): void {
    const counts = this.countsOf(epoch);
    this.resolveResume(epoch, counts, Math.max(0, transmitted - counts.seen));
    if (transmitted > counts.seen) {
      counts.gaps += transmitted - counts.seen;
      counts.seen = transmitted;
    }
    this.ended = true;
    this.wakeConsumer?.();
  }

  private checkUpstreamEnd(): void {
    const end = this.upstreamEnd;
    if (!end) return;
    const counts = this.countsOf(end.epoch);
    const idleMs = Date.now() - Math.max(this.lastMessageAt, end.at);
    if (counts.seen >= end.transmitted || idleMs >= END_GRACE_MS - RECEIVE_POLL_MS) {
      this.finishEpoch(end.epoch, end.transmitted);
    }
  }

  private enqueue(frame: QueuedFrame): void {
    this.queue.push(frame);
    while (this.queue.length > this.plan.hwm) {
      const oldest = this.queue.shift() as QueuedFrame;
      const counts = this.countsOf(oldest.epoch);
      counts.dropped.hwm = (counts.dropped.hwm ?? 0) + 1;
    }
    this.wakeConsumer?.();
  }

  private async consumeQueue(deliver: Deliver): Promise<void> {
    while (!this.closed) {
      const frame = this.queue.shift();
      if (frame) {
        this.countsOf(frame.epoch).received += 1;
        await deliver(frame);
        continue;
      }
      if (this.closed || this.ended) return;
      await new Promise<void>((resolve) => {
        this.wakeConsumer = resolve;
      });
      this.wakeConsumer = undefined;
    }
  }

  /**
   * Counts the credit of one message taken. REP must reply before it can receive again, so every
   * request gets a grant of 1. A ROUTER grants its peer a batch of credits at a time. Both sends
   * complete at once (`sendTimeout` 0), so the next receive does not wait for them.
   */
  private grantCredit(socket: ReceiverSocket, peer: Buffer | undefined): void {
    if (this.closed) return;
    if (this.plan.pattern === 'req-rep') {
      (socket as zmq.Reply).send(REPLY_GRANT).catch((error: unknown) => this.grantFailed(error));
      return;
    }
    if (!peer) return;
    this.credits ??= new CreditLedger(creditBatch(this.plan.hwm));
    const credits = this.credits.taken(peer);
    if (credits === 0) return;
    (socket as zmq.Router).send([peer, encodeCreditGrant(credits)]).catch((error: unknown) => this.grantFailed(error));
  }

  private grantFailed(error: unknown): void {
    if (isClosed(error) || this.closed) return;
    this.logger.warn({ err: error, edgeId: this.plan.edgeId }, 'sending a credit grant failed');
  }

  private resolveResume(epoch: number, counts: ReceiverCounts, skipped: number): void {
    if (!this.resuming.delete(epoch)) return;
    counts.resumeGap = skipped;
  }

  private countsOf(epoch: number): ReceiverCounts {
    let counts = this.counts.get(epoch);
    if (!counts) {
      const base = this.resumeFrom?.[String(epoch)];
      counts = { seen: base ?? 0, received: 0, gaps: 0, dropped: {}, ...(base === undefined ? {} : { base }) };
      this.counts.set(epoch, counts);
      if (this.resumeFrom) this.resuming.add(epoch);
    }
    return counts;
  }
}

interface QueuedFrame extends Frame {
  epoch: number;
}
