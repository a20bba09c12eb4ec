import { uiStore, useUi } from '../store/app-state.js';
import { Modal } from './Modal.js';

/** Lists why an imported file did not load, each problem with its JSON path. */
export function ImportErrorsDialog() {
  const failure = useUi((state) => state.importFailure);
  if (!failure) return null;
  const close = () => uiStore.setState({ importFailure: undefined });

  return (
    <Modal label="Import failed" className="cs-dialog-small" testId="import-errors" onClose={close}>
      <header className="cs-dialog-header">
        <h2>Import failed</h2>
        <span className="cs-muted">{failure.fileName}; the current circuit is unchanged</span>
      </header>
      <ul className="cs-error-list">
        {failure.errors.map((error, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole and never reordered
          <li key={`${error.path}-${index}`} data-testid="import-error">
            <code>{error.path || '(document)'}</code> {error.message}
          </li>
        ))}
      </ul>
      <footer className="cs-dialog-footer">
        <button type="button" className="cs-button" onClick={close}>
          Close
        </button>
      </footer>
    </Modal>
  );
}
