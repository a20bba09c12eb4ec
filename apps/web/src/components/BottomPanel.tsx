import { useState } from 'react';
import type { AnalysisResult, QuickFix } from '../analysis/useAnalysis.js';
import type { DocumentProblem } from '../circuit/problems.js';
import { useRun } from '../store/app-state.js';
import { EventLog } from './EventLog.js';
import { ProblemsPanel } from './ProblemsPanel.js';

interface BottomPanelProps {
  /** Problems of the document that no analysis finding lists. */
  problems: DocumentProblem[];
  analysis: AnalysisResult;
  analysisFailure?: string | undefined;
  onApplyFix(fix: QuickFix): void;
}

/** Shows the tabs under the canvas: problems in the circuit, and the event log of runs. */
export function BottomPanel(props: BottomPanelProps) {
  const [tab, setTab] = useState<'problems' | 'events'>('problems');
  const eventCount = useRun((state) => state.events.length);
  const problemCount = props.problems.length + props.analysis.findings.length;

  return (
    <section className="cs-bottom">
      <div className="cs-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'problems'}
          className={tab === 'problems' ? 'active' : ''}
          onClick={() => setTab('problems')}
          data-testid="tab-problems"
        >
          Problems <span className="cs-badge">{problemCount}</span>
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'events'}
          className={tab === 'events' ? 'active' : ''}
          onClick={() => setTab('events')}
          data-testid="tab-events"
        >
          Events <span className="cs-badge">{eventCount}</span>
        </button>
      </div>
      <div className="cs-tab-body" role="tabpanel">
        {tab === 'problems' ? <ProblemsPanel {...props} /> : <EventLog />}
      </div>
    </section>
  );
}
