import { type FormEvent, useState } from 'react';
import { invalidTokenReason } from '../net/access-token.js';
import { setTokenPromptOpen } from '../net/server-access.js';
import { connectWithToken } from '../net/studio-connection.js';
import { useAccess } from '../store/app-state.js';
import { Modal } from './Modal.js';

/**
 * Requests the access token after the server replied that it is missing or wrong, explains where to
 * find it, and connects with the token entered.
 */
export function AccessTokenDialog() {
  const open = useAccess((state) => state.promptOpen);
  const problem = useAccess((state) => state.problem);
  const [text, setText] = useState('');
  const [inputError, setInputError] = useState<string | undefined>(undefined);
  if (!open) return null;

  const close = () => {
    setInputError(undefined);
    setTokenPromptOpen(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const reason = invalidTokenReason(text);
    setInputError(reason);
    if (reason !== undefined) return;
    setText('');
    connectWithToken(text);
  };

  return (
    <Modal
      label="Access token required"
      className="cs-dialog-small cs-access-dialog"
      testId="access-token-dialog"
      onClose={close}
    >
      <header className="cs-dialog-header">
        <h2>Access token required</h2>
      </header>
      <p data-testid="access-token-reason">
        {problem === 'rejected'
          ? 'The server rejected the access token that this page sent.'
          : 'This studio server requires an access token, and this page has none.'}
      </p>
      <p className="cs-muted">
        Open the address that <code>circuit-studio serve</code> printed when it started, which ends in{' '}
        <code>/?token=…</code>, or enter the token below. It is the value of the server's <code>--token</code> option or
        of its <code>ACCESS_TOKEN</code> environment variable. The page keeps it until the tab is closed.
      </p>
      <form onSubmit={submit}>
        <div className={`cs-field${inputError ? ' cs-field-invalid' : ''}`}>
          <label htmlFor="access-token-input">Access token</label>
          <input
            id="access-token-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={text}
            onChange={(event) => setText(event.target.value)}
            data-testid="access-token-input"
          />
          {inputError && <span className="cs-field-error">{inputError}</span>}
        </div>
        <footer className="cs-dialog-footer">
          <button type="button" className="cs-button" onClick={close} title="Edit and analyse circuits without a run">
            Work offline
          </button>
          <button type="submit" className="cs-button cs-primary" data-testid="access-token-submit">
            Connect
          </button>
        </footer>
      </form>
    </Modal>
  );
}
