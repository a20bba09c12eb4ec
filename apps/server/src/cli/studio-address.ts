import { isIP } from 'node:net';

import type { FastifyInstance } from 'fastify';

/** Listen addresses that accept connections on every interface of the machine. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * Returns the addresses at which a browser opens the studio, with its access token as
 * `/?token=TOKEN` when it has one. A server that listens on every interface is listed under the
 * machine's name and under 127.0.0.1.
 */
export function studioAddresses(host: string, port: number, token: string | undefined, machineName: string): string[] {
  const hosts = WILDCARD_HOSTS.has(host) ? [machineName, '127.0.0.1'] : [host];
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return hosts.map((name) => `http://${urlHost(name)}:${port}/${query}`);
}

/** Returns the port the server listens on, which differs from the requested one when that was 0. */
export function listeningPort(app: FastifyInstance, requested: number): number {
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? address.port : requested;
}

/** Formats the lines that tell the user where to open the studio. */
export function addressMessage(addresses: string[], withToken: boolean): string {
  const lines = addresses.map((address) => `    ${address}\n`).join('');
  const lead = withToken ? 'The studio requires an access token. Open it in a browser at' : 'Open the studio at';
  return `${lead}:\n${lines}`;
}
