import { type Circuit, type CircuitEdge, type CircuitNode, EDGE_PATTERNS, SCHEMA_VERSION } from './circuit.js';
import type { ConfigField } from './config-fields.js';
import type { ErrorCode, ValidationError } from './errors.js';
import { type CircuitLimits, DEFAULT_LIMITS } from './limits.js';
import { getNodeType } from './node-types.js';
import { checkEndpoint } from './socket-spec.js';

export type ParseResult = { ok: true; circuit: Circuit } | { ok: false; errors: ValidationError[] };

const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;
const MAX_ERRORS = 50;

/** Collects problems while walking a document, up to a bound so that a huge bad file yields a short list. */
class Problems {
  readonly list: ValidationError[] = [];

  add(code: ErrorCode, path: string, message: string): void {
    if (this.list.length < MAX_ERRORS) {
      this.list.push({ code, path, message });
    }
  }
}

/** Formats a value for an error message, short enough to print on one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function measureDepth(value: unknown, depth: number, limit: number): number {
  if (depth > limit || typeof value !== 'object' || value === null) {
    return depth;
  }
  let deepest = depth;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, measureDepth(child, depth + 1, limit));
    if (deepest > limit) break;
  }
  return deepest;
}

function findLongString(value: unknown, limit: number, path: string): string | undefined {
  if (typeof value === 'string') {
    return value.length > limit ? path : undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  for (const [key, child] of Object.entries(value)) {
    let childPath = path ? `${path}.${key}` : key;
    if (Array.isArray(value)) childPath = `${path}[${key}]`;
    const found = findLongString(child, limit, childPath);
    if (found) return found;
  }
  return undefined;
}

function checkId(value: unknown, path: string, limits: CircuitLimits, problems: Problems): value is string {
  if (typeof value !== 'string') {
    problems.add(
      value === undefined ? 'CIRCUIT_MISSING_FIELD' : 'CIRCUIT_WRONG_TYPE',
      path,
      `expected a string id, found ${describeValue(value)}`,
    );
    return false;
  }
  if (value.length === 0 || value.length > limits.maxIdLength || !ID_PATTERN.test(value)) {
    problems.add(
      'CIRCUIT_BAD_VALUE',
      path,
      `expected an id of 1 to ${limits.maxIdLength} letters, digits, _ . : or -, found ${describeValue(value)}`,
    );
    return false;
  }
  return true;
}

function checkNode(raw: unknown, path: string, limits: CircuitLimits, problems: Problems): CircuitNode | undefined {
  if (!isRecord(raw)) {
    problems.add('CIRCUIT_WRONG_TYPE', path, `expected a node object, found ${describeValue(raw)}`);
    return undefined;
  }
  const idOk = checkId(raw.id, `${path}.id`, limits, problems);
  let ok = idOk;
  if (typeof raw.type !== 'string') {
    problems.add(
      raw.type === undefined ? 'CIRCUIT_MISSING_FIELD' : 'CIRCUIT_WRONG_TYPE',
      `${path}.type`,
      `expected a node type name such as "module", found ${describeValue(raw.type)}`,
    );
    ok = false;
  }
  const position = raw.position ?? { x: 0, y: 0 };
  if (!isRecord(position) || !Number.isFinite(position.x) || !Number.isFinite(position.y)) {
    problems.add(
      'CIRCUIT_WRONG_TYPE',
      `${path}.position`,
      `expected { "x": number, "y": number }, found ${describeValue(position)}`,
    );
    ok = false;
  }
  const config = raw.config ?? {};
  if (!isRecord(config)) {
    problems.add('CIRCUIT_WRONG_TYPE', `${path}.config`, `expected an object, found ${describeValue(config)}`);
    ok = false;
  }
  if (!ok) return undefined;
  return { ...raw, position, config } as CircuitNode;
}

function checkOptionalNumber(
  edge: Record<string, unknown>,
  key: string,
  range: { min: number; max: number },
  path: string,
  problems: Problems,
): boolean {
  const value = edge[key];
  if (value === undefined) return true;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    problems.add(
      'CIRCUIT_BAD_VALUE',
      `${path}.${key}`,
      `expected an integer from ${range.min} to ${range.max}, found ${describeValue(value)}`,
    );
    return false;
  }
  return true;
}

function checkEdge(raw: unknown, path: string, limits: CircuitLimits, problems: Problems): CircuitEdge | undefined {
  if (!isRecord(raw)) {
    problems.add('CIRCUIT_WRONG_TYPE', path, `expected an edge object, found ${describeValue(raw)}`);
    return undefined;
  }
  let ok = checkId(raw.id, `${path}.id`, limits, problems);
  ok = checkId(raw.source, `${path}.source`, limits, problems) && ok;
  ok = checkId(raw.target, `${path}.target`, limits, problems) && ok;
  if (raw.pattern !== undefined && !(EDGE_PATTERNS as readonly unknown[]).includes(raw.pattern)) {
    problems.add(
      'CIRCUIT_BAD_VALUE',
      `${path}.pattern`,
      `expected one of ${EDGE_PATTERNS.join(', ')}, found ${describeValue(raw.pattern)}`,
    );
    ok = false;
  }
  if (raw.bind !== undefined && raw.bind !== 'source' && raw.bind !== 'target') {
    problems.add(
      'CIRCUIT_BAD_VALUE',
      `${path}.bind`,
      `expected "source" or "target", found ${describeValue(raw.bind)}`,
    );
    ok = false;
  }
  if (raw.endpoint !== undefined) {
    const problem =
      typeof raw.endpoint === 'string'
        ? checkEndpoint(raw.endpoint)
        : `expected an endpoint string, found ${describeValue(raw.endpoint)}`;
    if (problem) {
      problems.add('CIRCUIT_BAD_VALUE', `${path}.endpoint`, problem);
      ok = false;
    }
  }
  for (const key of ['sourceSocket', 'targetSocket']) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') {
      problems.add('CIRCUIT_WRONG_TYPE', `${path}.${key}`, `expected a string such as "pub+bind:ipc:///tmp/a.ipc"`);
      ok = false;
    }
  }
  ok = checkOptionalNumber(raw, 'hwm', { min: 1, max: 1_000_000 }, path, problems) && ok;
  ok = checkOptionalNumber(raw, 'timeoutMs', { min: 1, max: 600_000 }, path, problems) && ok;
  if (!ok) return undefined;
  return raw as CircuitEdge;
}

function checkTopLevel(input: Record<string, unknown>, limits: CircuitLimits, problems: Problems): boolean {
  if (input.version === undefined) {
    problems.add('CIRCUIT_MISSING_FIELD', 'version', `expected version ${SCHEMA_VERSION}, found nothing`);
    return false;
  }
  if (input.version !== SCHEMA_VERSION) {
    const newer = typeof input.version === 'number' && input.version > SCHEMA_VERSION;
    problems.add(
      'CIRCUIT_BAD_VERSION',
      'version',
      newer
        ? `this circuit uses schema version ${input.version}, newer than the ${SCHEMA_VERSION} this studio reads; upgrade Circuit Studio to open it`
        : `expected version ${SCHEMA_VERSION}, found ${describeValue(input.version)}`,
    );
    return false;
  }
  if (measureDepth(input, 0, limits.maxDepth) > limits.maxDepth) {
    problems.add('CIRCUIT_TOO_LARGE', '', `the document nests deeper than ${limits.maxDepth} levels`);
    return false;
  }
  const longString = findLongString(input, limits.maxStringLength, '');
  if (longString !== undefined) {
    problems.add('CIRCUIT_TOO_LARGE', longString, `strings are limited to ${limits.maxStringLength} characters`);
    return false;
  }
  let ok = true;
  if (typeof input.name !== 'string' || input.name.length > limits.maxNameLength) {
    problems.add(
      input.name === undefined ? 'CIRCUIT_MISSING_FIELD' : 'CIRCUIT_WRONG_TYPE',
      'name',
      `expected a name of at most ${limits.maxNameLength} characters, found ${describeValue(input.name)}`,
    );
    ok = false;
  }
  for (const [key, max] of [
    ['nodes', limits.maxNodes],
    ['edges', limits.maxEdges],
  ] as const) {
    const list = input[key];
    if (!Array.isArray(list)) {
      problems.add(
        list === undefined ? 'CIRCUIT_MISSING_FIELD' : 'CIRCUIT_WRONG_TYPE',
        key,
        `expected an array, found ${describeValue(list)}`,
      );
      ok = false;
    } else if (list.length > max) {
      problems.add('CIRCUIT_TOO_LARGE', key, `expected at most ${max} ${key}, found ${list.length}`);
      ok = false;
    }
  }
  return ok;
}

/**
 * Checks the shape of a circuit document: version, required fields and their types, unique ids,
 * edges that name existing nodes, and the size limits. Unknown fields are kept. Node types and
 * config values are checked separately by {@link validateNodeConfig}, so the editor can keep
 * analysing a circuit while a field is being edited.
 */
