import { type AnalysisResult, analyze, toLintJson } from '@circuit-studio/analysis';
import {
  type Circuit,
  type CircuitLimits,
  DEFAULT_LIMITS,
  type FindingMessage,
  parseCircuit,
  type ValidationError,
  validateCircuitConfig,
} from '@circuit-studio/model';

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
