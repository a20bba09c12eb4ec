import { lstat, mkdir, rm, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { RunPlan } from '../plan/build-plan.js';

/** Creates the run's socket folder and the folders of ipc endpoints named in the circuit. */
export async function createRunFiles(plan: RunPlan): Promise<void> {
  await mkdir(plan.socketDir, { recursive: true, mode: 0o700 });
  for (const file of plan.circuitIpcFiles) {
    await mkdir(dirname(file), { recursive: true });
  }
}

/**
 * Removes the run's socket folder and the ipc files named in the circuit. Only socket files are
 * removed from the circuit's paths, so a mistyped endpoint cannot delete a regular file.
 */
export async function removeRunFiles(plan: RunPlan, logger: Logger): Promise<void> {
  try {
    await rm(plan.socketDir, { recursive: true, force: true });
  } catch (error) {
    logger.warn({ err: error, path: plan.socketDir }, 'could not remove the socket folder');
  }
  for (const file of plan.circuitIpcFiles) {
    try {
      if ((await lstat(file)).isSocket()) await unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        logger.warn({ err: error, path: file }, 'could not remove an ipc file');
      }
    }
  }
}
