import { formatSocketSpec, type ResolvedLink, socketTypesOf } from '@circuit-studio/model';

/** Endpoint shown in the examples when the link has none and the runtime would allocate one. */
const EXAMPLE_ENDPOINT = 'ipc:///tmp/in.ipc';

/** Example text for the two socket-spec fields of an edge. */
export interface SocketPlaceholders {
  sourceSocket: string;
  targetSocket: string;
}

/**
 * Returns the socket specs that write the edge's resolved link out, as examples for empty fields:
 * `dealer+connect:…` and `router+bind:…` for the default dealer-router link. Broker links have no
 * ZeroMQ sockets, so their placeholders state that instead.
 */
export function socketPlaceholders(link: ResolvedLink): SocketPlaceholders {
  if (link.pattern === 'broker') {
    const unused = "not used: the broker's own client carries this link";
    return { sourceSocket: unused, targetSocket: unused };
  }
  const types = socketTypesOf(link.pattern);
  const endpoint = link.endpoint ?? EXAMPLE_ENDPOINT;
  return {
    sourceSocket: formatSocketSpec({
      type: types.sender,
      mode: link.bind === 'source' ? 'bind' : 'connect',
      endpoint,
    }),
    targetSocket: formatSocketSpec({
      type: types.receiver,
      mode: link.bind === 'target' ? 'bind' : 'connect',
      endpoint,
    }),
  };
}
