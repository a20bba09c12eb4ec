import type { AnalysisContext } from '../context.js';
import type { Finding, Predictions } from '../types.js';

/** Input of every rule: the analysis context and the predicted rates. */
export interface RuleInput extends AnalysisContext {
  predictions: Predictions;
}

/** One or more rules of the catalog; returns its findings in circuit order. */
export type Rule = (input: RuleInput) => Finding[];
