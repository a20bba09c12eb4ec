import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The monorepo root. This module sits in `apps/server/src` (tests) or `apps/server/dist` (built), both
 * three levels below the root.
 */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Sub-folders of the data folder: inputs, stored circuits, and what file sinks write. */
export const DATA_SUBDIRS = ['samples', 'circuits', 'out'] as const;

/** Returns the data folder: the explicit value, else the `DATA_DIR` environment variable, else `<repo>/data`. */
export function resolveDataDir(explicit?: string): string {
  const chosen = explicit ?? process.env.DATA_DIR;
  return path.resolve(chosen && chosen.length > 0 ? chosen : path.join(REPO_ROOT, 'data'));
}

/** Returns the folder of the built web app, `apps/web/dist`, unless an explicit folder is given. */
export function resolveWebDir(explicit?: string): string {
  return path.resolve(explicit ?? path.join(REPO_ROOT, 'apps', 'web', 'dist'));
}

/** Creates the data folder and its sub-folders when missing. */
export async function ensureDataDir(dataDir: string): Promise<void> {
  for (const subdir of DATA_SUBDIRS) {
    await mkdir(path.join(dataDir, subdir), { recursive: true });
  }
}
