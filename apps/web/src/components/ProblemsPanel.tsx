import type { AnalysisResult, QuickFix } from '../analysis/useAnalysis.js';
import { describeProblemPath } from '../circuit/problem-labels.js';
import type { DocumentProblem } from '../circuit/problems.js';
import { circuitStore, useCircuit } from '../store/app-state.js';
import { FindingList } from './FindingList.js';

interface ProblemsPanelProps {
  problems: DocumentProblem[];
  analysis: AnalysisResult;
  analysisFailure?: string | undefined;
  onApplyFix(fix: QuickFix): void;
}

function select(problem: DocumentProblem): void {
  circuitStore.getState().setSelection({
    nodes: problem.nodeId ? [problem.nodeId] : [],
    edges: problem.edgeId ? [problem.edgeId] : [],
  });
}

/** Lists invalid fields of the document and the analysis findings. Clicking one selects what it concerns. */
export function ProblemsPanel({ problems, analysis, analysisFailure, onApplyFix }: ProblemsPanelProps) {
  const circuit = useCircuit((state) => state.circuit);
  if (problems.length === 0 && analysis.findings.length === 0 && !analysisFailure) {
    return <p className="cs-muted cs-empty">No problems found.</p>;
  }
  return (
    <div className="cs-problems" data-testid="problems">
      {analysisFailure && <p className="cs-field-error">The analysis failed: {analysisFailure}</p>}
      {problems.length > 0 && (
        <ul className="cs-error-list">
          {problems.map((problem, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole and never reordered
            <li key={`${problem.path}-${index}`}>
              <button
                type="button"
                className="cs-link"
                title={`JSON path: ${problem.path || '(document)'}`}
                onClick={() => select(problem)}
                data-testid="problem-location"
              >
                {describeProblemPath(circuit, problem.path)}
              </button>{' '}
              {problem.message}
            </li>
          ))}
        </ul>
      )}
      <FindingList findings={analysis.findings} onApply={onApplyFix} />
    </div>
  );
}
