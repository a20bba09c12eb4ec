import { clearMessage, type FaultRequest, type FaultTarget, injectMessage } from '../run/faults.js';
import { unrunnableNodes } from '../run/runnable.js';
import { circuitStore, connectionStore, runStore } from '../store/app-state.js';
import { isRunActive } from '../store/run-store.js';
import { discoverActiveRuns, stopOtherRun } from './run-discovery.js';
import { checkAccess, reportAccepted, setAccessToken, socketAddress } from './server-access.js';
import { StudioSocket } from './socket-client.js';

/** The page's one connection to the studio server, wired to the run and connection stores. */
export const studioSocket = new StudioSocket({
  url: socketAddress,
  checkAccess,
  onMessage: (message) => runStore.getState().receive(message),
  onStatus: (status) => {
    const previous = connectionStore.getState().state;
    connectionStore.setState(status, true);
    if (status.state === 'open') {
      reportAccepted();
      resubscribe();
      void discoverActiveRuns(subscribeToRun);
    } else if (previous === 'open') {
      runStore.getState().log('warning', 'connection to the server lost; reconnecting');
      runStore.getState().abandonDeploy('the connection closed before the server replied');
    }
  },
  onInvalidMessage: (reason) => runStore.getState().log('warning', `ignored a message from the server: ${reason}`),
});

function subscribeToRun(runId: string): boolean {
  return studioSocket.send({ type: 'subscribe', runId });
}

/** Asks for the live metrics of the current run again after a reconnect, which starts a new session. */
function resubscribe(): void {
  const { runId, phase } = runStore.getState();
  if (runId !== undefined && isRunActive(phase)) subscribeToRun(runId);
}

/** Uses an access token that the user entered, and connects with it at once. */
export function connectWithToken(token: string): void {
  setAccessToken(token);
  studioSocket.retryNow();
}

/** Looks for runs active on the server and attaches to one of the circuit on the canvas. */
export function findActiveRuns(): Promise<void> {
  return discoverActiveRuns(subscribeToRun);
}

/** Stops a run of another circuit that is active on the server. */
export function stopRunOfOtherCircuit(runId: string): Promise<void> {
  return stopOtherRun(runId, subscribeToRun);
}

/**
 * Time to wait for `deployed` or `rejected` before giving up, so that a lost reply does not leave
 * the Deploy button disabled for good.
 */
const DEPLOY_REPLY_TIMEOUT_MS = 30_000;
let deployTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Sends the current circuit for deployment. Returns false when nothing was sent: the connection is
 * not open, or the circuit has nodes the runtime cannot start, which the deploy panel then lists.
 */
export function deployCurrentCircuit(force: boolean): boolean {
  const { circuit } = circuitStore.getState();
  const unrunnable = unrunnableNodes(circuit);
  if (unrunnable.length > 0) {
    runStore.getState().deployBlocked(unrunnable);
    return false;
  }
  const sent = studioSocket.send(force ? { type: 'deploy', circuit, force: true } : { type: 'deploy', circuit });
  if (!sent) return false;

  runStore.getState().deploySent(force, circuit);
  clearTimeout(deployTimer);
  deployTimer = setTimeout(() => {
    runStore.getState().abandonDeploy(`no reply from the server within ${DEPLOY_REPLY_TIMEOUT_MS / 1000} s`);
  }, DEPLOY_REPLY_TIMEOUT_MS);
  return true;
}

/** Asks the server to stop the current run. Returns false when there is none or the connection is down. */
export function stopCurrentRun(): boolean {
  const { runId } = runStore.getState();
  if (runId === undefined) return false;
  const sent = studioSocket.send({ type: 'stop', runId });
  if (sent) runStore.getState().stopSent();
  return sent;
}

/** Returns the id of the run that takes fault commands, or the reason there is none. */
function faultableRun(): { runId: string } | { reason: string } {
  const { runId, phase } = runStore.getState();
  if (runId === undefined || phase !== 'running') return { reason: 'no run is running' };
  return { runId };
}

/** Asks the server to inject a fault into the current run. Returns false, with the reason logged, when nothing was sent. */
export function injectFault(request: FaultRequest): boolean {
  const run = faultableRun();
  if ('reason' in run) {
    runStore.getState().faultNotSent(request.target, run.reason);
    return false;
  }
  if (!studioSocket.send(injectMessage(run.runId, request))) {
    runStore.getState().faultNotSent(request.target, 'not connected to the server');
    return false;
  }
  runStore.getState().faultSent(request);
  return true;
}

/** Asks the server to end every fault on a node or edge. Returns false, with the reason logged, when nothing was sent. */
export function clearFaults(target: FaultTarget): boolean {
  const run = faultableRun();
  if ('reason' in run) {
    runStore.getState().faultNotSent(target, run.reason);
    return false;
  }
  if (!studioSocket.send(clearMessage(run.runId, target))) {
    runStore.getState().faultNotSent(target, 'not connected to the server');
    return false;
  }
  runStore.getState().faultsClearSent(target);
  return true;
}
