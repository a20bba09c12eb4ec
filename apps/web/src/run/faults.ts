import type { ClientMessage, FaultKind } from '@circuit-studio/model';

/** The node or the edge of the running circuit that a fault applies to. */
export interface FaultTarget {
  kind: 'node' | 'edge';
  id: string;
}

/** A fault to send to the server: what, where, how strong and for how long. */
export interface FaultRequest {
  target: FaultTarget;
  fault: FaultKind;
  /** Added ms per frame for `latency`, or the fraction of frames from 0 to 1 for `fail`. */
  value?: number;
  /** Ends the fault after this many ms. Without it the fault lasts until cleared. */
  durationMs?: number;
}

/** Fault kinds that stay in force until they end or are cleared. A `kill` acts once. */
export type LastingFaultKind = Exclude<FaultKind, 'kill'>;

/** A fault in force on a node or edge, as recorded from the requests the editor sent. */
export interface ActiveFault {
  target: FaultTarget;
  fault: LastingFaultKind;
  value?: number;
  /**
   * When the server ends the fault, in ms since the epoch, or absent when it lasts until cleared. It is
   * counted from the moment the request was sent, so it can be early by the time the request took
   * to reach the server.
   */
  endsAt?: number;
}

export function sameTarget(a: FaultTarget, b: FaultTarget): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/** Returns how the event log and error messages name a target: `module-1` or `link e2`. */
export function targetLabel(target: FaultTarget): string {
  return target.kind === 'node' ? target.id : `link ${target.id}`;
}

/** Returns the `node` or `edge` field that names a target in the WebSocket protocol. */
function targetField(target: FaultTarget): { node: string } | { edge: string } {
  return target.kind === 'node' ? { node: target.id } : { edge: target.id };
}

/** Builds the `inject` message of the WebSocket protocol for a request. */
export function injectMessage(runId: string, request: FaultRequest): ClientMessage {
  return {
    type: 'inject',
    runId,
    ...targetField(request.target),
    fault: request.fault,
    ...(request.value === undefined ? {} : { value: request.value }),
    ...(request.durationMs === undefined ? {} : { durationMs: request.durationMs }),
  };
}

/** Builds the `clear` message of the WebSocket protocol, which ends every fault on the target. */
export function clearMessage(runId: string, target: FaultTarget): ClientMessage {
  return { type: 'clear', runId, ...targetField(target) };
}

/**
 * Returns the faults in force after a request is applied. The runtime keeps one fault of each kind
 * per target, so a new request replaces the same kind on the same target. A `kill` leaves the list
 * as it is, and the runtime gives a restarted process the faults of its node again.
 */
export function withRequest(faults: readonly ActiveFault[], request: FaultRequest, now: number): ActiveFault[] {
  const { fault } = request;
  if (fault === 'kill') return [...faults];

  const next: ActiveFault = { target: request.target, fault };
  if (request.value !== undefined) next.value = request.value;
  if (request.durationMs !== undefined) next.endsAt = now + request.durationMs;
  const others = faults.filter((active) => !(active.fault === fault && sameTarget(active.target, request.target)));
  return [...others, next];
}

/** Returns the faults in force after every fault on a target is cleared. */
export function withoutTarget(faults: readonly ActiveFault[], target: FaultTarget): ActiveFault[] {
  return faults.filter((active) => !sameTarget(active.target, target));
}

export function hasEnded(fault: ActiveFault, now: number): boolean {
  return fault.endsAt !== undefined && fault.endsAt <= now;
}

/** Returns the faults on one target that have not ended by `now`. */
export function faultsOn(faults: readonly ActiveFault[], target: FaultTarget, now: number): ActiveFault[] {
  return faults.filter((active) => sameTarget(active.target, target) && !hasEnded(active, now));
}

/** Returns the earliest end among faults with a duration, or undefined when none has one. */
export function nextFaultEnd(faults: readonly ActiveFault[]): number | undefined {
  let earliest: number | undefined;
  for (const { endsAt } of faults) {
    if (endsAt !== undefined && (earliest === undefined || endsAt < earliest)) earliest = endsAt;
  }
  return earliest;
}

/** Returns whole seconds left before a fault ends, rounded up, so that the last second reads `1 s`. */
export function secondsLeft(fault: ActiveFault, now: number): number | undefined {
  if (fault.endsAt === undefined) return undefined;
  return Math.max(0, Math.ceil((fault.endsAt - now) / 1000));
}

/** Describes what a fault does, without its duration: `stall`, `latency +50 ms`, `fail 30%`, `cut`. */
export function describeFault(fault: Pick<ActiveFault, 'fault' | 'value'>): string {
  switch (fault.fault) {
    case 'latency':
      return `latency +${fault.value ?? 0} ms`;
    case 'fail':
      return `fail ${formatPercent(fault.value ?? 1)}`;
    case 'stall':
    case 'cut':
      return fault.fault;
    default: {
      const unhandled: never = fault.fault;
      return String(unhandled);
    }
  }
}

/** Describes a fault with the time it has left, such as `cut 5 s`, or `stall` when it lasts until cleared. */
export function describeFaultNow(fault: ActiveFault, now: number): string {
  const left = secondsLeft(fault, now);
  return left === undefined ? describeFault(fault) : `${describeFault(fault)} ${left} s`;
}

/** Describes a request for the event log, such as `fail 30% for 5 s` or `stall until cleared`. */
export function describeRequest(request: FaultRequest): string {
  if (request.fault === 'kill') return 'kill the process';
  const what = describeFault({
    fault: request.fault,
    ...(request.value === undefined ? {} : { value: request.value }),
  });
  if (request.durationMs === undefined) return `${what} until cleared`;
  return `${what} for ${formatSeconds(request.durationMs)}`;
}

function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
