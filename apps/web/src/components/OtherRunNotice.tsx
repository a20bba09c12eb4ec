import { useState } from 'react';
import { stopRunOfOtherCircuit } from '../net/studio-connection.js';
import { useRun } from '../store/app-state.js';
import { isRunActive } from '../store/run-store.js';

/**
 * Tells the user that the server runs a circuit other than the one on the canvas, as found after a
 * reload, and offers to stop it. Hidden while the page has a run of its own.
 */
export function OtherRunNotice() {
  const runs = useRun((state) => state.otherRuns);
  const ownRunActive = useRun((state) => isRunActive(state.phase));
  const [stopping, setStopping] = useState<string | undefined>(undefined);
  const run = runs[0];
  if (!run || ownRunActive) return null;

  const stop = () => {
    setStopping(run.runId);
    void stopRunOfOtherCircuit(run.runId).finally(() => setStopping(undefined));
  };
  const more = runs.length > 1 ? ` (and ${runs.length - 1} more)` : '';

  return (
    <section className="cs-notice" role="status" data-testid="other-run-notice">
      <span title="Its node ids differ from those on the canvas, so its figures cannot be shown here.">
        A run of another circuit is active: <b>{run.name}</b>, {run.state}
        {more}.
      </span>
      <button
        type="button"
        className="cs-button cs-danger cs-small"
        onClick={stop}
        disabled={stopping !== undefined}
        title={`Stop run ${run.runId}`}
        data-testid="other-run-stop"
      >
        {stopping === run.runId ? 'Stopping…' : 'Stop'}
      </button>
    </section>
  );
}
