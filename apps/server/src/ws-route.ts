import fastifyWebsocket, { type WebsocketPluginOptions } from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';

import type { RunRegistry } from './run-registry.js';
import { serveConnection } from './ws-connection.js';

/** WebSocket close code for a message larger than the receiver accepts (RFC 6455, section 7.4.1). */
const CLOSE_MESSAGE_TOO_BIG = 1009;

/**
 * Returns a server-side socket class that explains a size rejection. When a frame exceeds `maxPayload`, ws closes
 * the connection with code 1009 and no reason. This sends an `error` message first and puts a short
 * reason on the close frame, so the client can tell the user what happened.
 */
function socketClassFor(maxPayloadBytes: number): typeof WebSocket {
  const limitMiB = (maxPayloadBytes / (1024 * 1024)).toFixed(1);
  return class SizeLimitedWebSocket extends WebSocket {
    override close(code?: number, reason?: string | Buffer): void {
      if (code === CLOSE_MESSAGE_TOO_BIG && reason === undefined && this.readyState === WebSocket.OPEN) {
        const message = `message larger than the ${limitMiB} MiB limit; the connection closes, so reconnect and send a smaller circuit`;
        this.send(JSON.stringify({ type: 'error', message }));
        super.close(code, `message larger than ${limitMiB} MiB`);
        return;
      }
      super.close(code, reason);
    }
  };
}

type WebSocketClassOption = NonNullable<WebsocketPluginOptions['options']>['WebSocket'];

export interface WebSocketRouteOptions {
  registry: RunRegistry;
  log: Logger;
  maxPayloadBytes: number;
}

/** Registers the WebSocket endpoint `/ws`. */
export async function registerWebSocketRoute(app: FastifyInstance, options: WebSocketRouteOptions): Promise<void> {
  let connectionCount = 0;
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: options.maxPayloadBytes,
      // The plugin's types resolve ws in CommonJS mode, so the ESM class type needs a cast to match.
      WebSocket: socketClassFor(options.maxPayloadBytes) as unknown as WebSocketClassOption,
    },
    // ws reports protocol problems here (a frame too large, bad UTF-8) after it has started the
    // closing handshake. Terminating now would discard the error message queued for the client.
    errorHandler: (error, _socket, request) => {
      request.log.info({ reason: error.message }, 'WebSocket protocol error');
    },
  });

  app.get('/ws', { websocket: true }, (socket, request) => {
    connectionCount += 1;
    const log = options.log.child({ connection: connectionCount, remoteAddress: request.ip });
    log.info('connection opened');
    serveConnection(socket, { registry: options.registry, log });
  });
}
