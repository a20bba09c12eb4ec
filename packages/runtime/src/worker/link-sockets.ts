import * as zmq from 'zeromq';
import type { LinkPlan } from '../worker-protocol.js';

export type SenderSocket = zmq.XPublisher | zmq.Dealer | zmq.Request;
export type ReceiverSocket = zmq.Subscriber | zmq.Router | zmq.Reply;

/** Poll period of receive loops, so that a loop notices a close or an end of its upstream. */
export const RECEIVE_POLL_MS = 200;

/**
 * Largest message part that zeromq.js copies when `send` is called (6.8, `zero_copy_threshold` in
 * `src/outgoing_msg.cc`). A larger part is sent without a copy, so its buffer must not change until
 * ZeroMQ releases it.
 */
export const COPIED_PART_MAX_BYTES = 128;

/**
 * Opens the sending socket of a link. Pub-sub uses an XPUB socket so that the sender can see the
 * subscription arrive before it reports ready, and sets ZMQ_XPUB_NODROP so that a full subscriber
 * makes the send fail (or wait) instead of losing the frame without a trace.
 *
 * Sends do not wait (`sendTimeout` 0), which lets zeromq.js send at once without first polling the
 * socket's events. A sender that has to wait sets a timeout for that one send. Receives of credit
 * grants wait without a timeout.
 */
export function createSenderSocket(link: LinkPlan): SenderSocket {
  const common = {
    sendHighWaterMark: link.hwm,
    // Unlimited, because grants are few (one per batch of frames) and a lost grant would shrink the window for good.
    receiveHighWaterMark: 0,
    linger: 0,
    sendTimeout: 0,
    receiveTimeout: -1,
  };
  let socket: SenderSocket;
  switch (link.pattern) {
    case 'pub-sub':
      socket = new zmq.XPublisher({ ...common, noDrop: true });
      break;
    case 'dealer-router':
      socket = new zmq.Dealer(common);
      break;
    case 'req-rep':
      socket = new zmq.Request({ ...common, relaxed: true, correlate: true });
      break;
    default: {
      const unreachable: never = link.pattern;
      throw new Error(`unknown link pattern ${String(unreachable)}`);
    }
  }
  return socket;
}

/**
 * Opens the receiving socket of a link. Credit grants and replies are sent without waiting: a REP
 * reply always has room, and a ROUTER drops a message it cannot route instead of blocking.
 */
export async function openReceiverSocket(link: LinkPlan): Promise<ReceiverSocket> {
  const common = {
    // Unlimited, because a ROUTER drops a message for a peer whose queue is full, and a lost grant would shrink
    // the sender's window for good.
    sendHighWaterMark: 0,
    receiveHighWaterMark: link.hwm,
    linger: 0,
    sendTimeout: 0,
    receiveTimeout: RECEIVE_POLL_MS,
  };
  let socket: ReceiverSocket;
  switch (link.pattern) {
    case 'pub-sub': {
      const { sendHighWaterMark: _notWritable, sendTimeout: _neverSends, ...receiveOnly } = common;
      const subscriber = new zmq.Subscriber(receiveOnly);
      subscriber.subscribe();
      subscribeOnHandshake(subscriber);
      socket = subscriber;
      break;
    }
    case 'dealer-router':
      socket = new zmq.Router(common);
      break;
    case 'req-rep':
      socket = new zmq.Reply(common);
      break;
    default: {
      const unreachable: never = link.pattern;
      throw new Error(`unknown link pattern ${String(unreachable)}`);
    }
  }
  await attach(socket, link, 'target');
  return socket;
}

/**
 * Makes a SUB socket send its subscription as soon as a publisher's handshake completes, before the
 * node's first receive. On a bound socket, libzmq 4.3.5 attaches an accepted connection, and a SUB
 * sends its subscription, only while processing commands inside a call on that socket. zeromq.js
 * makes such calls only during a pending send or receive, so reading `readable` (ZMQ_EVENTS) here
 * does it. libzmq queues the attach command before it reports the handshake, so the command is
 * there when the event arrives.
 *
 * NOTE: During a pending receive, this read may take the wake-up meant for that receive, which then
 * returns after `RECEIVE_POLL_MS` at the latest.
 */
function subscribeOnHandshake(subscriber: zmq.Subscriber): void {
  // The event monitor starts when first used, so it must listen before the bind or connect.
  subscriber.events.on('handshake', () => {
    if (!subscriber.closed) void subscriber.readable;
  });
}

/** Binds or connects a socket, whichever the link gives its side; closes the socket when that fails. */
export async function attach(socket: zmq.Socket, link: LinkPlan, side: 'source' | 'target'): Promise<void> {
  try {
    if (link.bind === side) {
      await socket.bind(link.endpoint);
    } else {
      socket.connect(link.endpoint);
    }
  } catch (error) {
    socket.close();
    const verb = link.bind === side ? 'bind' : 'connect';
    throw new Error(`failed to ${verb} ${link.endpoint} for edge ${link.edgeId}: ${errorText(error)}`, {
      cause: error,
    });
  }
}

/** Returns true for the error a send or receive raises when its timeout passed or the socket is full. */
export function isAgain(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'EAGAIN';
}

/** Returns true for the errors raised by an operation on a socket that was closed meanwhile. */
export function isClosed(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'EBADF' || code === 'ETERM' || code === 'ENOTSOCK';
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