export function parseCircuit(input: unknown, limits: CircuitLimits = DEFAULT_LIMITS): ParseResult {
  const problems = new Problems();
  if (!isRecord(input)) {
    problems.add('CIRCUIT_NOT_OBJECT', '', `expected a circuit object, found ${describeValue(input)}`);
    return { ok: false, errors: problems.list };
  }
  if (!checkTopLevel(input, limits, problems)) {
    return { ok: false, errors: problems.list };
  }

  const nodes: CircuitNode[] = [];
  const nodeIds = new Set<string>();
  (input.nodes as unknown[]).forEach((raw, index) => {
    const node = checkNode(raw, `nodes[${index}]`, limits, problems);
    if (!node) {
      // Edges to a node rejected for another field are not reported again as edges to a missing node.
      if (isRecord(raw) && typeof raw.id === 'string') nodeIds.add(raw.id);
      return;
    }
    if (nodeIds.has(node.id)) {
      problems.add(
        'CIRCUIT_DUPLICATE_ID',
        `nodes[${index}].id`,
        `node id "${node.id}" is used twice; ids must be unique`,
      );
      return;
    }
    nodeIds.add(node.id);
    nodes.push(node);
  });

  const edges: CircuitEdge[] = [];
  const edgeIds = new Set<string>();
  (input.edges as unknown[]).forEach((raw, index) => {
    const path = `edges[${index}]`;
    const edge = checkEdge(raw, path, limits, problems);
    if (!edge) return;
    if (edgeIds.has(edge.id)) {
      problems.add('CIRCUIT_DUPLICATE_ID', `${path}.id`, `edge id "${edge.id}" is used twice; ids must be unique`);
      return;
    }
    edgeIds.add(edge.id);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIds.has(edge[end])) {
        problems.add(
          'CIRCUIT_UNKNOWN_NODE',
          `${path}.${end}`,
          `expected the id of a node in this circuit, found "${edge[end]}"; add that node or reconnect the edge`,
        );
      }
    }
    edges.push(edge);
  });

  if (problems.list.length > 0) {
    return { ok: false, errors: problems.list };
  }
  return { ok: true, circuit: { ...input, nodes, edges } as Circuit };
}

