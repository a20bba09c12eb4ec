import { useMemo } from 'react';
import { type ActiveFault, type FaultTarget, faultsOn, sameTarget } from '../run/faults.js';
import { useRun } from '../store/app-state.js';
import { useNow } from './useNow.js';

/**
 * Returns the faults in force on a node or edge, with the time they were checked at. While one of
 * them has a duration, the caller re-renders a few times a second, so that its countdown runs and it
 * disappears when it ends.
 */
export function useFaultsOn(target: FaultTarget): { faults: ActiveFault[]; now: number } {
  const active = useRun((state) => state.faults.active);
  const { kind, id } = target;
  const timed = active.some((fault) => fault.endsAt !== undefined && sameTarget(fault.target, { kind, id }));
  const now = useNow(timed);
  const faults = useMemo(() => faultsOn(active, { kind, id }, now), [active, kind, id, now]);
  return { faults, now };
}
