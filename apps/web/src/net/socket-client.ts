import type { ClientMessage, ServerMessage } from '@circuit-studio/model';

/**
 * `open` when messages can be sent, `connecting` during an attempt, `waiting` between attempts, and
 * `offline` after the last attempt failed. `unauthorized` when the server turned the connection away
 * for a missing or wrong access token. Both of the last two stay until {@link StudioSocket.retryNow}.
 */
export type ConnectionState = 'connecting' | 'open' | 'waiting' | 'offline' | 'unauthorized';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Failed attempts since the last open connection. */
  failures: number;
  /** When the next attempt starts, in milliseconds since the epoch, while `waiting`. */
  retryAt?: number;
}

export interface StudioSocketOptions {
  /** Returns the address for the next attempt, so that a token entered in between is used. */
  url(): string;
  onMessage(message: ServerMessage): void;
  onStatus(status: ConnectionStatus): void;
  /** Receives a frame that is not a server message, with the reason. */
  onInvalidMessage(reason: string): void;
  /** Failed attempts in a row before giving up. The default keeps trying for about ten minutes. */
  maxFailures?: number;
  /**
   * Called after an attempt that failed before the connection opened. Resolving false means that the
   * server requires an access token it did not get. The socket then stops retrying, in state
   * `unauthorized`, until {@link StudioSocket.retryNow}. It must resolve true when it cannot tell.
   */
  checkAccess?(): Promise<boolean>;
}

/** First delay before reconnecting, in milliseconds. It doubles after each further failure. */
export const FIRST_RETRY_MS = 500;
/** Maximum delay between two attempts, in milliseconds. */
export const MAX_RETRY_MS = 10_000;
const DEFAULT_MAX_FAILURES = 70;

const SERVER_MESSAGE_TYPES: readonly string[] = ['deployed', 'rejected', 'metrics', 'status', 'report', 'error'];

/**
 * Returns the delay before reconnecting after `failures` failed attempts in a row. The delay grows
 * exponentially up to {@link MAX_RETRY_MS}. Up to 20% random jitter is taken off, so that many open
 * tabs do not reconnect in step after a server restart.
 */
export function reconnectDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.2 * random()));
}

/** Parses one text frame from the server. Returns the reason instead when it is not a server message. */
export function parseServerMessage(text: string): { ok: true; message: ServerMessage } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'expected a JSON object' };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !SERVER_MESSAGE_TYPES.includes(type)) {
    return { ok: false, reason: `unknown message type ${JSON.stringify(type)}` };
  }
  return { ok: true, message: value as ServerMessage };
}

/** One WebSocket connection to the studio server that reconnects with back-off when it drops. */
export class StudioSocket {
  readonly #options: StudioSocketOptions;
  #socket: WebSocket | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #closed = true;
  /** Counts attempts, so that an access check that finishes after a newer attempt began is dropped. */
  #attempts = 0;

  constructor(options: StudioSocketOptions) {
    this.#options = options;
  }

  /** Opens the connection, unless it is already open or opening. */
  start(): void {
    if (!this.#closed) return;
    this.#closed = false;
    this.#failures = 0;
    this.#connect();
  }

  /** Closes the connection for good, with no reconnect after it. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(1000, 'page closed');
  }

  /** Connects at once, skipping the remaining back-off. */
  retryNow(): void {
    if (this.#closed || this.#socket) return;
    clearTimeout(this.#timer);
    this.#failures = 0;
    this.#connect();
  }

  /** Sends a message. Returns false when the connection is not open, so nothing was sent. */
  send(message: ClientMessage): boolean {
    if (this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  #connect(): void {
    this.#timer = undefined;
    this.#attempts += 1;
    this.#options.onStatus({ state: 'connecting', failures: this.#failures });
    const socket = new WebSocket(this.#options.url());
    this.#socket = socket;
    let opened = false;

    socket.addEventListener('open', () => {
      opened = true;
      this.#failures = 0;
      this.#options.onStatus({ state: 'open', failures: 0 });
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') {
        this.#options.onInvalidMessage('expected a text frame, received binary data');
        return;
      }
      const parsed = parseServerMessage(event.data);
      if (parsed.ok) this.#options.onMessage(parsed.message);
      else this.#options.onInvalidMessage(parsed.reason);
    });
    // A failed connection fires `error` and then `close`; the retry is scheduled once, on `close`.
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      if (this.#closed) return;
      this.#failures = opened ? 1 : this.#failures + 1;
      this.#scheduleRetry();
      if (!opened) this.#checkAccess(this.#attempts);
    });
  }

  /** Stops retrying when the server turned the attempt away for its token, as long as no newer attempt began. */
  #checkAccess(attempt: number): void {
    const check = this.#options.checkAccess;
    if (!check) return;
    void check().then((allowed) => {
      if (allowed || this.#closed || this.#socket || attempt !== this.#attempts) return;
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#options.onStatus({ state: 'unauthorized', failures: this.#failures });
    });
  }

  #scheduleRetry(): void {
    const maxFailures = this.#options.maxFailures ?? DEFAULT_MAX_FAILURES;
    if (this.#failures >= maxFailures) {
      this.#options.onStatus({ state: 'offline', failures: this.#failures });
      return;
    }
    const delay = reconnectDelay(this.#failures);
    this.#options.onStatus({ state: 'waiting', failures: this.#failures, retryAt: Date.now() + delay });
    this.#timer = setTimeout(() => this.#connect(), delay);
  }
}
