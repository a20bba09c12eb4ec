import { setTimeout as sleep } from 'node:timers/promises';
import type * as zmq from 'zeromq';
import type { SenderCounts } from '../accounting.js';
import { FrameHeaderWriter, type FrameKind } from '../frame-header.js';
import type { LinkPlan } from '../worker-protocol.js';
import type { Faults } from './faults.js';
import type { Frame } from './frame.js';
import { decodeCreditGrant } from './link-credit.js';
import {
  attach,
  COPIED_PART_MAX_BYTES,
  createSenderSocket,
  isAgain,
  isClosed,
  type SenderSocket,
} from './link-sockets.js';
import type { NodeLogger } from './log.js';

/** Maximum wait for the end-of-stream message to enter the socket, in ms. */
const END_SEND_TIMEOUT_MS = 2000;
/** Maximum pause between two tries of a send on a full XPUB socket, in ms. */
const MAX_RETRY_PAUSE_MS = 10;

const EMPTY_PAYLOAD = Buffer.alloc(0);

export type SendOutcome = 'sent' | 'full' | 'dropped';

/**
 * The sending end of one link: opens the socket, numbers frames and counts what was sent or
 * dropped. Over dealer-router and req-rep every message spends a credit, and the receiver grants
 * credits back once its node took the messages (see `link-credit.ts`). The sender starts with
 * `hwm` credits (dealer-router) or 1 (req-rep), so the high-water mark is exact on these links.
 */
export class OutputLink {
  readonly counts: SenderCounts = { transmitted: 0, dropped: {} };
  private socket: SenderSocket | undefined;
  private readonly maxCredit: number;
  /** Messages the link may send before the receiver grants more. */
  private credit: number;
  /** The pending receive of a grant. A socket allows one receive at a time, so waiters share it. */
  private grantReceive: Promise<void> | undefined;
  private creditWaiters: Array<() => void> = [];
  private readonly headers: FrameHeaderWriter;
  /** The reused buffer of messages sent as one part, which the socket copies. */
  private readonly onePart = Buffer.allocUnsafe(COPIED_PART_MAX_BYTES);
  private closed = false;
  /** Reason for frames that a close cuts off: `timeout` when the run stops, `error` when the process halts. */
  private closeReason: 'timeout' | 'error' = 'timeout';
  private readonly abort = new AbortController();

  constructor(
    readonly plan: LinkPlan,
    epoch: number,
    private readonly faults: Faults,
    private readonly logger: NodeLogger,
  ) {
    const limits = { 'pub-sub': Number.POSITIVE_INFINITY, 'dealer-router': plan.hwm, 'req-rep': 1 };
    this.maxCredit = limits[plan.pattern];
    this.credit = this.maxCredit;
    this.headers = new FrameHeaderWriter(plan.senderReplica, epoch);
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
  }

