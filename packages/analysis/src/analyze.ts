import type { Circuit } from '@circuit-studio/model';
import { buildContext } from './context.js';
import { predictRates } from './rates.js';
import { RULES, type RuleInput } from './rules/index.js';
import type { AnalysisResult, Finding } from './types.js';

/**
 * Classifies a circuit, predicts its rates and runs every rule over it. Pure: it reads nothing but
 * the circuit, so the editor and the server get the same result. The circuit may be unvalidated, as
 * while a field is being edited: unknown types, invalid config and edges to missing nodes come out
 * as `structure` findings.
 */
export function analyze(circuit: Circuit): AnalysisResult {
  const context = buildContext(circuit);
  const input: RuleInput = { ...context, predictions: predictRates(context) };

  const findings: Finding[] = [];
  for (const rule of RULES) {
    findings.push(...rule(input));
  }
  return { ...context.classification, findings, predictions: input.predictions };
}
