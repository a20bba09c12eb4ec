import type { FaultKind } from '@circuit-studio/model';
import { useState } from 'react';
import { useFaultsOn } from '../hooks/useFaultsOn.js';
import { clearFaults, injectFault } from '../net/studio-connection.js';
import {
  buildFaultRequest,
  EDGE_FAULT_KINDS,
  type FaultFormErrors,
  faultFormErrors,
  faultValueField,
  NODE_FAULT_KINDS,
  takesDuration,
} from '../run/fault-form.js';
import { describeFaultNow, type FaultTarget, sameTarget, targetLabel } from '../run/faults.js';
import { useConnection, useRun } from '../store/app-state.js';
import { FieldRow } from './FieldRow.js';
import { NumberInput } from './NumberInput.js';

const FAULT_HINTS: Record<FaultKind, string> = {
  latency: 'Adds processing time to every frame the node handles.',
  stall: 'The node takes no more frames until the stall ends.',
  fail: 'A share of the frames fails inside the node and is counted as an error.',
  kill: 'Kills the node’s process; the supervisor restarts it with back-off and counts what was lost.',
  cut: 'The link carries no frames: a real-time link drops them, a capacity link makes its sender wait.',
};

/**
 * Injects faults into the selected node or edge of the running circuit and lists the faults in force
 * on it. Renders nothing while no run is starting or running.
 */
export function FaultsSection({ target }: { target: FaultTarget }) {
  const phase = useRun((state) => state.phase);
  const runId = useRun((state) => state.runId);
  const error = useRun((state) => state.faults.error);
  const connected = useConnection((state) => state.state === 'open');
  const { faults, now } = useFaultsOn(target);
  const [fault, setFault] = useState<FaultKind>(target.kind === 'edge' ? 'cut' : 'latency');
  const [value, setValue] = useState<number>();
  const [durationSeconds, setDurationSeconds] = useState<number>();
  const [badInput, setBadInput] = useState<FaultFormErrors>({});
  // A missing required value is reported only once Apply is pressed, not while the form is still empty.
  const [applyPressed, setApplyPressed] = useState(false);

  if (runId === undefined || (phase !== 'starting' && phase !== 'running')) return null;

  const kinds = target.kind === 'node' ? NODE_FAULT_KINDS : EDGE_FAULT_KINDS;
  const valueField = faultValueField(fault);
  const errors = faultFormErrors({ fault, value, durationSeconds });
  const valueError = badInput.value ?? (value !== undefined || applyPressed ? errors.value : undefined);
  const lasting = takesDuration(fault);
  const durationError = lasting ? (badInput.duration ?? errors.duration) : undefined;
  let blockedReason: string | undefined;
  if (!connected) blockedReason = 'Not connected to the server';
  else if (phase !== 'running') blockedReason = 'The run is still starting';

  function chooseFault(next: FaultKind): void {
    setFault(next);
    setValue(undefined);
    // A hidden duration field cannot show its error, and it starts again from the last valid value.
    setBadInput((current) => (takesDuration(next) ? { duration: current.duration } : {}));
    setApplyPressed(false);
  }

  function apply(): void {
    setApplyPressed(true);
    if (badInput.value !== undefined || (lasting && badInput.duration !== undefined)) return;
    const built = buildFaultRequest(target, { fault, value, durationSeconds });
    if (!built.ok) return;
    if (injectFault(built.request)) setApplyPressed(false);
  }

  return (
    <section className="cs-faults" aria-label="Faults" data-testid="faults">
      <h3>Faults</h3>
      <FieldRow fieldKey="fault-kind" label="Fault" hint="What to inject into the running circuit">
        <select
          id="field-input-fault-kind"
          value={fault}
          disabled={kinds.length === 1}
          onChange={(event) => chooseFault(event.target.value as FaultKind)}
          data-testid="fault-kind"
        >
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
      </FieldRow>
      <p className="cs-muted cs-description">{FAULT_HINTS[fault]}</p>
      {valueField && (
        <FieldRow fieldKey="fault-value" label={valueField.label} hint={valueField.hint} error={valueError}>
          <NumberInput
            key={fault}
            fieldKey="fault-value"
            testId="fault-value"
            value={value}
            onChange={setValue}
            onBadInput={(message) => setBadInput((current) => ({ ...current, value: message }))}
            min={valueField.min}
            max={valueField.max}
            placeholder={valueField.placeholder}
            unit={valueField.unit}
          />
        </FieldRow>
      )}
      {lasting && (
        <FieldRow
          fieldKey="fault-duration"
          label="Duration"
          hint="Ends the fault after this time. Empty lasts until cleared."
          error={durationError}
        >
          <NumberInput
            fieldKey="fault-duration"
            testId="fault-duration"
            value={durationSeconds}
            onChange={setDurationSeconds}
            onBadInput={(message) => setBadInput((current) => ({ ...current, duration: message }))}
            min={0}
            placeholder="until cleared"
            unit="s"
          />
        </FieldRow>
      )}
      <div className="cs-fault-actions">
        <button
          type="button"
          className="cs-button cs-danger cs-small"
          onClick={apply}
          disabled={blockedReason !== undefined}
          title={blockedReason ?? `Inject ${fault} into ${targetLabel(target)}`}
          data-testid="fault-apply"
        >
          {target.kind === 'edge' ? 'Cut link' : 'Apply'}
        </button>
        <button
          type="button"
          className="cs-button cs-small"
          onClick={() => clearFaults(target)}
          disabled={blockedReason !== undefined}
          title={blockedReason ?? 'End every fault in force here'}
          data-testid="fault-clear"
        >
          Clear faults
        </button>
      </div>
      {error && sameTarget(error.target, target) && (
        <div className="cs-field-error" role="alert" data-testid="fault-error">
          {error.message}
        </div>
      )}
      <ul className="cs-fault-list" aria-label="Faults in force" data-testid="fault-active">
        {faults.length === 0 && <li className="cs-muted">No faults in force</li>}
        {faults.map((active) => (
          <li key={active.fault}>{describeFaultNow(active, now)}</li>
        ))}
      </ul>
    </section>
  );
}
