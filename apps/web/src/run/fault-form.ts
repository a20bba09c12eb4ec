import type { FaultKind } from '@circuit-studio/model';
import type { FaultRequest, FaultTarget } from './faults.js';

/** Maximum added latency and maximum fault duration the server accepts, in ms: one day. */
export const MAX_FAULT_MS = 86_400_000;

/** Faults a node takes, in the order the inspector offers them. */
export const NODE_FAULT_KINDS: readonly FaultKind[] = ['latency', 'stall', 'fail', 'kill'];
/** Faults an edge takes. */
export const EDGE_FAULT_KINDS: readonly FaultKind[] = ['cut'];

/** Description of the value field of the fault form for one fault kind. */
export interface FaultValueField {
  label: string;
  unit: string;
  /** Tooltip of the label, describing what the field sets. */
  hint: string;
  placeholder: string;
  min: number;
  max: number;
  /** Whether the request needs a value. A `fail` without one fails every frame. */
  required: boolean;
}

const VALUE_FIELDS: Partial<Record<FaultKind, FaultValueField>> = {
  latency: {
    label: 'Added latency',
    unit: 'ms per frame',
    hint: 'Processing time added to every frame the node handles',
    placeholder: 'required',
    min: 0,
    max: MAX_FAULT_MS,
    required: true,
  },
  fail: {
    label: 'Failing fraction',
    unit: '0 to 1',
    hint: 'Share of frames that fail in the node, on top of its own failRate',
    placeholder: '1 (every frame)',
    min: 0,
    max: 1,
    required: false,
  },
};

/** Returns the value field of a fault kind, or undefined for kinds that take no value. */
export function faultValueField(fault: FaultKind): FaultValueField | undefined {
  return VALUE_FIELDS[fault];
}

/** Returns whether a fault kind lasts and so takes a duration. A `kill` acts once. */
export function takesDuration(fault: FaultKind): boolean {
  return fault !== 'kill';
}

/** The fault form as the user filled it in. A number field is undefined while empty. */
export interface FaultFormValues {
  fault: FaultKind;
  value: number | undefined;
  durationSeconds: number | undefined;
}

export interface FaultFormErrors {
  value?: string;
  duration?: string;
}

function valueError(fault: FaultKind, field: FaultValueField, value: number | undefined): string | undefined {
  if (value === undefined) return field.required ? `${field.label.toLowerCase()} is required` : undefined;
  if (fault === 'fail') {
    return value < 0 || value > 1 ? `expected a fraction from 0 to 1, found ${value}` : undefined;
  }
  // The server accepts an added latency of 0 ms, but it changes nothing, so the form requires more.
  return value <= 0 || value > field.max
    ? `expected more than 0 and at most ${field.max} ms, found ${value}`
    : undefined;
}

function durationError(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  const maxSeconds = MAX_FAULT_MS / 1000;
  // The server counts durations in whole ms and takes 1 ms at least.
  if (Math.round(seconds * 1000) < 1 || seconds > maxSeconds) {
    return `expected from 0.001 to ${maxSeconds} seconds, or empty to last until cleared, found ${seconds}`;
  }
  return undefined;
}

/** Checks the fault form. Returns an error message per invalid field, and no keys when it is valid. */
export function faultFormErrors(values: FaultFormValues): FaultFormErrors {
  const errors: FaultFormErrors = {};
  const field = faultValueField(values.fault);
  const value = field ? valueError(values.fault, field, values.value) : undefined;
  if (value) errors.value = value;
  const duration = takesDuration(values.fault) ? durationError(values.durationSeconds) : undefined;
  if (duration) errors.duration = duration;
  return errors;
}

/**
 * Builds the request the form describes, leaving out the fields its fault kind does not take, or
 * returns the errors of the invalid fields.
 */
export function buildFaultRequest(
  target: FaultTarget,
  values: FaultFormValues,
): { ok: true; request: FaultRequest } | { ok: false; errors: FaultFormErrors } {
  const errors = faultFormErrors(values);
  if (errors.value !== undefined || errors.duration !== undefined) return { ok: false, errors };

  const request: FaultRequest = { target, fault: values.fault };
  if (faultValueField(values.fault) && values.value !== undefined) request.value = values.value;
  if (takesDuration(values.fault) && values.durationSeconds !== undefined) {
    request.durationMs = Math.round(values.durationSeconds * 1000);
  }
  return { ok: true, request };
}
