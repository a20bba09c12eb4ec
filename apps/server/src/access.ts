import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

import type { FastifyInstance, FastifyRequest } from 'fastify';

import { ServerError } from './errors.js';

export interface AccessOptions {
  /** Token that every `/api` and `/ws` request must carry, or undefined on a loopback-only server. */
  token?: string;
}

/** Returns true for names and addresses that reach only this machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost' || bare === '::1') return true;
  const ipv4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIP(ipv4) === 4 && ipv4.startsWith('127.');
}

function isProtectedPath(path: string): boolean {
  return path === '/ws' || path === '/api' || path.startsWith('/api/');
}

function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

/** Returns the host name of a `Host` header or an origin URL, or undefined when it does not parse. */
function hostnameOf(value: string, withScheme: boolean): string | undefined {
  try {
    return new URL(withScheme ? value : `http://${value}`).hostname;
  } catch {
    return undefined;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares in constant time, so the response time does not reveal how much of a guess was right. */
function tokenMatches(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

function presentedToken(request: FastifyRequest, path: string): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    return header.slice('Bearer '.length).trim();
  }
  // Browsers cannot set headers on a WebSocket, so the socket may carry the token in its URL instead.
  if (path === '/ws') {
    const query = request.query as Record<string, unknown> | undefined;
    return typeof query?.token === 'string' ? query.token : undefined;
  }
  return undefined;
}

/**
 * Adds a hook that guards `/api` and `/ws`. With a token, a request must present it
 * (`Authorization: Bearer TOKEN`, or `?token=TOKEN` on the WebSocket URL). Without a token, the
 * server accepts only requests whose `Host` is a loopback name and whose `Origin`, when present, is
 * a loopback origin. Other web pages could otherwise deploy circuits through the user's browser,
 * directly or by DNS rebinding.
 */
export function registerAccessControl(app: FastifyInstance, options: AccessOptions): void {
  const expected = options.token !== undefined ? digest(options.token) : undefined;

  app.addHook('onRequest', async (request) => {
    const path = pathOf(request.url);
    if (!isProtectedPath(path)) return;

    if (expected) {
      const given = presentedToken(request, path);
      if (given === undefined || !tokenMatches(given, expected)) {
        throw new ServerError(
          'UNAUTHORIZED',
          'missing or wrong access token: send "Authorization: Bearer TOKEN", or add ?token=TOKEN to the /ws URL',
        );
      }
      return;
    }

    const host = hostnameOf(request.headers.host ?? '', false);
    if (host === undefined || !isLoopbackHost(host)) {
      throw new ServerError(
        'ORIGIN_REJECTED',
        `host ${JSON.stringify(request.headers.host ?? '')} is not a loopback name; without an access token this server answers only to localhost, 127.0.0.1 and [::1]`,
      );
    }
    const origin = request.headers.origin;
    if (origin !== undefined) {
      const originHost = hostnameOf(origin, true);
      if (originHost === undefined || !isLoopbackHost(originHost)) {
        throw new ServerError(
          'ORIGIN_REJECTED',
          `requests from origin ${JSON.stringify(origin)} are not accepted; open the studio from its own address`,
        );
      }
    }
  });
}

/** Returns the URL with the value of a `token` query parameter replaced, so that request logs do not contain it. */
export function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}
