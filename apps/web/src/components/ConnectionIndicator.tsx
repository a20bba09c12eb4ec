import { studioSocket } from '../net/studio-connection.js';
import { useConnection } from '../store/app-state.js';

const LABELS = {
  open: 'Connected',
  connecting: 'Connecting…',
  waiting: 'Reconnecting',
  offline: 'Offline',
} as const;

function attempts(count: number): string {
  return count === 1 ? '1 failed attempt' : `${count} failed attempts`;
}

/** Shows the state of the WebSocket connection to the server. A click reconnects at once when it is down. */
export function ConnectionIndicator() {
  const status = useConnection((state) => state);
  const retryIn =
    status.retryAt === undefined ? undefined : Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000));
  const title =
    status.state === 'open'
      ? 'Connected to the studio server'
      : status.state === 'offline'
        ? `Gave up after ${attempts(status.failures)}. Click to try again.`
        : `Server not reachable (${attempts(status.failures)})${retryIn !== undefined ? `, next try in ${retryIn} s` : ''}. Click to try now.`;

  return (
    <button
      type="button"
      className={`cs-connection cs-connection-${status.state}`}
      title={title}
      onClick={() => studioSocket.retryNow()}
      disabled={status.state === 'open' || status.state === 'connecting'}
      data-testid="connection-state"
      data-state={status.state}
    >
      <span className="cs-dot" />
      {LABELS[status.state]}
    </button>
  );
}
