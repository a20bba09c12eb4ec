import { parseRunList, parseRunNodeIds, type RunSummary } from '../run/active-run.js';
import { fetchApi } from './server-access.js';

/** Maximum wait for one REST request, so a hung server cannot keep a check pending for good. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Maximum wait for a stop, which replies only once every node process of the run has ended. */
const STOP_TIMEOUT_MS = 30_000;

/** A REST request to the studio server that failed, with the HTTP status when there was a reply. */
export class RunsApiError extends Error {
  readonly status: number | undefined;

  constructor(message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RunsApiError';
    this.status = status;
  }
}

/** Returns the server's own explanation from an error body `{ statusCode, code, message }`, if it sent one. */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body: unknown = JSON.parse(text);
    const message = (body as { message?: unknown } | null)?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON, such as a proxy's error page: the text itself is the best explanation there is.
  }
  return text.slice(0, 200) || response.statusText;
}

async function requestJson(method: 'GET' | 'DELETE', path: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchApi(path, {
      method,
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunsApiError(`${method} ${path} failed: ${reason}`, undefined, { cause: error });
  }
  if (!response.ok) {
    throw new RunsApiError(
      `${method} ${path} failed with ${response.status}: ${await errorMessage(response)}`,
      response.status,
    );
  }
  return response.json();
}

/** Lists the runs the server keeps: the active ones and those that ended recently. */
export async function fetchRuns(): Promise<RunSummary[]> {
  return parseRunList(await requestJson('GET', '/api/runs'));
}

/** Returns the node ids of a run's circuit, or undefined when the server replies 404 for the run. */
export async function fetchRunNodeIds(runId: string): Promise<string[] | undefined> {
  try {
    return parseRunNodeIds(await requestJson('GET', `/api/runs/${encodeURIComponent(runId)}`));
  } catch (error) {
    if (error instanceof RunsApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** Stops a run and resolves once it has ended. */
export async function stopRun(runId: string): Promise<void> {
  await requestJson('DELETE', `/api/runs/${encodeURIComponent(runId)}`, STOP_TIMEOUT_MS);
}
