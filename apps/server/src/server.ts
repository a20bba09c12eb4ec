import path from 'node:path';

import { DEFAULT_LIMITS } from '@circuit-studio/model';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { type Logger, pino } from 'pino';

import { isLoopbackHost, redactToken, registerAccessControl } from './access.js';
import { registerApiRoutes } from './api-routes.js';
import { CircuitStore } from './circuit-store.js';
import { isServerError } from './errors.js';
import { ensureDataDir, resolveDataDir, resolveWebDir } from './paths.js';
import { formatPrometheus } from './prometheus.js';
import { RunRegistry } from './run-registry.js';
import { registerWebApp } from './web-app.js';
import { registerWebSocketRoute } from './ws-route.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7300;
/** Bytes allowed for the request fields around a circuit of the maximum size, such as `{"type":"deploy"}`. */
const ENVELOPE_BYTES = 64 * 1024;
/** Maximum size of an HTTP body or a WebSocket message: the circuit size limit plus the envelope. */
export const MAX_MESSAGE_BYTES = DEFAULT_LIMITS.maxBytes + ENVELOPE_BYTES;

export interface ServerOptions {
  /** Folder for samples, stored circuits and outputs. Runs may only touch files inside it. */
  dataDir: string;
  /** Folder of the built web app, `apps/web/dist` by default. */
  webDir?: string;
  logger?: Logger;
  /** Access token for `/api` and `/ws`, required when `host` is not a loopback address. */
  token?: string;
  /** The address the server will listen on, which decides whether a token is required. */
  host?: string;
  /** Maximum number of runs active at once. */
  maxActiveRuns?: number;
  /** Interval between metrics messages, in ms. */
  metricsIntervalMs?: number;
}

/** Error raised before anything starts when the options would expose the studio without protection. */
export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
}

function createLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'info' });
}

/** Request fields that Fastify logs for each request, with an access token in the URL hidden. */
function serializeRequest(request: FastifyRequest) {
  return { method: request.method, url: redactToken(request.url), remoteAddress: request.ip };
}

/** Returns the JSON error response for an error, and logs it: client errors at info, server errors at error. */
function errorResponse(error: FastifyError, request: FastifyRequest) {
  const statusCode = error.statusCode ?? 500;
  if (statusCode < 500) {
    request.log.info({ code: error.code, reason: error.message }, 'request rejected');
  } else {
    request.log.error({ err: error }, 'request failed');
  }

  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limitMiB = (MAX_MESSAGE_BYTES / (1024 * 1024)).toFixed(1);
    return { statusCode: 413, code: error.code, message: `request body larger than the ${limitMiB} MiB limit` };
  }
  if (statusCode >= 500 && !isServerError(error)) {
    return { statusCode, code: 'INTERNAL', message: 'internal server error; the server log has the cause' };
  }
  return { statusCode, code: error.code ?? 'REQUEST_INVALID', message: error.message };
}

/**
 * Builds the studio's HTTP server: the REST API under `/api`, the WebSocket at `/ws`, Prometheus
 * metrics at `/metrics`, `/healthz`, and the web app. Closing the server stops every run it started.
 * Throws ServerConfigError when `host` is not a loopback address and no token is given.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const host = options.host ?? DEFAULT_HOST;
  const token = options.token !== undefined && options.token.length > 0 ? options.token : undefined;
  if (!isLoopbackHost(host) && token === undefined) {
    throw new ServerConfigError(
      `listening on ${host} needs an access token, because anyone who reaches the port could start processes; set ACCESS_TOKEN or pass --token, or listen on 127.0.0.1`,
    );
  }
  const dataDir = path.resolve(options.dataDir);
  await ensureDataDir(dataDir);

  const logger = (options.logger ?? createLogger()).child({}, { serializers: { req: serializeRequest } });
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, bodyLimit: MAX_MESSAGE_BYTES });
  const registry = new RunRegistry({
    dataDir,
    logger,
    ...(options.maxActiveRuns !== undefined ? { maxActiveRuns: options.maxActiveRuns } : {}),
    ...(options.metricsIntervalMs !== undefined ? { metricsIntervalMs: options.metricsIntervalMs } : {}),
  });
  const store = new CircuitStore(path.join(dataDir, 'circuits'));

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const { statusCode, code, message } = errorResponse(error, request);
    if (statusCode === 401) reply.header('www-authenticate', 'Bearer');
    return reply.code(statusCode).send({ statusCode, code, message });
  });
  registerAccessControl(app, { ...(token !== undefined ? { token } : {}) });
  app.addHook('onClose', async () => {
    await registry.stopAll();
  });

  app.get('/healthz', async () => ({ status: 'ok', activeRuns: registry.activeCount() }));
  app.get('/metrics', async (_request, reply) =>
    reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(formatPrometheus(registry.activeCount(), registry.totals())),
  );
  registerApiRoutes(app, { store, registry });
  await registerWebSocketRoute(app, { registry, log: logger, maxPayloadBytes: MAX_MESSAGE_BYTES });
  await registerWebApp(app, resolveWebDir(options.webDir));

  logger.info({ dataDir, host, token: token !== undefined }, 'server built');
  return app;
}

export interface StartOptions extends Partial<ServerOptions> {
  port?: number;
}

/** Start options with the address, the port and the data folder settled. */
export interface ResolvedStartOptions extends StartOptions {
  host: string;
  port: number;
  dataDir: string;
}

/**
 * Settles the start options: the options come first, then the HOST, PORT, ACCESS_TOKEN and DATA_DIR
 * environment variables, then the default 127.0.0.1:7300.
 */
export function resolveStartOptions(options: StartOptions = {}): ResolvedStartOptions {
  const host = options.host ?? process.env.HOST ?? DEFAULT_HOST;
  const port = options.port ?? parsePort(process.env.PORT) ?? DEFAULT_PORT;
  const token = options.token ?? process.env.ACCESS_TOKEN;
  return {
    ...options,
    host,
    port,
    dataDir: resolveDataDir(options.dataDir),
    ...(token !== undefined ? { token } : {}),
  };
}

/** Builds the server and listens on `host:port`, with the options settled by {@link resolveStartOptions}. */
export async function startServer(options: StartOptions = {}): Promise<FastifyInstance> {
  const { port, ...serverOptions } = resolveStartOptions(options);
  const app = await buildServer(serverOptions);
  await app.listen({ host: serverOptions.host, port });
  return app;
}

/** Parses a port number, returning undefined when unset and throwing on anything but 0 to 65535. */
export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ServerConfigError(`invalid port ${JSON.stringify(value)}: expected a whole number from 0 to 65535`);
  }
  return port;
}
