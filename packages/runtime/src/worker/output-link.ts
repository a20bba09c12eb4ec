import type { Logger } from 'pino';
import type * as zmq from 'zeromq';
import type { SenderCounts } from '../accounting.js';
import { encodeHeader, type FrameHeader } from '../frame-header.js';
import type { LinkPlan } from '../worker-protocol.js';
import type { Faults } from './faults.js';
import type { Frame } from './frame.js';
import { attach, createSenderSocket, isAgain, isClosed, type SenderSocket } from './link-sockets.js';

/** Maximum wait for the end-of-stream message to enter the socket, in ms. */
const END_SEND_TIMEOUT_MS = 2000;

export type SendOutcome = 'sent' | 'full' | 'dropped';

/**
 * The sending end of one link: opens the socket, numbers frames and counts what was sent or
 * dropped. Over dealer-router and req-rep the receiver acknowledges every message, and at most
 * `hwm` (dealer-router) or 1 (req-rep) messages may wait for their acknowledgement. That bound
 * applies however many frames the kernel's socket buffers could take, so the high-water mark is
 * exact on these links.
 */
export class OutputLink {
  readonly counts: SenderCounts = { transmitted: 0, dropped: {} };
  private socket: SenderSocket | undefined;
  private unacknowledged = 0;
  /** Whether a REQ socket has a receive pending; only one may be. */
  private awaitingReply = false;
  private readonly maxUnanswered: number;
  private roomWaiters: Array<() => void> = [];
  private closed = false;
  private readonly abort = new AbortController();

  constructor(
    readonly plan: LinkPlan,
    private readonly epoch: number,
    private readonly faults: Faults,
    private readonly logger: Logger,
  ) {
    const limits = { 'pub-sub': Number.POSITIVE_INFINITY, 'dealer-router': plan.hwm, 'req-rep': 1 };
    this.maxUnanswered = limits[plan.pattern];
  }

