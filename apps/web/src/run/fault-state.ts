import {
  type ActiveFault,
  type FaultRequest,
  type FaultTarget,
  hasEnded,
  withoutTarget,
  withRequest,
} from './faults.js';

/** An inject or clear sent to the server, kept until a later command replaces it. */
export interface SentFaultCommand {
  target: FaultTarget;
  /** Milliseconds since the epoch. */
  sentAt: number;
  /** The faults in force before the command, restored when the server rejects it. */
  activeBefore: ActiveFault[];
}

/** The reason the last inject or clear on a target failed, shown next to the buttons that sent it. */
export interface FaultError {
  target: FaultTarget;
  message: string;
}

/** Faults of the current run, as recorded from the commands the editor sent and the errors it received. */
export interface FaultState {
  /** Faults in force, in the order they were sent. A fault whose `endsAt` has passed stays here until the next expiry. */
  active: ActiveFault[];
  lastCommand?: SentFaultCommand;
  error?: FaultError;
}

export const NO_FAULTS: FaultState = { active: [] };

/**
 * Time after an inject or clear within which a server error is taken as the reply to it. The server
 * handles the messages of one connection in order and replies to a bad one at once, in milliseconds.
 */
export const FAULT_ERROR_WINDOW_MS = 2000;

/** Records an inject that was sent. The fault counts as in force unless the server rejects it. */
export function recordInject(state: FaultState, request: FaultRequest, now: number): FaultState {
  return {
    active: withRequest(state.active, request, now),
    lastCommand: { target: request.target, sentAt: now, activeBefore: state.active },
  };
}

/** Records a clear that was sent: every fault on the target ends. */
export function recordClear(state: FaultState, target: FaultTarget, now: number): FaultState {
  return {
    active: withoutTarget(state.active, target),
    lastCommand: { target, sentAt: now, activeBefore: state.active },
  };
}

/** Records a command that could not be sent, so the faults in force stay as they were. */
export function recordNotSent(state: FaultState, target: FaultTarget, message: string): FaultState {
  return { active: state.active, error: { target, message } };
}

/**
 * Takes a server error as the rejection of the last fault command when it arrives within
 * {@link FAULT_ERROR_WINDOW_MS} of it, and restores the faults that were in force before that command.
 * Returns undefined when the error is not about a fault command.
 *
 * NOTE: the protocol sends no reply to an inject or clear that succeeds, and its errors carry no request
 * id. An unrelated error inside the window, such as a failed stop, is therefore shown at the fault buttons too.
 */
export function recordServerError(state: FaultState, message: string, now: number): FaultState | undefined {
  const command = state.lastCommand;
  if (!command || now - command.sentAt > FAULT_ERROR_WINDOW_MS) return undefined;
  return { active: command.activeBefore, error: { target: command.target, message } };
}

/** Drops the faults that have ended by `now`, returning the same state when none has. */
export function expireFaults(state: FaultState, now: number): FaultState {
  const active = state.active.filter((fault) => !hasEnded(fault, now));
  return active.length === state.active.length ? state : { ...state, active };
}
