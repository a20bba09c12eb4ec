import { useEffect } from 'react';
import { saveCircuit } from '../circuit/persistence.js';
import { circuitStore, runStore } from '../store/app-state.js';

/** Delay between the last edit and the save, so a drag or a burst of typing writes once. */
const SAVE_DELAY_MS = 300;

/**
 * Keeps the circuit in localStorage so a reload does not lose work. Saves shortly after each change
 * and at once when the page is hidden or closed. A failed save is logged once until a save succeeds.
 */
export function usePersistence(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failing = false;

    function save(): void {
      clearTimeout(timer);
      timer = undefined;
      const problem = saveCircuit(window.localStorage, circuitStore.getState().circuit);
      if (problem && !failing) {
        runStore.getState().log('warning', `the circuit could not be saved in this browser: ${problem}`);
      }
      failing = problem !== undefined;
    }

    const unsubscribe = circuitStore.subscribe((state, previous) => {
      if (state.circuit === previous.circuit) return;
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_DELAY_MS);
    });
    const flush = () => {
      if (timer !== undefined) save();
    };
    window.addEventListener('pagehide', flush);
    return () => {
      unsubscribe();
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);
}
