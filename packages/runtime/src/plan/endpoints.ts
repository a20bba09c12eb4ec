import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkEndpoint } from '@circuit-studio/model';
import { RuntimeError } from '../errors.js';

/** Maximum byte length of a Unix domain socket path on Linux (`sun_path` is 108 bytes with the terminator). */
export const MAX_IPC_PATH_BYTES = 107;

const LOOPBACK_HOSTS = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

/** Returns the folder under the system temp folder that contains the ipc files of one run. */
export function runSocketDir(runId: string): string {
  return join(tmpdir(), 'circuit-studio', runId);
}

/** Returns the ipc file of an endpoint, or undefined for a tcp endpoint. */
export function ipcPathOf(endpoint: string): string | undefined {
  return endpoint.startsWith('ipc://') ? endpoint.slice('ipc://'.length) : undefined;
}

/**
 * Checks an endpoint written in the circuit. An ipc endpoint must be a file under the system temp
 * folder and a tcp endpoint must be on a loopback address, so that a circuit cannot make the
 * server write files elsewhere or listen on the network.
 */
export function checkCircuitEndpoint(endpoint: string, edgeId: string): void {
  const problem = checkEndpoint(endpoint);
  if (problem) throw rejected(edgeId, endpoint, problem);
  const ipcPath = ipcPathOf(endpoint);
  if (ipcPath !== undefined) {
    const root = resolve(tmpdir());
    const path = relative(root, resolve(ipcPath));
    if (path === '' || path.startsWith(`..${sep}`) || path === '..' || isAbsolute(path) || ipcPath.includes('/../')) {
      throw rejected(edgeId, endpoint, `ipc endpoints must be files under ${root}`);
    }
    if (Buffer.byteLength(ipcPath) > MAX_IPC_PATH_BYTES) {
      throw rejected(
        edgeId,
        endpoint,
        `the ipc path is longer than the ${MAX_IPC_PATH_BYTES} bytes a socket path allows`,
      );
    }
    return;
  }
  const host = endpoint.slice('tcp://'.length, endpoint.lastIndexOf(':'));
  if (!LOOPBACK_HOSTS.test(host)) {
    throw rejected(edgeId, endpoint, 'tcp endpoints must use a loopback host: 127.0.0.1, localhost or [::1]');
  }
}

function rejected(edgeId: string, endpoint: string, problem: string): RuntimeError {
  return new RuntimeError(
    'RUNTIME_ENDPOINT_REJECTED',
    `edge ${edgeId}: endpoint "${endpoint}" is rejected: ${problem}`,
    {
      edgeId,
      endpoint,
    },
  );
}
