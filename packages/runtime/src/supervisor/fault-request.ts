import { RuntimeError } from '../errors.js';
import type { FaultRequest } from '../types.js';

const NODE_FAULTS = new Set(['latency', 'stall', 'fail', 'kill']);

/** Checks the shape of a fault request; throws RuntimeError with code RUNTIME_BAD_FAULT naming the problem. */
export function checkFaultRequest(request: FaultRequest): void {
  const target = request.node ?? request.edge;
  if ((request.node === undefined) === (request.edge === undefined)) {
    throw badFault('a fault needs exactly one target: set either node or edge', request);
  }
  if (request.edge !== undefined && request.fault !== 'cut') {
    throw badFault(`fault "${request.fault}" applies to nodes; only "cut" applies to edge ${target}`, request);
  }
  if (request.node !== undefined && !NODE_FAULTS.has(request.fault)) {
    throw badFault(
      `fault "${request.fault}" does not apply to node ${target}; use latency, stall, fail or kill (cut is for edges)`,
      request,
    );
  }
  const value = request.value;
  if (request.fault === 'latency' && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw badFault(`latency needs value: the added ms per frame, 0 or more; found ${String(value)}`, request);
  }
  if (request.fault === 'fail' && value !== undefined && (!Number.isFinite(value) || value < 0 || value > 1)) {
    throw badFault(`fail takes value: the fraction of frames that fail, from 0 to 1; found ${value}`, request);
  }
  const duration = request.durationMs;
  if (duration !== undefined && (!Number.isFinite(duration) || duration <= 0)) {
    throw badFault(`durationMs must be a positive number of ms; found ${duration}`, request);
  }
}

function badFault(message: string, request: FaultRequest): RuntimeError {
  return new RuntimeError('RUNTIME_BAD_FAULT', message, { ...request });
}
