import { DROP_REASONS } from '@circuit-studio/model';
import { formatCount, formatFps } from '../flow/format.js';
import { useRun } from '../store/app-state.js';

/** Shows the live figures of one edge in the current run: the conservation counters, rate and drops by reason. */
export function EdgeLiveStats({ edgeId }: { edgeId: string }) {
  const live = useRun((state) => state.totals.edges[edgeId]);
  if (!live) return null;

  const { metrics } = live;
  const byReason = DROP_REASONS.filter((reason) => (metrics.droppedByReason?.[reason] ?? 0) > 0);
  return (
    <>
      <h3>Run</h3>
      <dl className="cs-stats">
        {live.fps !== undefined && (
          <>
            <dt>Rate</dt>
            <dd>{formatFps(live.fps)} fps</dd>
          </>
        )}
        <dt>Sent</dt>
        <dd>{formatCount(metrics.sent)}</dd>
        <dt>Received</dt>
        <dd>{formatCount(metrics.received)}</dd>
        <dt>Dropped</dt>
        <dd>
          {formatCount(metrics.dropped)}
          {byReason.length > 0 &&
            ` (${byReason.map((reason) => `${reason} ${metrics.droppedByReason?.[reason]}`).join(', ')})`}
        </dd>
        <dt>In flight</dt>
        <dd>{formatCount(metrics.inFlight)}</dd>
      </dl>
    </>
  );
}