  /**
   * Sends one frame. With `wait` false the call never blocks: a full link returns `full` and
   * nothing is counted, so that the caller can try another replica first. With `wait` true a
   * real-time link still does not block (a full link drops the frame with reason `hwm`), and a
   * capacity link waits up to the edge's `timeoutMs` for credit and again for room in the socket
   * (reason `timeout`).
   */
  async send(frame: Frame, wait: boolean): Promise<SendOutcome> {
    const socket = this.socket;
    if (this.closed || !socket) return this.drop(this.closeReason);
    const blocking = wait && !this.plan.realtime;
    if (this.faults.isCut(this.plan.edgeId)) {
      if (!wait) return 'full';
      if (!blocking) return this.drop('error');
      const open = await this.faults.waitUntil(
        () => this.faults.isCut(this.plan.edgeId),
        this.plan.timeoutMs,
        this.abort.signal,
      );
      if (!open) return this.drop(this.closed ? this.closeReason : 'timeout');
    }
    if (this.credit <= 0 && !(await this.collectGrants())) {
      if (!wait) return 'full';
      if (!blocking) return this.drop('hwm');
      if (!(await this.waitForCredit(this.plan.timeoutMs))) {
        return this.drop(this.closed ? this.closeReason : 'timeout');
      }
    }
    const parts = this.messageParts('frame', frame);
    try {
      await socket.send(parts);
    } catch (error) {
      const failure = blocking ? await this.sendWaiting(socket, parts, error, this.plan.timeoutMs ?? -1) : error;
      if (failure !== undefined) return this.sendFailed(failure, wait, blocking);
    }
    this.counts.transmitted += 1;
    this.spendCredit(socket);
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
    const socket = this.socket;
    if (this.closed || !socket) return false;
    if (this.credit <= 0 && !(await this.collectGrants()) && !(await this.waitForCredit(END_SEND_TIMEOUT_MS))) {
      return false;
    }
    const parts = this.messageParts('end', undefined);
    let failure: unknown;
    try {
      await socket.send(parts);
    } catch (error) {
      failure = await this.sendWaiting(socket, parts, error, END_SEND_TIMEOUT_MS);
    }
    if (failure !== undefined) {
      if (!isAgain(failure) && !isClosed(failure)) {
        this.logger.warn({ err: failure, edgeId: this.plan.edgeId }, 'sending end-of-stream failed');
      }
      return false;
    }
    this.spendCredit(socket);
    return true;
  }

