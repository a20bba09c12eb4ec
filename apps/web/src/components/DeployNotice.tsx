import { useDeployChanges } from '../hooks/useDeployChanges.js';
import type { FaultTarget } from '../run/faults.js';

/**
 * Tells the user, while a run is active, that the processes keep the settings they were deployed
 * with, and whether the selected node or edge was edited since. Renders nothing while no run is active.
 */
export function DeployNotice({ target }: { target: FaultTarget }) {
  const { runActive, changes } = useDeployChanges();
  if (!runActive) return null;

  const changed = target.kind === 'node' ? changes.nodes.has(target.id) : changes.edges.has(target.id);
  const noun = target.kind === 'node' ? 'node' : 'link';
  return (
    <div className="cs-deploy-notice" role="status" data-testid="deploy-notice">
      Changes apply at the next Deploy. The active run keeps the settings it was deployed with.
      {changed && (
        <strong className="cs-deploy-notice-changed" data-testid="deploy-notice-changed">
          {' '}
          This {noun} differs from the running one.
        </strong>
      )}
    </div>
  );
}
