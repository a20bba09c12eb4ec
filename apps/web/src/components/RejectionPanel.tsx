import { deployCurrentCircuit } from '../net/studio-connection.js';
import type { UnrunnableNode } from '../run/runnable.js';
import { circuitStore, runStore, useConnection, useRun } from '../store/app-state.js';
import { FindingList } from './FindingList.js';

function UnrunnableList({ nodes }: { nodes: UnrunnableNode[] }) {
  return (
    <ul className="cs-error-list" data-testid="unrunnable-nodes">
      {nodes.map((node) => (
        <li key={node.nodeId}>
          <button
            type="button"
            className="cs-link"
            onClick={() => circuitStore.getState().setSelection({ nodes: [node.nodeId], edges: [] })}
          >
            <code>{node.nodeId}</code>
          </button>{' '}
          {node.typeLabel} ({node.type})
        </li>
      ))}
    </ul>
  );
}

/**
 * Shows why the last deploy did not start a run: nodes the runtime cannot start, found before
 * sending, or the server's rejection or error. Findings alone can be overridden with "Deploy
 * anyway", but schema errors cannot, because the server checks the schema even when forced.
 */
export function RejectionPanel() {
  const rejection = useRun((state) => state.rejection);
  const failure = useRun((state) => state.deployFailure);
  const unrunnable = useRun((state) => state.unrunnable);
  const connected = useConnection((state) => state.state === 'open');
  if (!rejection && failure === undefined && !unrunnable) return null;

  const canForce = rejection !== undefined && rejection.errors.length === 0;
  let title = 'Deploy failed';
  let summary = failure ?? '';
  if (unrunnable) {
    title = 'Deploy not sent';
    summary =
      'The runtime cannot start these node types yet; they can be drawn, analysed and exported. ' +
      'Remove them or replace them with runnable types to deploy.';
  } else if (rejection && rejection.errors.length > 0) {
    title = 'Deploy rejected';
    summary = 'The circuit file is invalid; fix the fields below.';
  } else if (rejection) {
    title = 'Deploy rejected';
    summary = 'The analysis found problems that would stall, lose or drop frames.';
  }

  return (
    <section className="cs-rejection" role="alert" data-testid="rejection">
      <header>
        <h2>{title}</h2>
        <span className="cs-muted">{summary}</span>
      </header>
      {unrunnable && <UnrunnableList nodes={unrunnable} />}
      {rejection && rejection.errors.length > 0 && (
        <ul className="cs-error-list">
          {rejection.errors.map((error, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole and never reordered
            <li key={`${error.path}-${index}`}>
              <code>{error.path || '(document)'}</code> {error.message}
            </li>
          ))}
        </ul>
      )}
      {rejection && <FindingList findings={rejection.findings} />}
      <footer>
        {canForce && (
          <button
            type="button"
            className="cs-button cs-danger"
            onClick={() => deployCurrentCircuit(true)}
            disabled={!connected}
            title="Deploy the current circuit despite the findings"
            data-testid="deploy-anyway"
          >
            Deploy anyway
          </button>
        )}
        <button
          type="button"
          className="cs-button"
          onClick={() => runStore.getState().dismissDeployProblem()}
          data-testid="dismiss-rejection"
        >
          Dismiss
        </button>
      </footer>
    </section>
  );
}
