import type { BindSide, EdgePattern } from './circuit.js';

export const SOCKET_TYPES = ['pub', 'sub', 'dealer', 'router', 'req', 'rep'] as const;
export type SocketType = (typeof SOCKET_TYPES)[number];
export type SocketMode = 'bind' | 'connect';

/** A parsed `TYPE+MODE:ENDPOINT` socket spec, as Savant writes them. */
export interface SocketSpec {
  type: SocketType;
  mode: SocketMode;
  endpoint: string;
}

export type SocketSpecResult = { ok: true; spec: SocketSpec } | { ok: false; message: string };

const SPEC_PATTERN = /^([a-z]+)\+([a-z]+):(.+)$/;

/** Parses a socket spec such as `sub+bind:ipc:///tmp/zmq-sockets/input-video.ipc`. */
export function parseSocketSpec(text: string): SocketSpecResult {
  const match = SPEC_PATTERN.exec(text);
  if (!match) {
    return { ok: false, message: `expected TYPE+MODE:ENDPOINT such as "sub+bind:ipc:///tmp/in.ipc", found "${text}"` };
  }
  const [, type = '', mode = '', endpoint = ''] = match;
  if (!(SOCKET_TYPES as readonly string[]).includes(type)) {
    return { ok: false, message: `unknown socket type "${type}"; expected one of ${SOCKET_TYPES.join(', ')}` };
  }
  if (mode !== 'bind' && mode !== 'connect') {
    return { ok: false, message: `unknown socket mode "${mode}"; expected bind or connect` };
  }
  const endpointProblem = checkEndpoint(endpoint);
  if (endpointProblem) {
    return { ok: false, message: endpointProblem };
  }
  return { ok: true, spec: { type: type as SocketType, mode, endpoint } };
}

/** Formats a socket spec back into its `TYPE+MODE:ENDPOINT` text. */
export function formatSocketSpec(spec: SocketSpec): string {
  return `${spec.type}+${spec.mode}:${spec.endpoint}`;
}

const SENDER_TYPE: Record<Exclude<EdgePattern, 'broker'>, SocketType> = {
  'pub-sub': 'pub',
  'dealer-router': 'dealer',
  'req-rep': 'req',
};
const RECEIVER_TYPE: Record<Exclude<EdgePattern, 'broker'>, SocketType> = {
  'pub-sub': 'sub',
  'dealer-router': 'router',
  'req-rep': 'rep',
};

/** Returns the socket types that the sending and the receiving side of a pattern open. */
export function socketTypesOf(pattern: Exclude<EdgePattern, 'broker'>): {
  sender: SocketType;
  receiver: SocketType;
} {
  return { sender: SENDER_TYPE[pattern], receiver: RECEIVER_TYPE[pattern] };
}

/** Returns the pattern that a sending and a receiving socket type form, or undefined for a pair that does not fit. */
export function patternOfPair(sender: SocketType, receiver: SocketType): Exclude<EdgePattern, 'broker'> | undefined {
  for (const pattern of ['pub-sub', 'dealer-router', 'req-rep'] as const) {
    if (SENDER_TYPE[pattern] === sender && RECEIVER_TYPE[pattern] === receiver) {
      return pattern;
    }
  }
  return undefined;
}

/** Returns the side that binds, given the sender's mode. */
export function bindSideOf(senderMode: SocketMode): BindSide {
  return senderMode === 'bind' ? 'source' : 'target';
}

const MAX_ENDPOINT_LENGTH = 200;
const TCP_ENDPOINT = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+|\*):(\d{1,5})$/;
const IPC_ENDPOINT = /^ipc:\/\/(\/[A-Za-z0-9._\-/]+)$/;

/** Returns a message saying what is wrong with an endpoint, or undefined when it is usable. */
export function checkEndpoint(endpoint: string): string | undefined {
  if (endpoint.length > MAX_ENDPOINT_LENGTH) {
    return `expected an endpoint of at most ${MAX_ENDPOINT_LENGTH} characters, found ${endpoint.length}`;
  }
  const tcp = TCP_ENDPOINT.exec(endpoint);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port < 1 || port > 65535) {
      return `tcp port ${port} is out of range; expected 1 to 65535`;
    }
    return undefined;
  }
  const ipc = IPC_ENDPOINT.exec(endpoint);
  if (ipc) {
    const path = ipc[1] ?? '';
    if (path.split('/').includes('..')) {
      return `ipc path "${path}" contains "..", which is not allowed`;
    }
    return undefined;
  }
  return `expected "ipc:///absolute/path.ipc" or "tcp://HOST:PORT", found "${endpoint}"`;
}
