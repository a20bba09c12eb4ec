import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import { edgeLabelTitle, predictionText } from '../flow/edge-label.js';
import type { CircuitFlowEdge } from '../flow/flow-elements.js';
import { formatCount, formatFps } from '../flow/format.js';
import { CLASS_COLORS, PROBLEM_COLORS } from '../flow/theme.js';
import { circuitStore, useRun } from '../store/app-state.js';
import { FaultBadge } from './FaultBadge.js';

/**
 * Draws a link, coloured by its path class. The label stays two lines high so that it fits between
 * close nodes: the pattern, then the measured rate with any drops while a run sends metrics, or the
 * predicted rate before. A run that has ended has no rate, so the label then shows the frames
 * received. The tooltip has the rest: sent, in flight, drops by reason and the prediction.
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
  const prediction = data ? predictionText(data) : undefined;
  const classNames = [
    'cs-edge-label',
    'nodrag',
    'nopan',
    selected ? 'selected' : '',
    data?.changed ? 'cs-changed' : '',
  ];

  return (
    <>
      <BaseEdge id={id} path={path} style={style} {...(markerEnd ? { markerEnd } : {})} interactionWidth={16} />
      <EdgeLabelRenderer>
        <button
          type="button"
          className={classNames.join(' ')}
          style={labelStyle}
          title={data ? edgeLabelTitle(id, data, live) : `link ${id}`}
          data-testid={`edge-${id}-label`}
          onClick={() => circuitStore.getState().setSelection({ nodes: [], edges: [id] })}
        >
          <span className="cs-edge-head">
            <span className="cs-edge-pattern">{data?.pattern}</span>
            {data?.changed && (
              // A dot rather than a word keeps the label narrow. The dashed border and the tooltip explain it.
              <span className="cs-changed-dot" title="Changed since deploy" data-testid={`edge-${id}-changed`}>
                ●
              </span>
            )}
            <FaultBadge target={{ kind: 'edge', id }} testId={`edge-${id}-fault`} />
          </span>
          {live ? (
            <span className="cs-edge-metrics">
              {live.fps !== undefined ? (
                <span data-testid={`edge-${id}-fps`}>{formatFps(live.fps)} fps</span>
              ) : (
                <span data-testid={`edge-${id}-received`}>{formatCount(live.metrics.received)} received</span>
              )}
              {dropped > 0 && (
                <span className="cs-dropped" data-testid={`edge-${id}-dropped`}>
                  {' · '}
                  {formatCount(dropped)} dropped
                </span>
              )}
            </span>
          ) : (
            prediction && (
              <span className="cs-edge-prediction" data-testid={`edge-${id}-predicted`}>
                {prediction}
              </span>
            )
          )}
        </button>
      </EdgeLabelRenderer>
    </>
  );
});
