import { type ChangeEvent, useRef } from 'react';
import { downloadCircuit } from '../circuit/download.js';
import { readCircuitText } from '../circuit/file-io.js';
import { circuitStore, runStore, uiStore, useCircuit } from '../store/app-state.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { RunControls } from './RunControls.js';

async function importFile(event: ChangeEvent<HTMLInputElement>): Promise<void> {
  const input = event.target;
  const file = input.files?.[0];
  // Clearing the input lets the same file be chosen again after it is fixed.
  input.value = '';
  if (!file) return;

  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    uiStore.setState({
      importFailure: { fileName: file.name, errors: [{ path: '', message: `the file could not be read: ${reason}` }] },
    });
    return;
  }
  const result = readCircuitText(text);
  if (!result.ok) {
    uiStore.setState({ importFailure: { fileName: file.name, errors: result.errors } });
    runStore.getState().log('error', `import of ${file.name} failed with ${result.errors.length} error(s)`);
    return;
  }
  circuitStore.getState().replaceCircuit(result.circuit);
  uiStore.setState({ importFailure: undefined });
  runStore
    .getState()
    .log('info', `imported ${file.name}: ${result.circuit.nodes.length} nodes, ${result.circuit.edges.length} links`);
}

/** Shows the top bar: undo and redo, file commands, run controls and the connection state. */
export function Toolbar() {
  const canUndo = useCircuit((state) => state.history.past.length > 0);
  const canRedo = useCircuit((state) => state.history.future.length > 0);
  const hasSelection = useCircuit((state) => state.selection.nodes.length + state.selection.edges.length > 0);
  const name = useCircuit((state) => state.circuit.name);
  const store = circuitStore.getState();
  const fileInput = useRef<HTMLInputElement>(null);

  return (
    <header className="cs-toolbar">
      <div className="cs-brand">
        Circuit Studio <span className="cs-circuit-name">{name || 'unnamed circuit'}</span>
      </div>
      <div className="cs-toolbar-group">
        <button
          type="button"
          className="cs-button"
          onClick={store.undo}
          disabled={!canUndo}
          title="Undo (Ctrl+Z)"
          data-testid="undo"
        >
          Undo
        </button>
        <button
          type="button"
          className="cs-button"
          onClick={store.redo}
          disabled={!canRedo}
          title="Redo (Ctrl+Shift+Z)"
          data-testid="redo"
        >
          Redo
        </button>
        <button
          type="button"
          className="cs-button"
          onClick={store.deleteSelection}
          disabled={!hasSelection}
          title="Delete the selected nodes and links (Delete)"
          data-testid="delete"
        >
          Delete
        </button>
      </div>
      <div className="cs-toolbar-group">
        <button
          type="button"
          className="cs-button"
          onClick={() => fileInput.current?.click()}
          title="Open a circuit file (.json)"
          data-testid="import"
        >
          Import
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          onChange={(event) => void importFile(event)}
          hidden
          data-testid="import-input"
        />
        <button
          type="button"
          className="cs-button"
          onClick={() => downloadCircuit(circuitStore.getState().circuit)}
          title="Download the circuit file"
          data-testid="export"
        >
          Export
        </button>
        <button
          type="button"
          className="cs-button"
          onClick={() => uiStore.setState({ jsonOpen: true })}
          title="Show the circuit file to copy it"
          data-testid="show-json"
        >
          JSON
        </button>
      </div>
      <div className="cs-toolbar-spacer" />
      <RunControls />
      <ConnectionIndicator />
    </header>
  );
}
