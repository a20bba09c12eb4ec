import type { Circuit } from '@circuit-studio/model';
import type { ReactNode } from 'react';
import type { AnalysisResult, QuickFix } from '../analysis/useAnalysis.js';
import { describeSelection } from '../flow/format.js';
import type { Selection } from '../store/circuit-store.js';
import { CircuitInspector } from './CircuitInspector.js';
import { EdgeInspector } from './EdgeInspector.js';
import { NodeInspector } from './NodeInspector.js';

interface InspectorProps {
  circuit: Circuit;
  selection: Selection;
  analysis: AnalysisResult;
  onApplyFix(fix: QuickFix): void;
}

/** Shows the right-hand panel: the selected node or edge, a count of a larger selection, or else the circuit. */
export function Inspector({ circuit, selection, analysis, onApplyFix }: InspectorProps) {
  const single = selection.nodes.length + selection.edges.length === 1;
  const node = single ? circuit.nodes.find((candidate) => candidate.id === selection.nodes[0]) : undefined;
  const edge = single ? circuit.edges.find((candidate) => candidate.id === selection.edges[0]) : undefined;

  let body: ReactNode;
  if (node) {
    const findings = analysis.findings.filter((finding) => finding.nodes.includes(node.id));
    body = <NodeInspector key={node.id} node={node} findings={findings} onApplyFix={onApplyFix} />;
  } else if (edge) {
    const findings = analysis.findings.filter((finding) => finding.edges.includes(edge.id));
    body = (
      <EdgeInspector
        key={edge.id}
        circuit={circuit}
        edge={edge}
        pathClass={analysis.edges[edge.id]}
        findings={findings}
        onApplyFix={onApplyFix}
      />
    );
  } else if (!single && selection.nodes.length + selection.edges.length > 1) {
    body = (
      <div className="cs-inspector-body">
        <h2>Selection</h2>
        <p className="cs-muted" data-testid="selection-summary">
          {describeSelection(selection.nodes.length, selection.edges.length)}. Press Delete to remove them.
        </p>
      </div>
    );
  } else {
    body = <CircuitInspector circuit={circuit} analysis={analysis} />;
  }

  return (
    <aside className="cs-inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}
