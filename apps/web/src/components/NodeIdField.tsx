import { type KeyboardEvent, useEffect, useState } from 'react';
import { renameNode } from '../circuit/edits.js';
import { circuitStore } from '../store/app-state.js';
import { FieldRow } from './FieldRow.js';

/**
 * Edits the node id. Edges refer to nodes by id, so a rename is applied only when the field loses
 * focus or Enter is pressed, and only when the new id is valid. Until then the error shows under the field.
 */
export function NodeIdField({ nodeId }: { nodeId: string }) {
  const [text, setText] = useState(nodeId);
  const [error, setError] = useState<string>();

  useEffect(() => {
    setText(nodeId);
    setError(undefined);
  }, [nodeId]);

  function check(next: string): void {
    setText(next);
    const result = renameNode(circuitStore.getState().circuit, nodeId, next);
    setError(result.ok ? undefined : result.message);
  }

  function apply(): void {
    if (text === nodeId) return;
    const result = circuitStore.getState().renameNode(nodeId, text);
    setError(result.ok ? undefined : result.message);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Enter') apply();
    if (event.key === 'Escape') check(nodeId);
  }

  return (
    <FieldRow fieldKey="id" label="Id" hint="Unique id; links and metrics refer to the node by it" error={error}>
      <input
        id="field-input-id"
        type="text"
        value={text}
        spellCheck={false}
        onChange={(event) => check(event.target.value)}
        onBlur={apply}
        onKeyDown={onKeyDown}
        data-testid="field-id"
      />
    </FieldRow>
  );
}
