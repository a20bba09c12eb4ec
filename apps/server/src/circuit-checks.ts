import { type AnalysisResult, analyze, toLintJson } from '@circuit-studio/analysis';
import {
  type Circuit,
  type CircuitEdge,
  type CircuitLimits,
  DEFAULT_LIMITS,
  type FindingMessage,
  parseCircuit,
  parseSocketSpec,
  resolveConfig,
  type ValidationError,
  validateCircuitConfig,
} from '@circuit-studio/model';

import { ServerError } from './errors.js';

/** A problem in a circuit document as clients see it: the JSON path and what is wrong there. */
export type DocumentError = Pick<ValidationError, 'path' | 'message'>;

export type LintOutcome =
  | { ok: true; circuit: Circuit; result: AnalysisResult }
  | { ok: false; errors: DocumentError[] };

export type DeployCheck =
  | { ok: true; circuit: Circuit }
  | { ok: false; errors: DocumentError[] }
  | { ok: false; findings: FindingMessage[] };

function toDocumentErrors(errors: readonly ValidationError[]): DocumentError[] {
  return errors.map(({ path, message }) => ({ path, message }));
}

/**
 * Parses a circuit document and analyses it. Shape errors make the document invalid. Config errors
 * do not, because the analysis reports them as `structure` findings.
 */
export function lintDocument(input: unknown, limits: CircuitLimits = DEFAULT_LIMITS): LintOutcome {
  const parsed = parseCircuit(input, limits);
  if (!parsed.ok) {
    return { ok: false, errors: toDocumentErrors(parsed.errors) };
  }
  return { ok: true, circuit: parsed.circuit, result: analyze(parsed.circuit) };
}

/**
 * Decides whether a circuit may be deployed. Shape and config errors always block, because the
 * runtime cannot start such a circuit. Findings of severity `error` block unless `force` is set,
 * and the rejection then lists only those findings.
 */
export function checkDeploy(input: unknown, force: boolean, limits: CircuitLimits = DEFAULT_LIMITS): DeployCheck {
  const parsed = parseCircuit(input, limits);
  if (!parsed.ok) {
    return { ok: false, errors: toDocumentErrors(parsed.errors) };
  }
  const configErrors = validateCircuitConfig(parsed.circuit);
  if (configErrors.length > 0) {
    return { ok: false, errors: toDocumentErrors(configErrors) };
  }
  if (!force) {
    const blocking = toLintJson(analyze(parsed.circuit)).findings.filter((finding) => finding.severity === 'error');
    if (blocking.length > 0) {
      return { ok: false, findings: blocking };
    }
  }
  return { ok: true, circuit: parsed.circuit };
}

/**
 * Raised when the runtime rejects a circuit that passed the deploy checks, for example a file path
 * that leads out of the data folder through a symbolic link. `errors` locates each problem in the
 * circuit document, so clients get the same shape as for a document that fails validation.
 */
export class CircuitRejectedError extends ServerError {
  readonly errors: DocumentError[];

  constructor(errors: DocumentError[], cause: unknown) {
    super('RUN_REJECTED', `the runtime rejected the circuit: ${errors.map((error) => error.message).join('; ')}`, {
      cause,
    });
    this.errors = errors;
  }
}

function nodePath(circuit: Circuit, nodeId: unknown): string | undefined {
  const index = circuit.nodes.findIndex((node) => node.id === nodeId);
  return index < 0 ? undefined : `nodes[${index}]`;
}

function edgePath(circuit: Circuit, edgeId: unknown): string | undefined {
  const index = circuit.edges.findIndex((edge) => edge.id === edgeId);
  return index < 0 ? undefined : `edges[${index}]`;
}

/** Returns the path of the config field whose value (after defaults) is `value`, else of the node. */
function configFieldPath(circuit: Circuit, nodeId: unknown, value: unknown): string | undefined {
  const base = nodePath(circuit, nodeId);
  const node = circuit.nodes.find((candidate) => candidate.id === nodeId);
  if (base === undefined || node === undefined) return undefined;
  const key = Object.entries(resolveConfig(node)).find(([, fieldValue]) => fieldValue === value)?.[0];
  return key === undefined ? base : `${base}.config.${key}`;
}

/** Returns the field of an edge that names an endpoint: `endpoint`, or the socket spec that contains it. */
function endpointFieldPath(circuit: Circuit, edgeId: unknown, endpoint: unknown): string | undefined {
  const base = edgePath(circuit, edgeId);
  const edge = circuit.edges.find((candidate) => candidate.id === edgeId);
  if (base === undefined || edge === undefined) return undefined;
  if (edge.endpoint === endpoint) return `${base}.endpoint`;
  const side = (['sourceSocket', 'targetSocket'] as const).find((key) => specEndpoint(edge, key) === endpoint);
  return side === undefined ? base : `${base}.${side}`;
}

function specEndpoint(edge: CircuitEdge, side: 'sourceSocket' | 'targetSocket'): string | undefined {
  const text = edge[side];
  if (text === undefined) return undefined;
  const parsed = parseSocketSpec(text);
  return parsed.ok ? parsed.spec.endpoint : undefined;
}

function isDocumentError(value: unknown): value is DocumentError {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.path === 'string' && typeof record.message === 'string';
}

/** Returns the JSON path that the details of a runtime error point at, or undefined when they name none. */
function pathOfDetails(circuit: Circuit, details: Readonly<Record<string, unknown>>): string | undefined {
  const { nodeId, edgeId } = details;
  if (nodeId !== undefined && details.path !== undefined) return configFieldPath(circuit, nodeId, details.path);
  if (nodeId !== undefined && details.type !== undefined) {
    const base = nodePath(circuit, nodeId);
    return base === undefined ? undefined : `${base}.type`;
  }
  if (details.endpoint !== undefined) {
    // Edges that share an endpoint are listed in circuit order, and the last one is where the clash shows.
    const edge = edgeId ?? (Array.isArray(details.edges) ? details.edges.at(-1) : undefined);
    return endpointFieldPath(circuit, edge, details.endpoint);
  }
  if (nodeId !== undefined) return nodePath(circuit, nodeId);
  if (Array.isArray(details.nodes)) return nodePath(circuit, details.nodes[0]);
  if (edgeId !== undefined) return edgePath(circuit, edgeId);
  return undefined;
}

/**
 * Locates a runtime rejection in the circuit document, from the facts the runtime puts in the
 * error's details. These are `errors` (already located), `nodeId` with a config value `path` or a
 * `type`, `edgeId` with an `endpoint`, `edges` that share an `endpoint`, or the `nodes` of a cycle.
 * The path is '' when the details name no part of the circuit.
 */
export function locateRuntimeProblem(
  circuit: Circuit,
  details: Readonly<Record<string, unknown>>,
  message: string,
): DocumentError[] {
  const located = details.errors;
  if (Array.isArray(located) && located.length > 0 && located.every(isDocumentError)) {
    return located.map(({ path, message: text }) => ({ path, message: text }));
  }
  return [{ path: pathOfDetails(circuit, details) ?? '', message }];
}
