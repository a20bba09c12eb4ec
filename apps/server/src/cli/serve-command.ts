import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { stopAllRuns } from '@circuit-studio/runtime';
import type { FastifyInstance } from 'fastify';
import {
  parsePort,
  type ResolvedStartOptions,
  resolveStartOptions,
  ServerConfigError,
  startServer,
} from '../server.js';
import { type CliIo, EXIT_FAILURE, EXIT_OK, UsageError } from './io.js';
import { addressMessage, listeningPort, studioAddresses } from './studio-address.js';

export const SERVE_HELP = `Usage: circuit-studio serve [--port N] [--host H] [--data-dir DIR] [--token TOKEN] [--web-dir DIR]

Starts the studio: the web editor, the REST API under /api and the WebSocket at /ws.

Options:
  --port N         Port to listen on (default: PORT, else 7300)
  --host H         Address to listen on (default: HOST, else 127.0.0.1). Any address
                   other than loopback needs an access token
  --token TOKEN    Access token that /api and /ws require, on loopback too
                   (default: ACCESS_TOKEN). With a token, serve prints the
                   address to open, which ends in /?token=TOKEN
  --data-dir DIR   Folder for samples, stored circuits and outputs
                   (default: DATA_DIR, else <repository>/data)
  --web-dir DIR    Folder of the built web app (default: apps/web/dist)
  -h, --help       Show this help

SIGINT or SIGTERM stops every run, closes the server and exits with status 0.
`;

/** Maximum time to stop runs and close connections after a signal, in ms. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

/** Time that open connections get to finish after the runs have stopped, in ms. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Closes the server, and when a connection still keeps it open after `graceMs` (for example a socket
 * whose WebSocket upgrade was rejected), closes every connection and stops waiting.
 */
async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  const closing = app.close();
  const outcome = await Promise.race([closing.then(() => 'closed' as const), grace]);
  clearTimeout(timer);
  if (outcome === 'late') {
    app.log.warn({ graceMs }, 'connections still open after the grace period; closing them');
    app.server.closeAllConnections();
  }
}

/** Resolves with the exit status once a signal has stopped every run and closed the server. */
function waitForShutdown(app: FastifyInstance, io: CliIo): Promise<number> {
  return new Promise((resolve) => {
    let shuttingDown = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (shuttingDown) {
        io.err(`${signal} again: exiting without waiting for runs to stop\n`);
        resolve(EXIT_FAILURE);
        return;
      }
      shuttingDown = true;
      app.log.info({ signal }, 'shutting down: stopping runs and closing the server');
      const timer = setTimeout(() => {
        app.log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out');
        resolve(EXIT_FAILURE);
      }, SHUTDOWN_TIMEOUT_MS);
      // Runs first: a connection that never finishes closing must not keep worker processes alive.
      stopAllRuns()
        .then(() => closeWithin(app, CLOSE_GRACE_MS))
        .then(() => {
          app.log.info('server closed');
          resolve(EXIT_OK);
        })
        .catch((error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          resolve(EXIT_FAILURE);
        })
        .finally(() => clearTimeout(timer));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Runs `circuit-studio serve` until a signal arrives and returns the exit status. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      'data-dir': { type: 'string' },
      'web-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(SERVE_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments, found ${positionals.join(' ')}`);

  let app: FastifyInstance;
  let options: ResolvedStartOptions;
  try {
    const port = parsePort(values.port);
    options = resolveStartOptions({
      ...(port !== undefined ? { port } : {}),
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(values.token !== undefined ? { token: values.token } : {}),
      ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
      ...(values['web-dir'] !== undefined ? { webDir: values['web-dir'] } : {}),
    });
    app = await startServer(options);
  } catch (error) {
    if (error instanceof ServerConfigError) throw new UsageError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      io.err(`cannot listen: ${(error as Error).message}; pick another port or host (--port/--host, or PORT/HOST)\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
  // Printed to the terminal only: the request log shows `token=[redacted]` wherever a URL carries it.
  const port = listeningPort(app, options.port);
  io.err(addressMessage(studioAddresses(options.host, port, options.token, hostname()), Boolean(options.token)));
  return waitForShutdown(app, io);
}
