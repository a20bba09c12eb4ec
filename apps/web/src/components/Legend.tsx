import { Panel } from '@xyflow/react';
import type { AnalysisResult } from '../analysis/useAnalysis.js';
import { CLASS_COLORS, CLASS_LABELS } from '../flow/theme.js';

const CIRCUIT_CLASS_LABELS: Record<AnalysisResult['circuitClass'], string> = {
  capacity: 'Capacity circuit: nothing may be lost, stages may wait',
  realtime: 'Real-time circuit: frames keep pace, a stuck part costs drops',
  mixed: 'Mixed circuit: a live path and a capacity path',
};

/** Shows the key to the edge colours and the class of the whole circuit. */
export function Legend({ circuitClass }: { circuitClass: AnalysisResult['circuitClass'] }) {
  return (
    <Panel position="bottom-center" className="cs-legend" data-testid="legend">
      {(['realtime', 'capacity'] as const).map((pathClass) => (
        <span key={pathClass} className="cs-legend-item">
          <span className="cs-legend-swatch" style={{ background: CLASS_COLORS[pathClass] }} />
          {CLASS_LABELS[pathClass]}
        </span>
      ))}
      <span className="cs-legend-class" data-testid="circuit-class">
        {CIRCUIT_CLASS_LABELS[circuitClass]}
      </span>
    </Panel>
  );
}