  /** Closes the socket; frames still waiting to be sent are counted as dropped with `reason`. */
  close(reason: 'timeout' | 'error' = 'timeout'): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.abort.abort();
    this.socket?.close();
    this.wakeCreditWaiters();
  }

  /**
   * Returns the parts of a message: the header, encoded into the reused header buffer, and the
   * payload. When both fit in one part that the socket copies, they go as one part, which saves the
   * sender and the receiver the handling of a second one.
   */
  private messageParts(kind: FrameKind, frame: Frame | undefined): Buffer[] {
    const payload = frame?.payload ?? EMPTY_PAYLOAD;
    const header = this.headers.write(
      kind,
      frame?.sourceId ?? '',
      frame?.frameNumber ?? 0,
      frame?.captureTime ?? 0,
      this.counts.transmitted,
      payload.length,
    );
    const size = header.length + payload.length;
    if (size <= COPIED_PART_MAX_BYTES) {
      header.copy(this.onePart, 0);
      payload.copy(this.onePart, header.length);
      return [this.onePart.subarray(0, size)];
    }
    // A header that the socket does not copy must not be overwritten by the next message.
    return [header.length <= COPIED_PART_MAX_BYTES ? header : Buffer.from(header), payload];
  }

  /**
   * Sends `parts` again after a first attempt failed with `error`, this time waiting up to `waitMs`
   * (-1: without limit) for room in the socket. Returns the error of the last try, or undefined once sent.
   */
  private async sendWaiting(socket: SenderSocket, parts: Buffer[], error: unknown, waitMs: number): Promise<unknown> {
    if (!isAgain(error) || this.closed) return error;
    if (this.plan.pattern === 'pub-sub') return this.retrySend(socket, parts, error, waitMs);
    socket.sendTimeout = waitMs;
    try {
      await socket.send(parts);
      return undefined;
    } catch (retryError) {
      return retryError;
    } finally {
      if (!this.closed) socket.sendTimeout = 0;
    }
  }

  /**
   * Tries the send again after growing pauses until it succeeds, `waitMs` passes or the link closes.
   * An XPUB socket always reports room (libzmq 4.3, `dist_t::has_out`), also when ZMQ_XPUB_NODROP
   * rejects the message, so zeromq.js cannot wait for room as it does on other sockets.
   */
  private async retrySend(socket: SenderSocket, parts: Buffer[], error: unknown, waitMs: number): Promise<unknown> {
    const deadline = waitMs < 0 ? Number.POSITIVE_INFINITY : Date.now() + waitMs;
    let failure = error;
    let pauseMs = 1;
    while (isAgain(failure) && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return failure;
      try {
        await sleep(Math.min(pauseMs, left), undefined, { signal: this.abort.signal });
      } catch {
        // An abortable sleep rejects only when aborted, and the loop condition checks for that.
      }
      pauseMs = Math.min(2 * pauseMs, MAX_RETRY_PAUSE_MS);
      try {
        await socket.send(parts);
        return undefined;
      } catch (retryError) {
        failure = retryError;
      }
    }
    return failure;
  }

  private sendFailed(error: unknown, wait: boolean, blocking: boolean): SendOutcome {
    if (this.closed) return this.drop(this.closeReason);
    if (isAgain(error)) {
      if (!wait) return 'full';
      return this.drop(blocking ? 'timeout' : 'hwm');
    }
    if (isClosed(error)) return this.drop(this.closeReason);
    this.logger.warn({ err: error, edgeId: this.plan.edgeId }, 'send failed');
    return this.drop('error');
  }

  /** Spends the credit of a message that entered the socket. A REQ socket then starts receiving the reply. */
  private spendCredit(socket: SenderSocket): void {
    if (this.maxCredit === Number.POSITIVE_INFINITY) return;
    this.credit -= 1;
    if (this.plan.pattern === 'req-rep') void this.receiveGrant(socket);
  }

  /** Adds the grants that already arrived without waiting for more, and resolves true when the link has credit. */
  private async collectGrants(): Promise<boolean> {
    const socket = this.socket;
    while (this.credit <= 0 && socket && !this.closed && !this.grantReceive && socket.readable) {
      await this.receiveGrant(socket);
    }
    return this.credit > 0;
  }

  /** Resolves true once the link has credit, or false when `timeoutMs` passes or the link closes. */
  private async waitForCredit(timeoutMs: number | undefined): Promise<boolean> {
    const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
    while (this.credit <= 0 && this.socket && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      // The receive wakes the waiters when a grant arrives; a reconnection or a close wakes them too.
      void this.receiveGrant(this.socket);
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(left) ? setTimeout(resolve, left) : undefined;
        this.creditWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.credit > 0 && !this.closed;
  }

  /** Receives one grant, or joins the receive already pending. The promise never rejects. */
  private receiveGrant(socket: SenderSocket): Promise<void> {
    this.grantReceive ??= socket.receive().then(
      (parts) => {
        this.grantReceive = undefined;
        this.addCredit(parts[0]);
      },
      (error: unknown) => {
        this.grantReceive = undefined;
        if (isClosed(error) || this.closed) return;
        if (isAgain(error)) {
          // A REQ socket discards replies that do not belong to its last request, as after its REP
          // peer restarted, and zeromq.js 6.8 then fails the pending receive with EAGAIN, because
          // `Socket::Receive` reads only once after the poll. A waiting send starts the next receive.
          this.wakeCreditWaiters();
          return;
        }
        this.logger.warn({ err: error, edgeId: this.plan.edgeId }, 'receiving a credit grant failed');
      },
    );
    return this.grantReceive;
  }

  private addCredit(part: Buffer | undefined): void {
    const credits = decodeCreditGrant(part);
    if (typeof credits === 'string') {
      this.logger.warn(
        { edgeId: this.plan.edgeId, problem: credits },
        'discarded a message that is not a credit grant',
      );
      return;
    }
    // Grants of a receiver that restarted meanwhile may still arrive after the reset to full credit.
    this.credit = Math.min(this.maxCredit, this.credit + credits);
    this.wakeCreditWaiters();
  }

  private wakeCreditWaiters(): void {
    const waiters = this.creditWaiters;
    this.creditWaiters = [];
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
   * reconnected, for example after a restart. The messages it had not granted back were lost with
   * the old connection, so they no longer hold back the sender.
   */
  private watchHandshakes(socket: zmq.Socket): Promise<void> {
    let connected = false;
    return new Promise((resolve) => {
      socket.events.on('handshake', () => {
        if (connected) {
          this.credit = this.maxCredit;
          this.wakeCreditWaiters();
        }
        connected = true;
        resolve();
      });
    });
  }
}
