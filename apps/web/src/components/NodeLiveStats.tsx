import { DROP_REASONS } from '@circuit-studio/model';
import { formatCount, formatFps } from '../flow/format.js';
import { useRun } from '../store/app-state.js';

/** Shows the live figures of one node in the current run: rates, latency, drops by reason and restarts. */
export function NodeLiveStats({ nodeId }: { nodeId: string }) {
  const live = useRun((state) => state.totals.nodes[nodeId]);
  const metrics = live?.metrics;
  if (!live || !metrics) return null;

  const drops = DROP_REASONS.filter((reason) => (metrics.dropped[reason] ?? 0) > 0);
  return (
    <>
      <h3>Run</h3>
      <dl className="cs-stats">
        <dt>State</dt>
        <dd>{live.state ?? metrics.state}</dd>
        <dt>Frames in</dt>
        <dd>
          {formatCount(metrics.framesIn)}
          {live.fpsIn !== undefined && ` · ${formatFps(live.fpsIn)} fps`}
        </dd>
        <dt>Frames out</dt>
        <dd>
          {formatCount(metrics.framesOut)}
          {live.fpsOut !== undefined && ` · ${formatFps(live.fpsOut)} fps`}
        </dd>
        <dt>Latency</dt>
        <dd>
          p50 {metrics.latencyMs.p50.toFixed(1)} · p95 {metrics.latencyMs.p95.toFixed(1)} · p99{' '}
          {metrics.latencyMs.p99.toFixed(1)} ms
        </dd>
        <dt>Dropped</dt>
        <dd>
          {drops.length === 0 ? 'none' : drops.map((reason) => `${reason} ${metrics.dropped[reason]}`).join(', ')}
        </dd>
        <dt>Errors</dt>
        <dd>{metrics.errors}</dd>
        {metrics.queueDepth !== undefined && (
          <>
            <dt>Queue depth</dt>
            <dd>{metrics.queueDepth}</dd>
          </>
        )}
        {metrics.restarts !== undefined && metrics.restarts > 0 && (
          <>
            <dt>Restarts</dt>
            <dd>{metrics.restarts}</dd>
          </>
        )}
      </dl>
      {live.message && <p className="cs-muted">{live.message}</p>}
    </>
  );
}
