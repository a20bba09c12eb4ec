import { describe, expect, it } from 'vitest';
import {
  type ActiveFault,
  clearMessage,
  describeFaultNow,
  describeRequest,
  type FaultTarget,
  faultsOn,
  injectMessage,
  nextFaultEnd,
  withoutTarget,
  withRequest,
} from './faults.js';

const module1: FaultTarget = { kind: 'node', id: 'module-1' };
const e2: FaultTarget = { kind: 'edge', id: 'e2' };

describe('injectMessage', () => {
  it('names a node target in the node field', () => {
    const message = injectMessage('run-1', { target: module1, fault: 'latency', value: 50, durationMs: 2000 });

    expect(message).toEqual({
      type: 'inject',
      runId: 'run-1',
      node: 'module-1',
      fault: 'latency',
      value: 50,
      durationMs: 2000,
    });
  });

  it('names an edge target and leaves out absent fields', () => {
    expect(injectMessage('run-1', { target: e2, fault: 'cut' })).toEqual({
      type: 'inject',
      runId: 'run-1',
      edge: 'e2',
      fault: 'cut',
    });
  });
});

describe('clearMessage', () => {
  it('names the target', () => {
    expect(clearMessage('run-1', e2)).toEqual({ type: 'clear', runId: 'run-1', edge: 'e2' });
    expect(clearMessage('run-1', module1)).toEqual({ type: 'clear', runId: 'run-1', node: 'module-1' });
  });
});

describe('withRequest', () => {
  it('adds a fault with its end time', () => {
    const faults = withRequest([], { target: e2, fault: 'cut', durationMs: 5000 }, 1000);

    expect(faults).toEqual([{ target: e2, fault: 'cut', endsAt: 6000 }]);
  });

  it('replaces the same kind on the same target', () => {
    const first = withRequest([], { target: module1, fault: 'latency', value: 10 }, 1000);

    const second = withRequest(first, { target: module1, fault: 'latency', value: 80 }, 2000);

    expect(second).toEqual([{ target: module1, fault: 'latency', value: 80 }]);
  });

  it('keeps other kinds and other targets', () => {
    const stalled = withRequest([], { target: module1, fault: 'stall' }, 1000);
    const cut = withRequest(stalled, { target: e2, fault: 'cut' }, 1000);

    const faults = withRequest(cut, { target: module1, fault: 'fail', value: 0.5 }, 1000);

    expect(faults.map((fault) => fault.fault)).toEqual(['stall', 'cut', 'fail']);
  });

  it('leaves the faults as they are on a kill', () => {
    const stalled = withRequest([], { target: module1, fault: 'stall' }, 1000);

    expect(withRequest(stalled, { target: module1, fault: 'kill' }, 2000)).toEqual(stalled);
  });
});

describe('withoutTarget', () => {
  it('ends every fault on the target only', () => {
    const faults: ActiveFault[] = [
      { target: module1, fault: 'stall' },
      { target: module1, fault: 'latency', value: 5 },
      { target: e2, fault: 'cut' },
      { target: { kind: 'edge', id: 'module-1' }, fault: 'cut' },
    ];

    expect(withoutTarget(faults, module1)).toEqual([faults[2], faults[3]]);
  });
});

describe('faultsOn', () => {
  it('leaves out faults that have ended', () => {
    const faults: ActiveFault[] = [
      { target: e2, fault: 'cut', endsAt: 3000 },
      { target: module1, fault: 'stall', endsAt: 5000 },
    ];

    expect(faultsOn(faults, e2, 2999)).toHaveLength(1);
    expect(faultsOn(faults, e2, 3000)).toHaveLength(0);
    expect(faultsOn(faults, module1, 3000)).toEqual([faults[1]]);
  });
});

describe('nextFaultEnd', () => {
  it('returns the earliest end among timed faults', () => {
    const faults: ActiveFault[] = [
      { target: module1, fault: 'stall' },
      { target: e2, fault: 'cut', endsAt: 9000 },
      { target: module1, fault: 'fail', endsAt: 4000 },
    ];

    expect(nextFaultEnd(faults)).toBe(4000);
    expect(nextFaultEnd([{ target: module1, fault: 'stall' }])).toBeUndefined();
  });
});

describe('describeFaultNow', () => {
  it('describes each kind', () => {
    expect(describeFaultNow({ target: module1, fault: 'stall' }, 0)).toBe('stall');
    expect(describeFaultNow({ target: module1, fault: 'latency', value: 50 }, 0)).toBe('latency +50 ms');
    expect(describeFaultNow({ target: module1, fault: 'fail', value: 0.25 }, 0)).toBe('fail 25%');
    expect(describeFaultNow({ target: module1, fault: 'fail' }, 0)).toBe('fail 100%');
  });

  it('counts whole seconds left, rounded up', () => {
    const cut: ActiveFault = { target: e2, fault: 'cut', endsAt: 5000 };

    expect(describeFaultNow(cut, 0)).toBe('cut 5 s');
    expect(describeFaultNow(cut, 4001)).toBe('cut 1 s');
  });
});

describe('describeRequest', () => {
  it('says how long the fault lasts', () => {
    expect(describeRequest({ target: e2, fault: 'cut', durationMs: 2000 })).toBe('cut for 2 s');
    expect(describeRequest({ target: module1, fault: 'fail', value: 0.3, durationMs: 1500 })).toBe(
      'fail 30% for 1.5 s',
    );
    expect(describeRequest({ target: module1, fault: 'stall' })).toBe('stall until cleared');
    expect(describeRequest({ target: module1, fault: 'kill' })).toBe('kill the process');
  });
});
