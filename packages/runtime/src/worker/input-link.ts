import type { Logger } from 'pino';
import type * as zmq from 'zeromq';
import type { ReceiverCounts } from '../accounting.js';
import { decodeHeader, type FrameHeader, wallClockMs } from '../frame-header.js';
import type { LinkPlan } from '../worker-protocol.js';
import type { Frame } from './frame.js';
import { isAgain, isClosed, openReceiverSocket, RECEIVE_POLL_MS, type ReceiverSocket } from './link-sockets.js';

/**
 * How long a receiver keeps waiting for frames after the sender reported its end, when the
 * end-of-stream message itself did not arrive. Frames still missing after that were lost.
 */
export const END_GRACE_MS = 1000;

const ACK = Buffer.from([1]);

export type Deliver = (frame: Frame) => Promise<void>;

/**
 * The receiving end of one link. Counts every sequence number per sender epoch: frames handed to
 * the node, gaps, and frames dropped at the receiving end. A capacity link takes the next message
 * only when the node took the previous one, so a slow node pushes back on the sender. Over
 * dealer-router and req-rep every message is acknowledged, which bounds the frames in flight. A real-time
 * link reads the socket eagerly into a queue of at most `hwm` frames and drops the oldest when the
 * node falls behind, so the node always works on fresh frames.
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

  constructor(
    readonly plan: LinkPlan,
    private readonly logger: Logger,
    restored?: Record<string, ReceiverCounts>,
  ) {
    for (const [epoch, counts] of Object.entries(restored ?? {})) {
      this.counts.set(Number(epoch), { ...counts, dropped: { ...counts.dropped } });
    }
  }

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
    await this.receiveLoop(async (frame) => this.enqueue(frame as QueuedFrame));
    await consumer;
  }

  /** Closes the socket. Frames still queued are counted as dropped with reason `timeout`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket?.close();
    for (const frame of this.queue.splice(0)) {
      const counts = this.countsOf(frame.epoch);
      counts.dropped.timeout = (counts.dropped.timeout ?? 0) + 1;
    }
    this.wakeConsumer?.();
  }

  private async receiveLoop(deliver: Deliver): Promise<void> {
    const socket = this.socket;
    if (!socket) throw new Error(`input link ${this.plan.linkId} was not opened`);
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
      const peer = this.plan.pattern === 'dealer-router' ? parts[0] : undefined;
      const [headerPart, payload] = peer ? parts.slice(1) : parts;
      const frame = this.accept(headerPart, payload);
      if (frame) {
        if (!this.plan.realtime) this.countsOf(frame.epoch).received += 1;
        // A capacity link acknowledges only once the node took the frame, which is what pushes back.
        await deliver(frame);
      }
      await this.acknowledge(socket, peer);
    }
  }

  /** Decodes a message and updates the accounting; returns the frame to deliver, if it is one. */
  private accept(headerPart: Buffer | undefined, payload: Buffer | undefined): QueuedFrame | undefined {
    const header = headerPart ? decodeHeader(headerPart) : 'message has no header part';
    if (typeof header === 'string') {
      this.logger.warn({ edgeId: this.plan.edgeId, problem: header }, 'discarded a message that is not a frame');
      return undefined;
    }
    if (header.kind === 'end') {
      this.finishEpoch(header.epoch, header.seq);
      return undefined;
    }
    if (!this.admit(header)) return undefined;
    return {
      sourceId: header.sourceId,
      frameNumber: header.frameNumber,
      captureTime: header.captureTime,
      payload: payload ?? Buffer.alloc(0),
      arrivedAt: wallClockMs(),
      epoch: header.epoch,
    };
  }

  /** Updates the sequence accounting; returns false for a duplicate that must not be delivered. */
  private admit(header: FrameHeader): boolean {
    const counts = this.countsOf(header.epoch);
    if (header.seq >= counts.seen) {
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
   * Acknowledges a message. REP must reply before it can receive again, and a ROUTER returns one
   * credit to the DEALER, which keeps at most `hwm` frames unacknowledged.
   */
  private async acknowledge(socket: ReceiverSocket, peer: Buffer | undefined): Promise<void> {
    if (this.closed) return;
    try {
      if (this.plan.pattern === 'req-rep') {
        await (socket as zmq.Reply).send(ACK);
      } else if (peer) {
        await (socket as zmq.Router).send([peer, ACK]);
      }
    } catch (error) {
      if (!isClosed(error) && !this.closed) throw error;
    }
  }

  private countsOf(epoch: number): ReceiverCounts {
    let counts = this.counts.get(epoch);
    if (!counts) {
      counts = { seen: 0, received: 0, gaps: 0, dropped: {} };
      this.counts.set(epoch, counts);
    }
    return counts;
  }
}

interface QueuedFrame extends Frame {
  epoch: number;
}
