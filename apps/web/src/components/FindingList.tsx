import type { FindingMessage } from '@circuit-studio/model';
import type { Finding, QuickFix } from '../analysis/useAnalysis.js';
import { circuitStore } from '../store/app-state.js';

interface FindingListProps {
  findings: readonly (Finding | FindingMessage)[];
  /** Applies a finding's suggested edit; findings without one, or without this callback, show no button. */
  onApply?: (fix: QuickFix) => void;
}

function selectSubjects(finding: FindingMessage): void {
  circuitStore.getState().setSelection({ nodes: [...finding.nodes], edges: [...finding.edges] });
}

/** Lists analysis findings with rule, message and suggested fix. Clicking one selects what it concerns. */
export function FindingList({ findings, onApply }: FindingListProps) {
  if (findings.length === 0) return null;
  return (
    <ul className="cs-findings">
      {findings.map((finding, index) => {
        const quickFix = 'quickFix' in finding ? finding.quickFix : undefined;
        const subjects = [...finding.nodes, ...finding.edges].join(', ');
        return (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole and never reordered
            key={`${finding.rule}-${subjects}-${index}`}
            className={`cs-finding cs-severity-${finding.severity}`}
            data-testid={`finding-${finding.rule}`}
          >
            <button type="button" className="cs-finding-main" onClick={() => selectSubjects(finding)}>
              <span className="cs-finding-head">
                <span className="cs-severity">{finding.severity}</span>
                <code>{finding.rule}</code>
                {subjects && <span className="cs-finding-subjects">{subjects}</span>}
              </span>
              <span className="cs-finding-message">{finding.message}</span>
              {finding.fix && <span className="cs-finding-fix">Fix: {finding.fix}</span>}
            </button>
            {quickFix && onApply && (
              <button type="button" className="cs-button cs-small" onClick={() => onApply(quickFix)}>
                Apply fix
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
