import { setTokenPromptOpen } from '../net/server-access.js';
import type { ConnectionStatus } from '../net/socket-client.js';
import { studioSocket } from '../net/studio-connection.js';
import { useConnection } from '../store/app-state.js';

const LABELS = {
  open: 'Connected',
  connecting: 'Connecting…',
  waiting: 'Reconnecting',
  offline: 'Offline',
  unauthorized: 'Token needed',
} as const;

function attempts(count: number): string {
  return count === 1 ? '1 failed attempt' : `${count} failed attempts`;
}

function connectionTitle(status: ConnectionStatus): string {
  switch (status.state) {
    case 'open':
      return 'Connected to the studio server';
    case 'offline':
      return `Gave up after ${attempts(status.failures)}. Click to try again.`;
    case 'unauthorized':
      return 'The server requires an access token that this page does not have. Click to enter it.';
    case 'connecting':
    case 'waiting': {
      const retryIn =
        status.retryAt === undefined ? undefined : Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000));
      const next = retryIn !== undefined ? `, next try in ${retryIn} s` : '';
      return `Server not reachable (${attempts(status.failures)})${next}. Click to try now.`;
    }
  }
}

/**
 * Shows the state of the WebSocket connection to the server. A click reconnects at once when it is
 * down, or opens the token dialog when the server requires a token.
 */
export function ConnectionIndicator() {
  const status = useConnection((state) => state);
  const onClick = () => {
    if (status.state === 'unauthorized') setTokenPromptOpen(true);
    else studioSocket.retryNow();
  };

  return (
    <button
      type="button"
      className={`cs-connection cs-connection-${status.state}`}
      title={connectionTitle(status)}
      onClick={onClick}
      disabled={status.state === 'open' || status.state === 'connecting'}
      data-testid="connection-state"
      data-state={status.state}
    >
      <span className="cs-dot" />
      {LABELS[status.state]}
    </button>
  );
}
