import { describe, expect, it } from 'vitest';
import { buildFaultRequest, faultFormErrors, MAX_FAULT_MS } from './fault-form.js';
import type { FaultTarget } from './faults.js';

const module1: FaultTarget = { kind: 'node', id: 'module-1' };

describe('faultFormErrors', () => {
  it('requires an added latency above 0', () => {
    expect(faultFormErrors({ fault: 'latency', value: undefined, durationSeconds: undefined }).value).toBe(
      'added latency is required',
    );
    expect(faultFormErrors({ fault: 'latency', value: 0, durationSeconds: undefined }).value).toBe(
      'expected more than 0 and at most 86400000 ms, found 0',
    );
    expect(faultFormErrors({ fault: 'latency', value: MAX_FAULT_MS + 1, durationSeconds: undefined }).value).toMatch(
      /at most 86400000 ms/,
    );
    expect(faultFormErrors({ fault: 'latency', value: 50, durationSeconds: undefined })).toEqual({});
  });

  it('takes a failing fraction from 0 to 1, or none', () => {
    expect(faultFormErrors({ fault: 'fail', value: 1.5, durationSeconds: undefined }).value).toBe(
      'expected a fraction from 0 to 1, found 1.5',
    );
    expect(faultFormErrors({ fault: 'fail', value: -0.1, durationSeconds: undefined }).value).toBe(
      'expected a fraction from 0 to 1, found -0.1',
    );
    expect(faultFormErrors({ fault: 'fail', value: 0, durationSeconds: undefined })).toEqual({});
    expect(faultFormErrors({ fault: 'fail', value: undefined, durationSeconds: undefined })).toEqual({});
  });

  it('rejects a duration of 0 or beyond one day', () => {
    expect(faultFormErrors({ fault: 'stall', value: undefined, durationSeconds: 0 }).duration).toMatch(
      /from 0.001 to 86400 seconds/,
    );
    expect(faultFormErrors({ fault: 'stall', value: undefined, durationSeconds: 86_401 }).duration).toMatch(
      /from 0.001 to 86400 seconds/,
    );
    expect(faultFormErrors({ fault: 'stall', value: undefined, durationSeconds: 86_400 })).toEqual({});
  });

  it('ignores the duration of a kill', () => {
    expect(faultFormErrors({ fault: 'kill', value: undefined, durationSeconds: -3 })).toEqual({});
  });
});

describe('buildFaultRequest', () => {
  it('converts seconds to ms', () => {
    const built = buildFaultRequest({ kind: 'edge', id: 'e2' }, { fault: 'cut', value: 7, durationSeconds: 2.5 });

    expect(built).toEqual({
      ok: true,
      request: { target: { kind: 'edge', id: 'e2' }, fault: 'cut', durationMs: 2500 },
    });
  });

  it('leaves out what a kill does not take', () => {
    const built = buildFaultRequest(module1, { fault: 'kill', value: 3, durationSeconds: 5 });

    expect(built).toEqual({ ok: true, request: { target: module1, fault: 'kill' } });
  });

  it('returns the errors of an invalid form', () => {
    const built = buildFaultRequest(module1, { fault: 'fail', value: 2, durationSeconds: 0 });

    expect(built.ok).toBe(false);
    expect(built.ok ? undefined : Object.keys(built.errors).sort()).toEqual(['duration', 'value']);
  });
});
