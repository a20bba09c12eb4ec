import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeError } from '../errors.js';

/**
 * Returns the compiled entry point of node processes, `dist/worker/main.js` in this package. The
 * supervisor forks that file even when it runs from the TypeScript sources (as in tests), so the
 * package must be built first.
 */
export function workerEntryPath(): string {
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const entry = join(packageRoot, 'dist', 'worker', 'main.js');
  if (!existsSync(entry)) {
    throw new RuntimeError(
      'RUNTIME_WORKER_NOT_BUILT',
      `the node process entry ${entry} is missing; build the runtime with "npx tsc -b packages/runtime"`,
      { entry },
    );
  }
  return entry;
}
