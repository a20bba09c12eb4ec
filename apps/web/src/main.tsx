import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { trackRememberedRun } from './net/run-discovery.js';
import { adoptAccessToken } from './net/server-access.js';
import { findActiveRuns, studioSocket } from './net/studio-connection.js';
import { RUN_STORAGE_KEY } from './run/remembered-run.js';
import { circuitStore, runStore } from './store/app-state.js';

// Before the first request, so the token from `/?token=TOKEN` leaves the address bar at once.
adoptAccessToken();

// The connection lives as long as the page, so it starts here rather than in an effect that
// StrictMode would run twice.
studioSocket.start();
window.addEventListener('pagehide', () => studioSocket.close());
// A page restored from the back-forward cache comes back with the connection closed.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) studioSocket.start();
});

trackRememberedRun(window.localStorage);
// Another tab deployed or ended a run; an idle page looks for it so that every tab shows the same run.
window.addEventListener('storage', (event) => {
  if (event.key === RUN_STORAGE_KEY) void findActiveRuns();
});

// Totals of a finished run stay on the canvas until the circuit's content is edited; moves keep them.
circuitStore.subscribe((state, previous) => {
  if (state.contentRevision !== previous.contentRevision) runStore.getState().clearFinishedTotals();
});

const root = document.getElementById('root');
if (!root) {
  throw new Error('index.html has no #root element to mount the editor in');
}
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
