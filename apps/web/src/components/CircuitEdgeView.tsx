import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import type { CircuitFlowEdge } from '../flow/flow-elements.js';
import { formatCount, formatFps } from '../flow/format.js';
import { CLASS_COLORS, CLASS_LABELS, PROBLEM_COLORS } from '../flow/theme.js';
import { circuitStore, useRun } from '../store/app-state.js';
import { FaultBadge } from './FaultBadge.js';

/**
 * Draws a link, coloured by its path class. The label names the pattern and the predicted rate, and
 * once a run sends metrics, the measured rate and the dropped frames beside the prediction. A run
 * that has ended has no rate, so the label then shows the frames received.
 */
export const CircuitEdgeView = memo(function CircuitEdgeView(props: EdgeProps<CircuitFlowEdge>) {
  const { id, data, selected, markerEnd } = props;
  const live = useRun((state) => state.totals.edges[id]);
  const [path, labelX, labelY] = getBezierPath(props);
  const pathClass = data?.pathClass ?? 'capacity';
  const colour = CLASS_COLORS[pathClass];

  const style = { stroke: colour, strokeWidth: selected ? 3 : 2 };
  const labelStyle = {
    transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
    borderColor: data?.problem ? PROBLEM_COLORS[data.problem] : colour,
  };
  const dropped = live?.metrics.dropped ?? 0;

  return (
    <>
      <BaseEdge id={id} path={path} style={style} {...(markerEnd ? { markerEnd } : {})} interactionWidth={16} />
      <EdgeLabelRenderer>
        <button
          type="button"
          className={`cs-edge-label nodrag nopan${selected ? ' selected' : ''}`}
          style={labelStyle}
          title={`${CLASS_LABELS[pathClass]} link ${id}`}
          data-testid={`edge-${id}-label`}
          onClick={() => circuitStore.getState().setSelection({ nodes: [], edges: [id] })}
        >
          <span className="cs-edge-pattern">{data?.pattern}</span>
          {live ? (
            <span className="cs-edge-metrics">
              {live.fps !== undefined ? (
                <span data-testid={`edge-${id}-fps`}>{formatFps(live.fps)} fps</span>
              ) : (
                <span data-testid={`edge-${id}-received`}>{formatCount(live.metrics.received)} received</span>
              )}
              <span className={dropped > 0 ? 'cs-dropped' : undefined}>{formatCount(dropped)} dropped</span>
              {data?.predictedFps !== undefined && (
                <span
                  className="cs-edge-prediction"
                  title="Predicted by the analysis"
                  data-testid={`edge-${id}-predicted`}
                >
                  ≈{formatFps(data.predictedFps)} predicted
                  {data.predictedDropPercent ? ` · ${data.predictedDropPercent.toFixed(0)}% drop` : ''}
                </span>
              )}
            </span>
          ) : (
            data?.predictedFps !== undefined && (
              <span className="cs-edge-prediction" title="Predicted by the analysis">
                ≈{formatFps(data.predictedFps)} fps
                {data.predictedDropPercent ? ` · ${data.predictedDropPercent.toFixed(0)}% drop` : ''}
              </span>
            )
          )}
          <FaultBadge target={{ kind: 'edge', id }} testId={`edge-${id}-fault`} />
        </button>
      </EdgeLabelRenderer>
    </>
  );
});
