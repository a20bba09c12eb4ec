import type { Circuit, ServerMessage } from '@circuit-studio/model';
import type { Logger } from 'pino';
import { type RawData, WebSocket } from 'ws';

import { CircuitRejectedError, checkDeploy } from './circuit-checks.js';
import { type IncomingMessage, parseClientMessage } from './client-message.js';
import { isServerError } from './errors.js';
import type { RunRegistry } from './run-registry.js';

/**
 * Bytes a socket may have waiting to be sent before metrics messages to it are skipped. A slow
 * client then sees fewer updates instead of making the server buffer without bound. Status and
 * report messages are always sent.
 */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Messages of one connection that may wait for the one being handled, e.g. behind a slow deploy. */
const MAX_PENDING_MESSAGES = 64;

export interface ConnectionContext {
  registry: RunRegistry;
  log: Logger;
}

/**
 * Serves one WebSocket client. Messages are handled one at a time in arrival order, so a `stop`
 * sent after a `deploy` finds the run. A bad message gets an `error` reply and leaves the connection
 * and every run untouched. Closing the connection ends its subscriptions, but never its runs.
 */
export function serveConnection(socket: WebSocket, context: ConnectionContext): void {
  const { registry, log } = context;
  const subscriptions = new Map<string, () => void>();
  let pending = 0;
  let skippedMetrics = 0;
  let closed = false;
  let queue = Promise.resolve();

  const send = (message: ServerMessage): void => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (message.type === 'metrics' && socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      skippedMetrics += 1;
      if (skippedMetrics === 1 || skippedMetrics % 100 === 0) {
        log.warn({ skippedMetrics, bufferedBytes: socket.bufferedAmount }, 'client reads slowly; metrics skipped');
      }
      return;
    }
    socket.send(JSON.stringify(message));
  };

  const subscribe = (runId: string): void => {
    // A deploy can finish after the client left, and a subscription made then would never be removed.
    if (closed || subscriptions.has(runId)) return;
    subscriptions.set(runId, registry.subscribe(runId, send));
  };

  /**
   * Deploys a circuit and returns its run id. When the runtime rejects the circuit, sends `rejected`
   * and returns undefined. The registry has logged the reason.
   */
  const deployOrReject = async (circuit: Circuit): Promise<string | undefined> => {
    try {
      return await registry.deploy(circuit);
    } catch (error) {
      if (!(error instanceof CircuitRejectedError)) throw error;
      send({ type: 'rejected', errors: error.errors });
      return undefined;
    }
  };

  const handle = async (message: IncomingMessage): Promise<void> => {
    switch (message.type) {
      case 'deploy': {
        const check = checkDeploy(message.circuit, message.force === true);
        if (!check.ok) {
          log.info({ rejected: 'errors' in check ? 'errors' : 'findings' }, 'deploy rejected');
          send({ type: 'rejected', ...('errors' in check ? { errors: check.errors } : { findings: check.findings }) });
          return;
        }
        const runId = await deployOrReject(check.circuit);
        if (runId === undefined) return;
        send({ type: 'deployed', runId });
        subscribe(runId);
        return;
      }
      case 'subscribe':
        subscribe(message.runId);
        return;
      case 'stop':
        await registry.stop(message.runId);
        return;
      case 'inject': {
        const { runId, type: _type, ...fault } = message;
        registry.inject(runId, fault);
        return;
      }
      case 'clear': {
        const { runId, type: _type, ...target } = message;
        registry.clear(runId, target);
        return;
      }
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled client message ${JSON.stringify(unreachable)}`);
      }
    }
  };

  const receive = async (text: string): Promise<void> => {
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      log.info({ error: parsed.error }, 'client message rejected');
      send({ type: 'error', message: parsed.error });
      return;
    }
    const type = parsed.message.type;
    try {
      await handle(parsed.message);
    } catch (error) {
      if (isServerError(error)) {
        log.info({ code: error.code, type, reason: error.message }, 'client request failed');
        send({ type: 'error', message: error.message });
        return;
      }
      log.error({ err: error, type }, 'client message failed');
      send({ type: 'error', message: `the server failed to handle "${type}"; the server log has the cause` });
    }
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      send({ type: 'error', message: 'binary frames are not accepted; send each message as a JSON text frame' });
      return;
    }
    if (pending >= MAX_PENDING_MESSAGES) {
      send({
        type: 'error',
        message: `more than ${MAX_PENDING_MESSAGES} messages are waiting; wait for the replies before sending more`,
      });
      return;
    }
    const text = rawDataToText(data);
    pending += 1;
    queue = queue
      .then(() => receive(text))
      .catch((error: unknown) => log.error({ err: error }, 'client message handling failed'))
      .finally(() => {
        pending -= 1;
      });
  });

  socket.on('close', (code: number) => {
    closed = true;
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
    log.info({ code, skippedMetrics }, 'connection closed');
  });
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
