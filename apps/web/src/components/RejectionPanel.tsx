import { deployCurrentCircuit } from '../net/studio-connection.js';
import { runStore, useConnection, useRun } from '../store/app-state.js';
import { FindingList } from './FindingList.js';

/**
 * Shows why the last deploy did not start a run: the server's rejection, or its error. Findings alone
 * can be overridden with "Deploy anyway", but schema errors cannot, because the server checks the
 * schema even when forced.
 */
export function RejectionPanel() {
  const rejection = useRun((state) => state.rejection);
  const failure = useRun((state) => state.deployFailure);
  const connected = useConnection((state) => state.state === 'open');
  if (!rejection && failure === undefined) return null;

  const canForce = rejection !== undefined && rejection.errors.length === 0;
  let summary = failure ?? '';
  if (rejection && rejection.errors.length > 0) summary = 'The circuit file is invalid; fix the fields below.';
  else if (rejection) summary = 'The analysis found problems that would stall, lose or drop frames.';

  return (
    <section className="cs-rejection" role="alert" data-testid="rejection">
      <header>
        <h2>{rejection ? 'Deploy rejected' : 'Deploy failed'}</h2>
        <span className="cs-muted">{summary}</span>
      </header>
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
