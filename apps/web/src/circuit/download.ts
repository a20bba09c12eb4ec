import type { Circuit } from '@circuit-studio/model';
import { circuitFileName, serializeCircuit } from './file-io.js';

const REVOKE_DELAY_MS = 30_000;

/** Saves the circuit file through the browser's download. */
export function downloadCircuit(circuit: Circuit): void {
  const blob = new Blob([serializeCircuit(circuit)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = circuitFileName(circuit);
  document.body.append(link);
  link.click();
  link.remove();
  // The browser may read the blob after click() returns, so the URL is freed later rather than at once.
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS);
}
