import { type ClientMessage, describeValue, type FaultKind } from '@circuit-studio/model';

/**
 * A client message after its fields are checked. The deploy gate checks the circuit itself, so it
 * is still `unknown` here.
 */
export type IncomingMessage =
  | Exclude<ClientMessage, { type: 'deploy' }>
  | { type: 'deploy'; circuit: unknown; force?: boolean };

export type ParsedClientMessage = { ok: true; message: IncomingMessage } | { ok: false; error: string };

export const CLIENT_MESSAGE_TYPES = ['deploy', 'stop', 'subscribe', 'inject', 'clear'] as const;
export const FAULT_KINDS: readonly FaultKind[] = ['latency', 'stall', 'fail', 'kill', 'cut'];
/** Maximum duration of an injected fault and maximum added latency: one day, in ms. */
const MAX_FAULT_MS = 86_400_000;

type Fields = Record<string, unknown>;

/** A rejected field, carried from the check that found it to the message the client gets. */
class FieldError extends Error {}

function fail(message: string): never {
  throw new FieldError(message);
}

function requireString(fields: Fields, key: string, type: string): string {
  const value = fields[key];
  if (typeof value !== 'string' || value.length === 0) {
    fail(`"${type}" needs "${key}" as a non-empty string, found ${describeValue(value)}`);
  }
  return value;
}

function optionalString(fields: Fields, key: string, type: string): string | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    fail(
      `"${type}" takes "${key}" as a non-empty string id, found ${describeValue(value)}; leave it out or give an id`,
    );
  }
  return value;
}

function optionalNumber(fields: Fields, key: string, range: { min: number; max: number; unit: string }) {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
    fail(
      `"inject" takes "${key}" as a number from ${range.min} to ${range.max}${range.unit}, found ${describeValue(value)}`,
    );
  }
  return value;
}

function parseDeploy(fields: Fields): IncomingMessage {
  if (fields.circuit === undefined) {
    fail('"deploy" needs "circuit": the circuit document, as exported by the editor');
  }
  if (fields.force !== undefined && typeof fields.force !== 'boolean') {
    fail(`"deploy" takes "force" as true or false, found ${describeValue(fields.force)}`);
  }
  return { type: 'deploy', circuit: fields.circuit, ...(fields.force === true ? { force: true } : {}) };
}

function parseInject(fields: Fields): IncomingMessage {
  const runId = requireString(fields, 'runId', 'inject');
  const fault = fields.fault;
  if (typeof fault !== 'string' || !(FAULT_KINDS as readonly string[]).includes(fault)) {
    fail(`"inject" needs "fault" as one of ${FAULT_KINDS.join(', ')}, found ${describeValue(fault)}`);
  }
  const kind = fault as FaultKind;
  const node = optionalString(fields, 'node', 'inject');
  const edge = optionalString(fields, 'edge', 'inject');
  if (kind === 'cut' && edge === undefined) {
    fail('"inject" with fault "cut" needs "edge": the id of the edge to cut');
  }
  if (kind !== 'cut' && node === undefined && edge === undefined) {
    fail(`"inject" with fault "${kind}" needs "node" or "edge": the id of the part to affect`);
  }
  const range =
    kind === 'fail'
      ? { min: 0, max: 1, unit: ' (fraction of frames)' }
      : { min: 0, max: MAX_FAULT_MS, unit: kind === 'latency' ? ' ms' : '' };
  const value = optionalNumber(fields, 'value', range);
  const durationMs = optionalNumber(fields, 'durationMs', { min: 1, max: MAX_FAULT_MS, unit: ' ms' });
  return {
    type: 'inject',
    runId,
    fault: kind,
    ...(node !== undefined ? { node } : {}),
    ...(edge !== undefined ? { edge } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

function parseFields(fields: Fields): IncomingMessage {
  const type = fields.type;
  switch (type) {
    case 'deploy':
      return parseDeploy(fields);
    case 'stop':
    case 'subscribe':
      return { type, runId: requireString(fields, 'runId', type) };
    case 'inject':
      return parseInject(fields);
    case 'clear': {
      const runId = requireString(fields, 'runId', 'clear');
      const node = optionalString(fields, 'node', 'clear');
      const edge = optionalString(fields, 'edge', 'clear');
      return { type, runId, ...(node !== undefined ? { node } : {}), ...(edge !== undefined ? { edge } : {}) };
    }
    default:
      return fail(
        `unknown message type ${describeValue(type)}; "type" must be one of ${CLIENT_MESSAGE_TYPES.join(', ')}`,
      );
  }
}

/**
 * Parses one WebSocket text frame into a client message. A frame that is not JSON, has an unknown
 * type or a bad field gets an error that names the field and what it accepts.
 */
export function parseClientMessage(text: string): ParsedClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: `message is not valid JSON (${reason}); send one JSON object per text frame, such as {"type":"subscribe","runId":"..."}`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `expected a JSON object with a "type" field, found ${describeValue(value)}` };
  }
  try {
    return { ok: true, message: parseFields(value as Fields) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, error: error.message };
    throw error;
  }
}