  /**
   * Opens the socket and waits until the peer is there: the subscription for pub-sub, the finished
   * ZMTP handshake otherwise. Without the wait, a subscriber would miss the first frames.
   */
  async open(timeoutMs: number): Promise<void> {
    const socket = createSenderSocket(this.plan);
    // The event monitor starts when first used, so it must listen before the connection can happen.
    const peer =
      this.plan.pattern === 'pub-sub' ? this.awaitSubscription(socket as zmq.XPublisher) : this.watchHandshakes(socket);
    // A close after a failed attach or a timeout rejects the wait for the peer; that rejection is expected.
    peer.catch(() => undefined);
    await attach(socket, this.plan, 'source');
    this.socket = socket;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for the receiving node of edge ${this.plan.edgeId} on ${this.plan.endpoint}`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([peer, timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (this.plan.pattern === 'dealer-router') void this.receiveAcknowledgements(socket as zmq.Dealer);
  }

  /**
   * Sends one frame. With `wait` false the call never blocks: a full link returns `full` and
   * nothing is counted, so that the caller can try another replica first. With `wait` true a
   * real-time link still does not block (a full link drops the frame with reason `hwm`), and a
   * capacity link waits up to the edge's `timeoutMs` (reason `timeout`).
   */
  async send(frame: Frame, wait: boolean): Promise<SendOutcome> {
    if (this.closed || !this.socket) return this.drop('timeout');
    const blocking = wait && !this.plan.realtime;
    if (this.faults.isCut(this.plan.edgeId)) {
      if (!wait) return 'full';
      if (!blocking) return this.drop('error');
      const open = await this.faults.waitUntil(
        () => this.faults.isCut(this.plan.edgeId),
        this.plan.timeoutMs,
        this.abort.signal,
      );
      if (!open) return this.drop('timeout');
    }
    if (this.unacknowledged >= this.maxUnanswered) {
      if (!wait) return 'full';
      if (!blocking) return this.drop('hwm');
      if (!(await this.waitForRoom(this.plan.timeoutMs))) return this.drop('timeout');
    }
    const socket = this.socket;
    socket.sendTimeout = blocking ? (this.plan.timeoutMs ?? -1) : 0;
    try {
      await socket.send([this.header('frame', frame), frame.payload]);
    } catch (error) {
      if (isAgain(error)) {
        if (!wait) return 'full';
        return this.drop(blocking ? 'timeout' : 'hwm');
      }
      if (isClosed(error) || this.closed) return this.drop('timeout');
      this.logger.warn({ err: error, edgeId: this.plan.edgeId }, 'send failed');
      return this.drop('error');
    }
    this.counts.transmitted += 1;
    this.sent(socket);
    return 'sent';
  }

  /** Counts a frame that never entered the socket. */
  drop(reason: 'hwm' | 'timeout' | 'error'): 'dropped' {
    this.counts.dropped[reason] = (this.counts.dropped[reason] ?? 0) + 1;
    return 'dropped';
  }

  /**
   * Sends end-of-stream, which carries the count of frames sent so the receiver can find lost ones
   * at the tail. Returns false when it could not be sent in time; the supervisor then passes the
   * count on instead.
   */
  async end(): Promise<boolean> {
    if (this.closed || !this.socket) return false;
    if (this.unacknowledged >= this.maxUnanswered && !(await this.waitForRoom(END_SEND_TIMEOUT_MS))) return false;
    const socket = this.socket;
    socket.sendTimeout = END_SEND_TIMEOUT_MS;
    try {
      await socket.send([this.header('end'), Buffer.alloc(0)]);
    } catch (error) {
      if (!isAgain(error) && !isClosed(error)) {
        this.logger.warn({ err: error, edgeId: this.plan.edgeId }, 'sending end-of-stream failed');
      }
      return false;
    }
    this.sent(socket);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    this.socket?.close();
    this.wakeRoomWaiters();
  }

  private header(kind: FrameHeader['kind'], frame?: Frame): Buffer {
    return encodeHeader({
      kind,
      senderReplica: this.plan.senderReplica,
      epoch: this.epoch,
      sourceId: frame?.sourceId ?? '',
      frameNumber: frame?.frameNumber ?? 0,
      captureTime: frame?.captureTime ?? 0,
      seq: this.counts.transmitted,
      payloadSize: frame?.payload.length ?? 0,
    });
  }

  /** Counts a message that now waits for its acknowledgement; a REQ socket starts receiving the reply. */
  private sent(socket: SenderSocket): void {
    if (this.maxUnanswered === Number.POSITIVE_INFINITY) return;
    this.unacknowledged += 1;
    if (this.plan.pattern !== 'req-rep' || this.awaitingReply) return;
    const request = socket as zmq.Request;
    request.receiveTimeout = -1;
    this.awaitingReply = true;
    request.receive().then(
      () => {
        this.awaitingReply = false;
        this.acknowledged();
      },
      (error: unknown) => {
        this.awaitingReply = false;
        this.acknowledgementFailed(error);
      },
    );
  }

  private acknowledged(): void {
    this.unacknowledged = Math.max(0, this.unacknowledged - 1);
    this.wakeRoomWaiters();
  }

  private acknowledgementFailed(error: unknown): void {
    if (!isClosed(error) && !this.closed) {
      this.logger.warn({ err: error, edgeId: this.plan.edgeId }, 'receiving an acknowledgement failed');
    }
  }

  /** Receives the ROUTER's acknowledgements, one per message it took, for as long as the socket is open. */
  private async receiveAcknowledgements(socket: zmq.Dealer): Promise<void> {
    socket.receiveTimeout = -1;
    while (!this.closed) {
      try {
        await socket.receive();
      } catch (error) {
        this.acknowledgementFailed(error);
        return;
      }
      this.acknowledged();
    }
  }

  /** Resolves true once a message may be sent, or false when `timeoutMs` passes or the link closes. */
  private async waitForRoom(timeoutMs: number | undefined): Promise<boolean> {
    const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
    while (this.unacknowledged >= this.maxUnanswered && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(left) ? setTimeout(resolve, left) : undefined;
        this.roomWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return !this.closed;
  }

  private wakeRoomWaiters(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }

  private async awaitSubscription(socket: zmq.XPublisher): Promise<void> {
    for (;;) {
      const [message] = await socket.receive();
      if (message && message[0] === 1) return;
    }
  }

  /**
   * Resolves at the first handshake with the peer. A later handshake means that the peer
   * reconnected, for example after a restart. The messages it had not acknowledged were lost with
   * the old connection, so they no longer hold back the sender.
   */
  private watchHandshakes(socket: zmq.Socket): Promise<void> {
    let connected = false;
    return new Promise((resolve) => {
      socket.events.on('handshake', () => {
        if (connected) {
          this.unacknowledged = 0;
          this.wakeRoomWaiters();
        }
        connected = true;
        resolve();
      });
    });
  }
}
