import { useEffect } from 'react';
import { nextFaultEnd } from '../run/faults.js';
import { runStore, useRun } from '../store/app-state.js';

/** Extra wait past a fault's end, so that the timer never fires before the end by the clock's rounding. */
const EXPIRY_MARGIN_MS = 20;

/** Removes each fault with a duration from the run store when its duration has passed. */
export function useFaultExpiry(): void {
  const active = useRun((state) => state.faults.active);

  useEffect(() => {
    const end = nextFaultEnd(active);
    if (end === undefined) return;
    const timer = setTimeout(
      () => runStore.getState().expireFaults(),
      Math.max(0, end - Date.now()) + EXPIRY_MARGIN_MS,
    );
    return () => clearTimeout(timer);
  }, [active]);
}
