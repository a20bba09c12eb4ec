import { deployCurrentCircuit, stopCurrentRun } from '../net/studio-connection.js';
import { useConnection, useRun } from '../store/app-state.js';
import { isRunActive } from '../store/run-store.js';

/** Shows the Deploy and Stop buttons with the phase of the current run. */
export function RunControls() {
  const phase = useRun((state) => state.phase);
  const runId = useRun((state) => state.runId);
  const connected = useConnection((state) => state.state === 'open');
  const active = isRunActive(phase);
  const canStop = connected && runId !== undefined && (phase === 'starting' || phase === 'running');

  let deployTitle = 'Send the circuit to the server and start it';
  if (!connected) deployTitle = 'Not connected to the server';
  else if (active) deployTitle = 'Stop the current run before deploying again';

  return (
    <div className="cs-run-controls">
      <button
        type="button"
        className="cs-button cs-primary"
        onClick={() => deployCurrentCircuit(false)}
        disabled={!connected || active}
        title={deployTitle}
        data-testid="deploy"
      >
        Deploy
      </button>
      <button
        type="button"
        className="cs-button cs-danger"
        onClick={() => stopCurrentRun()}
        disabled={!canStop}
        title={runId ? `Stop run ${runId}` : 'No run to stop'}
        data-testid="stop"
      >
        Stop
      </button>
      <span
        className={`cs-run-state cs-phase-${phase}`}
        title={runId ? `Run ${runId}` : undefined}
        data-testid="run-state"
      >
        {phase}
      </span>
    </div>
  );
}
