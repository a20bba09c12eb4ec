import { createStore, type StoreApi } from 'zustand/vanilla';

/** Why the server replied 401 Unauthorized: the page sent no token, or the server rejected the one it sent. */
export type TokenProblem = 'missing' | 'rejected';

export interface AccessState {
  /** The access token that REST requests and the WebSocket carry, or undefined to send none. */
  token: string | undefined;
  /** The problem of the last 401 reply, cleared when the server accepts the page again. */
  problem: TokenProblem | undefined;
  /** Whether the dialog that requests the token is open. */
  promptOpen: boolean;
}

/** Creates the store of the access token and of the problem the server last reported with it. */
export function createAccessStore(): StoreApi<AccessState> {
  return createStore<AccessState>()(() => ({ token: undefined, problem: undefined, promptOpen: false }));
}
