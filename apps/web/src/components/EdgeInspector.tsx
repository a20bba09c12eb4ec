import { type Circuit, type CircuitEdge, defaultBindSide, isBrokerEdge, resolveLink } from '@circuit-studio/model';
import { useMemo, useState } from 'react';
import type { Finding, PathClass, QuickFix } from '../analysis/useAnalysis.js';
import type { EdgeFieldPatch } from '../circuit/edits.js';
import { EDGE_FIELD_LABELS } from '../circuit/problem-labels.js';
import { edgeFieldErrors } from '../circuit/problems.js';
import { socketPlaceholders } from '../circuit/socket-placeholders.js';
import { CLASS_LABELS } from '../flow/theme.js';
import { circuitStore } from '../store/app-state.js';
import { DeployNotice } from './DeployNotice.js';
import { EdgeLiveStats } from './EdgeLiveStats.js';
import { FaultsSection } from './FaultsSection.js';
import { FieldRow } from './FieldRow.js';
import { FindingList } from './FindingList.js';
import { NumberInput } from './NumberInput.js';

const SOCKET_PATTERNS = ['dealer-router', 'pub-sub', 'req-rep'] as const;

interface EdgeInspectorProps {
  circuit: Circuit;
  edge: CircuitEdge;
  pathClass: PathClass | undefined;
  findings: Finding[];
  onApplyFix(fix: QuickFix): void;
}

function textOrUndefined(text: string): string | undefined {
  return text === '' ? undefined : text;
}

/** Edits the selected edge: pattern, bind side, endpoint, high-water mark, timeout and socket specs. */
export function EdgeInspector({ circuit, edge, pathClass, findings, onApplyFix }: EdgeInspectorProps) {
  const [badInput, setBadInput] = useState<Record<string, string | undefined>>({});
  const errors = useMemo(() => edgeFieldErrors(circuit, edge.id), [circuit, edge.id]);
  const broker = isBrokerEdge(circuit, edge);
  const link = resolveLink(circuit, edge);
  const placeholders = socketPlaceholders(link);
  const update = (patch: EdgeFieldPatch) => circuitStore.getState().updateEdge(edge.id, patch);
  const errorOf = (key: string) => badInput[key] ?? errors[key];
  const reportBadInput = (key: string) => (message: string | undefined) =>
    setBadInput((current) => ({ ...current, [key]: message }));

  return (
    <div className="cs-inspector-body" data-testid="edge-inspector">
      <h2>
        Link {edge.id}
        {pathClass && <span className="cs-muted"> · {CLASS_LABELS[pathClass].toLowerCase()}</span>}
      </h2>
      <p className="cs-muted cs-description">
        {edge.source} → {edge.target}
      </p>
      <DeployNotice target={{ kind: 'edge', id: edge.id }} />
      <FieldRow
        fieldKey="pattern"
        label={EDGE_FIELD_LABELS.pattern}
        hint="ZeroMQ socket pair, or the broker's client"
        error={errorOf('pattern')}
      >
        <select
          id="field-input-pattern"
          value={broker ? 'broker' : (edge.pattern ?? '')}
          disabled={broker}
          onChange={(event) =>
            update({ pattern: event.target.value === '' ? undefined : (event.target.value as CircuitEdge['pattern']) })
          }
          data-testid="field-pattern"
        >
          {broker && <option value="broker">broker (the broker's own client)</option>}
          {!broker && <option value="">default (dealer-router)</option>}
          {!broker &&
            SOCKET_PATTERNS.map((pattern) => (
              <option key={pattern} value={pattern}>
                {pattern}
              </option>
            ))}
        </select>
      </FieldRow>
      <FieldRow
        fieldKey="bind"
        label={EDGE_FIELD_LABELS.bind}
        hint="The side that binds the endpoint; the other side connects"
        error={errorOf('bind')}
      >
        <select
          id="field-input-bind"
          value={edge.bind ?? ''}
          disabled={broker}
          onChange={(event) =>
            update({ bind: event.target.value === '' ? undefined : (event.target.value as 'source' | 'target') })
          }
          data-testid="field-bind"
        >
          <option value="">default ({defaultBindSide(link.pattern)})</option>
          <option value="source">source ({edge.source})</option>
          <option value="target">target ({edge.target})</option>
        </select>
      </FieldRow>
      <FieldRow
        fieldKey="endpoint"
        label={EDGE_FIELD_LABELS.endpoint}
        hint="ipc:// or tcp:// address; allocated by the runtime when empty"
        error={errorOf('endpoint')}
      >
        <input
          id="field-input-endpoint"
          type="text"
          value={edge.endpoint ?? ''}
          placeholder="allocated by the runtime"
          spellCheck={false}
          disabled={broker}
          onChange={(event) => update({ endpoint: textOrUndefined(event.target.value) })}
          data-testid="field-endpoint"
        />
      </FieldRow>
      <FieldRow
        fieldKey="hwm"
        label={EDGE_FIELD_LABELS.hwm}
        hint="Messages queued per socket before the pattern drops or blocks"
        error={errorOf('hwm')}
      >
        <NumberInput
          fieldKey="hwm"
          value={edge.hwm}
          onChange={(hwm) => update({ hwm })}
          onBadInput={reportBadInput('hwm')}
          integer
          min={1}
          placeholder="runtime default"
          unit="messages"
        />
      </FieldRow>
      <FieldRow
        fieldKey="timeoutMs"
        label={EDGE_FIELD_LABELS.timeoutMs}
        hint="Maximum wait to send or receive one frame"
        error={errorOf('timeoutMs')}
      >
        <NumberInput
          fieldKey="timeoutMs"
          value={edge.timeoutMs}
          onChange={(timeoutMs) => update({ timeoutMs })}
          onBadInput={reportBadInput('timeoutMs')}
          integer
          min={1}
          placeholder="none"
          unit="ms"
        />
      </FieldRow>
      <h3>Socket specs</h3>
      <p className="cs-muted cs-description">
        Savant-style <code>TYPE+MODE:ENDPOINT</code>; when set they win over pattern, binding side and endpoint.
      </p>
      {(['sourceSocket', 'targetSocket'] as const).map((key) => (
        <FieldRow key={key} fieldKey={key} label={EDGE_FIELD_LABELS[key]} error={errorOf(key)}>
          <input
            id={`field-input-${key}`}
            type="text"
            value={edge[key] ?? ''}
            placeholder={placeholders[key]}
            spellCheck={false}
            disabled={broker && edge[key] === undefined}
            onChange={(event) => update({ [key]: textOrUndefined(event.target.value) })}
            data-testid={`field-${key}`}
          />
        </FieldRow>
      ))}
      <p className="cs-muted" data-testid="edge-resolved">
        Resolves to {link.pattern}, {link.bind} binds, {link.endpoint ?? 'endpoint allocated by the runtime'}
      </p>
      <EdgeLiveStats edgeId={edge.id} />
      <FaultsSection target={{ kind: 'edge', id: edge.id }} />
      {findings.length > 0 && <h3>Findings</h3>}
      <FindingList findings={findings} onApply={onApplyFix} />
    </div>
  );
}
