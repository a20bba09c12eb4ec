import type { FaultRequest } from '../types.js';
import type { FaultCommand, SupervisorMessage } from '../worker-protocol.js';

/** The node or edge a fault applies to; exactly one is set. */
export interface FaultTarget {
  node?: string;
  edge?: string;
}

interface ActiveFault {
  target: FaultTarget;
  command: FaultCommand;
  timer?: NodeJS.Timeout;
}

/**
 * The faults in force in one run, so that a fault with `durationMs` ends on time and a restarted
 * process gets the faults of its node again. Sending to the processes of a target is up to the
 * caller's `deliver`.
 */
export class ActiveFaults {
  private readonly faults = new Map<string, ActiveFault>();

  constructor(private readonly deliver: (target: FaultTarget, message: SupervisorMessage) => void) {}

  /** Applies a checked fault request other than `kill`, replacing the same fault on the same target. */
  add(request: FaultRequest & { fault: FaultCommand['fault'] }): void {
    const target: FaultTarget = request.edge === undefined ? { node: request.node } : { edge: request.edge };
    const command: FaultCommand = {
      fault: request.fault,
      ...(request.edge === undefined ? {} : { edge: request.edge }),
      ...(request.value === undefined ? {} : { value: request.value }),
    };
    const key = keyOf(target, command.fault);
    this.end(key);
    const fault: ActiveFault = { target, command };
    if (request.durationMs !== undefined) {
      fault.timer = setTimeout(() => this.end(key), request.durationMs);
    }
    this.faults.set(key, fault);
    this.deliver(target, { type: 'fault', command });
  }

  /** Ends every fault on a target. */
  clear(target: FaultTarget): void {
    for (const [key, fault] of [...this.faults]) {
      if (fault.target.node === target.node && fault.target.edge === target.edge) this.end(key);
    }
  }

  clearAll(): void {
    for (const key of [...this.faults.keys()]) this.end(key);
  }

  /** Returns the faults in force, for a process that starts again. */
  list(): Array<{ target: FaultTarget; command: FaultCommand }> {
    return [...this.faults.values()].map(({ target, command }) => ({ target, command }));
  }

  private end(key: string): void {
    const fault = this.faults.get(key);
    if (!fault) return;
    clearTimeout(fault.timer);
    this.faults.delete(key);
    const { command } = fault;
    this.deliver(fault.target, {
      type: 'clear',
      fault: command.fault,
      ...(command.edge === undefined ? {} : { edge: command.edge }),
    });
  }
}

function keyOf(target: FaultTarget, fault: FaultCommand['fault']): string {
  return target.edge === undefined ? `node ${target.node} ${fault}` : `edge ${target.edge} ${fault}`;
}
