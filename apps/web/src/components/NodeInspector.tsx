import { type CircuitNode, getNodeType } from '@circuit-studio/model';
import { useMemo } from 'react';
import type { Finding, QuickFix } from '../analysis/useAnalysis.js';
import { nodeFieldErrors } from '../circuit/problems.js';
import { circuitStore } from '../store/app-state.js';
import { ConfigFieldInput } from './ConfigFieldInput.js';
import { DeployNotice } from './DeployNotice.js';
import { FaultsSection } from './FaultsSection.js';
import { FieldRow } from './FieldRow.js';
import { FindingList } from './FindingList.js';
import { NodeIdField } from './NodeIdField.js';
import { NodeLiveStats } from './NodeLiveStats.js';

interface NodeInspectorProps {
  node: CircuitNode;
  findings: Finding[];
  onApplyFix(fix: QuickFix): void;
}

/** Edits the selected node: id, label and one field per config key of its type. */
export function NodeInspector({ node, findings, onApplyFix }: NodeInspectorProps) {
  const spec = getNodeType(node.type);
  const errors = useMemo(() => nodeFieldErrors(node), [node]);
  const store = circuitStore.getState();
  const knownKeys = new Set(Object.keys(spec?.config ?? {}));
  const extraKeys = Object.keys(node.config).filter((key) => !knownKeys.has(key));

  return (
    <div className="cs-inspector-body" data-testid="node-inspector">
      <h2>
        {spec?.label ?? 'Unknown node type'}
        <span className="cs-muted"> · {spec?.role ?? node.type}</span>
      </h2>
      {spec && <p className="cs-muted cs-description">{spec.description}</p>}
      <DeployNotice target={{ kind: 'node', id: node.id }} />
      {errors.type && (
        <div className="cs-field-error" data-testid="field-type-error">
          {errors.type}
        </div>
      )}
      <NodeIdField nodeId={node.id} />
      <FieldRow fieldKey="label" label="Label" hint="Name shown on the canvas; the id is shown when empty">
        <input
          id="field-input-label"
          type="text"
          value={typeof node.label === 'string' ? node.label : ''}
          placeholder={node.id}
          onChange={(event) => store.setNodeLabel(node.id, event.target.value)}
          data-testid="field-label"
        />
      </FieldRow>
      {spec && Object.keys(spec.config).length > 0 && <h3>Config</h3>}
      {Object.entries(spec?.config ?? {}).map(([key, field]) => (
        <ConfigFieldInput
          key={`${node.id}:${key}`}
          fieldKey={key}
          field={field}
          value={node.config[key]}
          error={errors[key]}
          onChange={(value) => store.setConfigValue(node.id, key, value)}
        />
      ))}
      {extraKeys.length > 0 && (
        <p className="cs-muted" title="Kept unchanged on export">
          Other config keys: {extraKeys.join(', ')}
        </p>
      )}
      <NodeLiveStats nodeId={node.id} />
      <FaultsSection target={{ kind: 'node', id: node.id }} />
      {findings.length > 0 && <h3>Findings</h3>}
      <FindingList findings={findings} onApply={onApplyFix} />
    </div>
  );
}
