import { getNodeType } from '@circuit-studio/model';
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { CircuitFlowNode } from '../flow/flow-elements.js';
import { configSummary, formatCount, formatFps, nodeTitle } from '../flow/format.js';
import { CLASS_COLORS, PROBLEM_COLORS, STATE_COLORS } from '../flow/theme.js';
import { totalDropped } from '../run/metrics.js';
import { useRun } from '../store/app-state.js';
import { FaultBadge } from './FaultBadge.js';

/** Returns a counter's tooltip, with the rate while the run measures one. */
function countTitle(label: string, count: number | undefined, fps: number | undefined): string {
  const rate = fps === undefined ? '' : `, ${formatFps(fps)} fps`;
  return `${label}: ${count ?? 0}${rate}`;
}

/** Draws a circuit node: title, type, main settings, and the live state and counters of a run. */
export const CircuitNodeView = memo(function CircuitNodeView({ id, data, selected }: NodeProps<CircuitFlowNode>) {
  const live = useRun((state) => state.totals.nodes[id]);
  const { node, pathClass, problem, changed } = data;
  const spec = getNodeType(node.type);
  const role = spec?.role;
  const metrics = live?.metrics;
  const state = live?.state;
  const dropped = metrics ? totalDropped(metrics) : 0;
  const restarts = metrics?.restarts ?? 0;
  const summary = configSummary(node);

  const classNames = ['cs-node', `cs-node-${role ?? 'unknown'}`, selected ? 'selected' : ''];
  const outline = problem ? { boxShadow: `0 0 0 2px ${PROBLEM_COLORS[problem]}` } : undefined;

  return (
    <div className={classNames.join(' ')} style={outline} data-testid={`node-${id}`}>
      {role !== 'source' && <Handle type="target" position={Position.Left} />}
      <div className="cs-node-header">
        <span className="cs-node-title" title={node.id}>
          {nodeTitle(node)}
        </span>
        {changed && (
          <span
            className="cs-changed-tag"
            title="Changed since deploy: the running process keeps the deployed settings until the next Deploy"
            data-testid={`node-${id}-changed`}
          >
            changed
          </span>
        )}
        {pathClass === 'realtime' && (
          <span className="cs-node-class" style={{ color: CLASS_COLORS.realtime }} title="On a real-time path">
            RT
          </span>
        )}
      </div>
      <div className="cs-node-type">{spec?.label ?? `Unknown type "${node.type}"`}</div>
      {/* The summary is cut to the card's width, so the tooltip carries all of it, such as a long URL. */}
      <div className="cs-node-summary" title={summary} data-testid={`node-${id}-summary`}>
        {summary}
      </div>
      <div className="cs-node-live">
        <span
          className="cs-node-state"
          style={state ? { color: STATE_COLORS[state], borderColor: STATE_COLORS[state] } : undefined}
          title={live?.message}
          data-testid={`node-${id}-state`}
        >
          {state ?? 'idle'}
        </span>
        <span className="cs-node-count" title={countTitle('Frames in', metrics?.framesIn, live?.fpsIn)}>
          in <b data-testid={`node-${id}-in`}>{formatCount(metrics?.framesIn ?? 0)}</b>
        </span>
        <span className="cs-node-count" title={countTitle('Frames out', metrics?.framesOut, live?.fpsOut)}>
          out <b data-testid={`node-${id}-out`}>{formatCount(metrics?.framesOut ?? 0)}</b>
        </span>
        {dropped > 0 && (
          <span className="cs-node-count cs-dropped" title="Frames dropped in this node">
            drop <b>{formatCount(dropped)}</b>
          </span>
        )}
        {restarts > 0 && (
          <span
            className="cs-node-count cs-restarts"
            title="Times the node's processes were restarted after they ended"
          >
            restarts <b data-testid={`node-${id}-restarts`}>{restarts}</b>
          </span>
        )}
      </div>
      <FaultBadge target={{ kind: 'node', id }} testId={`node-${id}-fault`} />
      {role !== 'sink' && <Handle type="source" position={Position.Right} />}
    </div>
  );
});
