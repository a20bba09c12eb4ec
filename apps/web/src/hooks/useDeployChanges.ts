import { useMemo } from 'react';
import { changesSinceDeploy, type DeployChanges, NO_DEPLOY_CHANGES } from '../run/deploy-changes.js';
import { useCircuit, useRun } from '../store/app-state.js';
import { isRunActive } from '../store/run-store.js';

/** Edits made while a run is active, as the inspector and canvas show them. */
export interface DeployChangesView {
  /** Whether a run is deploying or active, so that edits wait for the next deploy. */
  runActive: boolean;
  /** Nodes and edges edited or added since the deploy; empty while no run is active. */
  changes: DeployChanges;
}

/** Returns the nodes and edges whose settings differ from those of the active run. */
export function useDeployChanges(): DeployChangesView {
  const circuit = useCircuit((state) => state.circuit);
  const phase = useRun((state) => state.phase);
  const deployed = useRun((state) => state.deployedCircuit);
  const runActive = isRunActive(phase);

  const changes = useMemo(
    () => (runActive && deployed ? changesSinceDeploy(deployed, circuit) : NO_DEPLOY_CHANGES),
    [runActive, deployed, circuit],
  );
  return { runActive, changes };
}