function checkField(key: string, field: ConfigField, value: unknown): string | undefined {
  switch (field.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return `expected a number, found ${describeValue(value)}`;
      }
      if (field.integer && !Number.isInteger(value)) {
        return `expected a whole number, found ${value}`;
      }
      if (value < field.min || value > field.max) {
        const unit = field.unit ? ` ${field.unit}` : '';
        return `expected ${field.min} to ${field.max}${unit}, found ${value}`;
      }
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, found ${describeValue(value)}`;
    case 'string': {
      if (typeof value !== 'string') {
        return `expected a string, found ${describeValue(value)}`;
      }
      if (value.length > field.maxLength) {
        return `expected at most ${field.maxLength} characters, found ${value.length}`;
      }
      const control = controlCharacterAt(value);
      if (control !== undefined) {
        const code = value.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0');
        return `expected text without control characters, found U+${code} at position ${control}`;
      }
      if (field.pattern && !field.pattern.test(value)) {
        return `expected ${field.patternHint ?? `text matching ${field.pattern}`}, found ${describeValue(value)}`;
      }
      if (field.format === 'url') return urlProblem(value, field.patternHint ?? 'a URL');
      return undefined;
    }
    case 'enum':
      return field.values.includes(value as string)
        ? undefined
        : `expected one of ${field.values.join(', ')}, found ${describeValue(value)}`;
    default: {
      const unreachable: never = field;
      return `config field ${key} has an unknown kind ${describeValue(unreachable)}`;
    }
  }
}

/**
 * Returns the index of the first C0 control character or DEL in `value`. No config value needs
 * one, and a NUL cannot be passed to a child process at all.
 */
function controlCharacterAt(value: string): number | undefined {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return index;
  }
  return undefined;
}

/** Returns why `value` is not a URL with a host, or undefined when it is one. */
function urlProblem(value: string, hint: string): string | undefined {
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    // The value is not echoed, because it may contain a password.
    return (
      `expected ${hint}, found text that does not parse as a URL; check the host and the port (0 to 65535), ` +
      'and percent-encode any /, ?, # or @ in the user name or password'
    );
  }
  return host === '' ? `expected ${hint} with a host, found none` : undefined;
}

/**
 * Checks a node's type and config values against the catalog. Returns one error per bad field,
 * with paths relative to the node (`config.fps`). Unknown config keys are kept and not flagged.
 */
export function validateNodeConfig(node: Pick<CircuitNode, 'type' | 'config'>): ValidationError[] {
  const spec = getNodeType(node.type);
  if (!spec) {
    return [
      {
        code: 'NODE_UNKNOWN_TYPE',
        path: 'type',
        message: `unknown node type ${describeValue(node.type)}; pick a type from the palette`,
      },
    ];
  }
  const errors: ValidationError[] = [];
  for (const [key, field] of Object.entries(spec.config)) {
    const value = node.config[key];
    if (value === undefined) {
      if (field.default === undefined && !field.optional) {
        errors.push({ code: 'NODE_INVALID_CONFIG', path: `config.${key}`, message: `${field.label} is required` });
      }
      continue;
    }
    const problem = checkField(key, field, value);
    if (problem) {
      errors.push({ code: 'NODE_INVALID_CONFIG', path: `config.${key}`, message: `${field.label}: ${problem}` });
    }
  }
  return errors;
}

/** Checks every node of a parsed circuit, with paths from the document root. */
export function validateCircuitConfig(circuit: Circuit): ValidationError[] {
  const errors: ValidationError[] = [];
  circuit.nodes.forEach((node, index) => {
    for (const error of validateNodeConfig(node)) {
      errors.push({ ...error, path: `nodes[${index}].${error.path}` });
    }
  });
  return errors;
}
