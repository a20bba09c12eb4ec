import type { Circuit } from '@circuit-studio/model';
import type { AnalysisResult } from '../analysis/useAnalysis.js';
import { circuitStore } from '../store/app-state.js';
import { FieldRow } from './FieldRow.js';

const CLASS_TEXT: Record<AnalysisResult['circuitClass'], string> = {
  capacity: 'capacity',
  realtime: 'real-time',
  mixed: 'mixed (real-time and capacity)',
};

/** Shows the circuit's name and a summary, for when nothing is selected. */
export function CircuitInspector({ circuit, analysis }: { circuit: Circuit; analysis: AnalysisResult }) {
  return (
    <div className="cs-inspector-body" data-testid="circuit-inspector">
      <h2>Circuit</h2>
      <FieldRow fieldKey="name" label="Name" error={circuit.name === '' ? 'expected a name' : undefined}>
        <input
          id="field-input-name"
          type="text"
          value={circuit.name}
          maxLength={200}
          onChange={(event) => circuitStore.getState().setName(event.target.value)}
          data-testid="field-name"
        />
      </FieldRow>
      <dl className="cs-stats">
        <dt>Class</dt>
        <dd>{CLASS_TEXT[analysis.circuitClass]}</dd>
        <dt>Nodes</dt>
        <dd>{circuit.nodes.length}</dd>
        <dt>Links</dt>
        <dd>{circuit.edges.length}</dd>
      </dl>
      <p className="cs-muted cs-description">
        Drag node types from the left onto the canvas and link them by dragging from an output handle (right side) to an
        input handle (left side). Select a node or link to edit it here.
      </p>
    </div>
  );
}
