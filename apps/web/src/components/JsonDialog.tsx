import { useEffect, useRef, useState } from 'react';
import { serializeCircuit } from '../circuit/file-io.js';
import { uiStore, useCircuit, useUi } from '../store/app-state.js';
import { Modal } from './Modal.js';

/** Shows the circuit file as text in a dialog, to read or copy. */
export function JsonDialog() {
  const open = useUi((state) => state.jsonOpen);
  const circuit = useCircuit((state) => state.circuit);
  const [copyMessage, setCopyMessage] = useState<string>();
  const text = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (open) setCopyMessage(undefined);
  }, [open]);

  if (!open) return null;
  const json = serializeCircuit(circuit);
  const close = () => uiStore.setState({ jsonOpen: false });

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(json);
      setCopyMessage('Copied to the clipboard');
    } catch (error) {
      // The clipboard API needs a secure context and permission; select the text so Ctrl+C copies it.
      text.current?.select();
      const reason = error instanceof Error ? error.message : String(error);
      setCopyMessage(`Clipboard not available (${reason}); the text is selected, press Ctrl+C`);
    }
  }

  return (
    <Modal label="Circuit JSON" testId="json-dialog" onClose={close}>
      <header className="cs-dialog-header">
        <h2>Circuit file</h2>
        <span className="cs-muted">{json.length} characters</span>
      </header>
      <textarea ref={text} className="cs-json" value={json} readOnly spellCheck={false} data-testid="json-text" />
      <footer className="cs-dialog-footer">
        {copyMessage && (
          <span className="cs-muted" data-testid="copy-result">
            {copyMessage}
          </span>
        )}
        <button type="button" className="cs-button cs-primary" onClick={() => void copy()} data-testid="copy-json">
          Copy JSON
        </button>
        <button type="button" className="cs-button" onClick={close}>
          Close
        </button>
      </footer>
    </Modal>
  );
}
