import {
  type AnalysisResult,
  analyze,
  applyQuickFix,
  classifyCircuit,
  type Finding,
  type PathClass,
  type QuickFix,
} from '@circuit-studio/analysis';
import type { Circuit } from '@circuit-studio/model';
import { useMemo } from 'react';

// This module is the one place the editor calls the analysis package, so a change to the analysis
// entry points is wired here only.

export type { AnalysisResult, Finding, PathClass, QuickFix };

/** The analysis of the current circuit, and the reason when the analysis itself failed. */
export interface AnalysisView {
  result: AnalysisResult;
  /** Set when `analyze` threw, in which case the result contains the path classes only. */
  failure?: string;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Runs the analysis on the circuit being edited. The document may hold half-typed values while a
 * field is edited, so a failing analysis falls back to the path classes instead of breaking the page.
 */
export function analyseCircuit(circuit: Circuit): AnalysisView {
  try {
    const result = analyze(circuit);
    const findings = [...result.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    return { result: { ...result, findings } };
  } catch (error) {
    const classification = classifyCircuit(circuit);
    return {
      result: { ...classification, findings: [], predictions: { nodes: {}, edges: {} } },
      failure: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Analyses the circuit again whenever it changes. */
export function useAnalysis(circuit: Circuit): AnalysisView {
  return useMemo(() => analyseCircuit(circuit), [circuit]);
}

/**
 * Applies a finding's suggested edit to a copy of the circuit. Returns the reason instead when the
 * edit no longer fits the circuit, for example because the edge it names was deleted meanwhile.
 */
export function applyFix(
  circuit: Circuit,
  fix: QuickFix,
): { ok: true; circuit: Circuit } | { ok: false; message: string } {
  try {
    return { ok: true, circuit: applyQuickFix(circuit, fix) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
