import { accessStore, runStore } from '../store/app-state.js';
import { adoptToken, authorizationHeaders, normalizeToken, storeToken, studioSocketUrl } from './access-token.js';

// Every REST request and WebSocket connection of the page gets its address and token here.

/** Maximum wait for the check that distinguishes a missing or wrong token from a server that is down. */
const ACCESS_CHECK_TIMEOUT_MS = 5_000;

/** Returns the tab's sessionStorage, or undefined when the browser blocks it, as some privacy settings do. */
function tabStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    runStore.getState().log('warning', `sessionStorage is not available, so a reload forgets the token: ${reason}`);
    return undefined;
  }
}

/**
 * Takes the access token from the page address (`/?token=TOKEN`) or from the tab's storage. Call it
 * once, before the first request, so that the token leaves the address bar at once.
 */
export function adoptAccessToken(): void {
  const adopted = adoptToken(window.location.href, window.history, tabStorage());
  if (adopted.storageProblem !== undefined) {
    runStore.getState().log('warning', `the access token is kept until a reload only: ${adopted.storageProblem}`);
  }
  accessStore.setState({ token: adopted.token });
}

/** Uses a token that the user entered from now on, and keeps it for the tab. */
export function setAccessToken(text: string): void {
  const token = normalizeToken(text);
  if (token === undefined) return;
  const storage = tabStorage();
  const problem = storage ? storeToken(storage, token) : undefined;
  if (problem !== undefined)
    runStore.getState().log('warning', `the access token is kept until a reload only: ${problem}`);
  accessStore.setState({ token, problem: undefined, promptOpen: false });
}

/** Records that the server replied 401, and opens the dialog that requests a token. */
function reportUnauthorized(): void {
  const { token, problem } = accessStore.getState();
  const next = token === undefined ? 'missing' : 'rejected';
  if (problem === next) return;
  accessStore.setState({ problem: next, promptOpen: true });
  runStore
    .getState()
    .log(
      'warning',
      next === 'missing'
        ? 'the server requires an access token; open the address it printed, which ends in ?token=…, or enter the token'
        : 'the server rejected the access token; enter the current one',
    );
}

/** Records that the server accepted the page, which closes the token dialog if it is still open. */
export function reportAccepted(): void {
  if (accessStore.getState().problem !== undefined) accessStore.setState({ problem: undefined, promptOpen: false });
}

/** Opens or closes the dialog that requests the access token. */
export function setTokenPromptOpen(open: boolean): void {
  accessStore.setState({ promptOpen: open });
}

/** Returns the WebSocket address for the next connection, with the current token. */
export function socketAddress(): string {
  return studioSocketUrl(window.location, accessStore.getState().token);
}

/**
 * Sends a request to the studio's REST API (`path` starts with `/api/`) with the current token. A 401
 * reply opens the dialog that requests a token, and the response is returned either way.
 */
export async function fetchApi(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { ...authorizationHeaders(accessStore.getState().token), ...init.headers };
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401) reportUnauthorized();
  return response;
}

/**
 * Finds out whether a failed WebSocket connection was turned away for its token. A browser does not
 * show the HTTP status of a rejected WebSocket handshake, so this sends a HEAD request to the REST API,
 * which the same token guards. Resolves false on 401 only. It resolves true when the server is unreachable, so that
 * the connection keeps retrying with back-off.
 */
export async function checkAccess(): Promise<boolean> {
  let response: Response;
  try {
    response = await fetchApi('/api/runs', { method: 'HEAD', signal: AbortSignal.timeout(ACCESS_CHECK_TIMEOUT_MS) });
  } catch {
    // The server is down or did not reply in time, so the token may well be valid. The socket's own
    // retries report the lost connection.
    return true;
  }
  return response.status !== 401;
}
