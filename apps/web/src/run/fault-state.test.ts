import { describe, expect, it } from 'vitest';
import {
  expireFaults,
  FAULT_ERROR_WINDOW_MS,
  NO_FAULTS,
  recordClear,
  recordInject,
  recordNotSent,
  recordServerError,
} from './fault-state.js';
import type { FaultTarget } from './faults.js';

const module1: FaultTarget = { kind: 'node', id: 'module-1' };
const e2: FaultTarget = { kind: 'edge', id: 'e2' };

describe('recordInject', () => {
  it('adds the fault and clears an earlier error', () => {
    const failed = recordNotSent(NO_FAULTS, module1, 'not connected to the server');

    const state = recordInject(failed, { target: module1, fault: 'stall' }, 1000);

    expect(state.active).toEqual([{ target: module1, fault: 'stall' }]);
    expect(state.error).toBeUndefined();
    expect(state.lastCommand).toEqual({ target: module1, sentAt: 1000, activeBefore: [] });
  });
});

describe('recordClear', () => {
  it('ends the faults on the target only', () => {
    const stalled = recordInject(NO_FAULTS, { target: module1, fault: 'stall' }, 1000);
    const cut = recordInject(stalled, { target: e2, fault: 'cut' }, 1000);

    const state = recordClear(cut, module1, 2000);

    expect(state.active).toEqual([{ target: e2, fault: 'cut' }]);
  });
});

describe('recordServerError', () => {
  it('undoes an inject that the server rejected at once', () => {
    const stalled = recordInject(NO_FAULTS, { target: module1, fault: 'stall' }, 1000);
    const cut = recordInject(stalled, { target: e2, fault: 'cut' }, 2000);

    const state = recordServerError(cut, 'inject failed: run r has no edge "e2"', 2100);

    expect(state?.active).toEqual([{ target: module1, fault: 'stall' }]);
    expect(state?.error).toEqual({ target: e2, message: 'inject failed: run r has no edge "e2"' });
    expect(state?.lastCommand).toBeUndefined();
  });

  it('restores the faults of a rejected clear', () => {
    const stalled = recordInject(NO_FAULTS, { target: module1, fault: 'stall' }, 1000);
    const cleared = recordClear(stalled, module1, 5000);

    const state = recordServerError(cleared, 'clear failed', 5050);

    expect(state?.active).toEqual([{ target: module1, fault: 'stall' }]);
  });

  it('leaves an error outside the window to the event log', () => {
    const stalled = recordInject(NO_FAULTS, { target: module1, fault: 'stall' }, 1000);

    expect(recordServerError(stalled, 'unknown message type', 1000 + FAULT_ERROR_WINDOW_MS + 1)).toBeUndefined();
    expect(recordServerError(NO_FAULTS, 'unknown message type', 1000)).toBeUndefined();
  });

  it('takes one error per command', () => {
    const stalled = recordInject(NO_FAULTS, { target: module1, fault: 'stall' }, 1000);
    const first = recordServerError(stalled, 'inject failed', 1010);

    if (!first) throw new Error('the first error was not taken as the reply to the inject');
    expect(recordServerError(first, 'another error', 1020)).toBeUndefined();
  });
});

describe('expireFaults', () => {
  it('drops the faults whose time has passed', () => {
    const cut = recordInject(NO_FAULTS, { target: e2, fault: 'cut', durationMs: 2000 }, 1000);
    const both = recordInject(cut, { target: module1, fault: 'stall' }, 1000);

    expect(expireFaults(both, 2999)).toBe(both);
    expect(expireFaults(both, 3000).active).toEqual([{ target: module1, fault: 'stall' }]);
  });
});
