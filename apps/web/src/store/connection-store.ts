import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionStatus } from '../net/socket-client.js';

/** Creates the store of the WebSocket connection state that the indicator and the run buttons read. */
export function createConnectionStore(): StoreApi<ConnectionStatus> {
  return createStore<ConnectionStatus>()(() => ({ state: 'connecting', failures: 0 }));
}
