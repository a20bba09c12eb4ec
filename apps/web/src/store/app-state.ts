import type { Circuit } from '@circuit-studio/model';
import { useStore } from 'zustand';
import { exampleCircuit } from '../circuit/example.js';
import { loadSavedCircuit } from '../circuit/persistence.js';
import type { ConnectionStatus } from '../net/socket-client.js';
import { type AccessState, createAccessStore } from './access-store.js';
import { type CircuitState, createCircuitStore } from './circuit-store.js';
import { createConnectionStore } from './connection-store.js';
import { createRunStore, type RunStore } from './run-store.js';
import { createUiStore, type UiState } from './ui-store.js';

// The stores of the page. Tests create their own with the create functions instead of importing these.

export const runStore = createRunStore();
export const connectionStore = createConnectionStore();
export const uiStore = createUiStore();
export const accessStore = createAccessStore();

function startingCircuit(): Circuit {
  const saved = loadSavedCircuit(window.localStorage);
  switch (saved.kind) {
    case 'loaded':
      return saved.circuit;
    case 'invalid':
      runStore.getState().log('warning', `${saved.message}; starting from the example circuit`);
      return exampleCircuit();
    case 'empty':
      return exampleCircuit();
  }
}

export const circuitStore = createCircuitStore(startingCircuit());

export function useCircuit<T>(selector: (state: CircuitState) => T): T {
  return useStore(circuitStore, selector);
}

export function useRun<T>(selector: (state: RunStore) => T): T {
  return useStore(runStore, selector);
}

export function useConnection<T>(selector: (state: ConnectionStatus) => T): T {
  return useStore(connectionStore, selector);
}

export function useAccess<T>(selector: (state: AccessState) => T): T {
  return useStore(accessStore, selector);
}

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(uiStore, selector);
}
