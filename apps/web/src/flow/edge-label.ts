import { DROP_REASONS } from '@circuit-studio/model';
import type { EdgeLive } from '../run/metrics.js';
import type { CircuitEdgeData } from './flow-elements.js';
import { formatCount, formatFps } from './format.js';
import { CLASS_LABELS } from './theme.js';

/** Returns the predicted rate and drop share of an edge, such as `≈30.0 fps · 5% drop`, or undefined without a prediction. */
export function predictionText(
  data: Pick<CircuitEdgeData, 'predictedFps' | 'predictedDropPercent'>,
): string | undefined {
  if (data.predictedFps === undefined) return undefined;
  const drop = data.predictedDropPercent ? ` · ${data.predictedDropPercent.toFixed(0)}% drop` : '';
  return `≈${formatFps(data.predictedFps)} fps${drop}`;
}

function dropsText(live: EdgeLive): string {
  const { metrics } = live;
  const byReason = DROP_REASONS.filter((reason) => (metrics.droppedByReason?.[reason] ?? 0) > 0);
  const reasons = byReason.map((reason) => `${reason} ${metrics.droppedByReason?.[reason]}`).join(', ');
  return `${formatCount(metrics.dropped)} dropped${reasons ? ` (${reasons})` : ''}`;
}

/**
 * Returns the tooltip of an edge label: everything the label leaves out to stay two lines high, one
 * fact per line. The label itself shows the pattern and either the measured or the predicted rate.
 */
export function edgeLabelTitle(id: string, data: CircuitEdgeData, live: EdgeLive | undefined): string {
  const lines = [`${CLASS_LABELS[data.pathClass ?? 'capacity']} link ${id} · ${data.pattern}`];
  if (live) {
    const rate = live.fps === undefined ? '' : `${formatFps(live.fps)} fps · `;
    const { sent, received, inFlight } = live.metrics;
    lines.push(`Measured: ${rate}${formatCount(sent)} sent · ${formatCount(received)} received`);
    lines.push(`${dropsText(live)} · ${formatCount(inFlight)} in flight`);
  }
  const prediction = predictionText(data);
  if (prediction) lines.push(`Predicted by the analysis: ${prediction}`);
  if (data.changed) lines.push('Changed since deploy: the run keeps the deployed settings until the next Deploy');
  return lines.join('\n');
}
