import { mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { RuntimeError } from '../errors.js';

/** Returns the real path of the data folder, after checking that it is an absolute path to a folder. */
export async function resolveDataDir(dataDir: string): Promise<string> {
  if (!isAbsolute(dataDir)) {
    throw new RuntimeError('RUNTIME_BAD_OPTION', `dataDir must be an absolute path, found "${dataDir}"`, { dataDir });
  }
  try {
    const real = await realpath(dataDir);
    if ((await stat(real)).isDirectory()) return real;
  } catch (error) {
    throw new RuntimeError(
      'RUNTIME_DATA_DIR_NOT_FOUND',
      `data folder ${dataDir} does not exist; create it or pass another dataDir`,
      { dataDir },
      error,
    );
  }
  throw new RuntimeError('RUNTIME_DATA_DIR_NOT_FOUND', `data folder ${dataDir} is not a folder`, { dataDir });
}

function isInside(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path));
}

function escapeError(nodeId: string, configPath: string): RuntimeError {
  return new RuntimeError(
    'RUNTIME_PATH_ESCAPE',
    `node ${nodeId}: path "${configPath}" leads outside the data folder; use a path relative to the data folder without ".." that stays inside it`,
    { nodeId, path: configPath },
  );
}

/**
 * Resolves a file source's path inside the data folder. Rejects a path that leads outside it,
 * either by its text or through a symbolic link, and a path that does not exist.
 */
export async function resolveInputPath(dataRoot: string, configPath: string, nodeId: string): Promise<string> {
  const candidate = resolve(dataRoot, configPath);
  if (!isInside(dataRoot, candidate)) throw escapeError(nodeId, configPath);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    throw new RuntimeError(
      'RUNTIME_FILE_NOT_FOUND',
      `node ${nodeId}: file "${configPath}" does not exist in the data folder ${dataRoot}; copy it there or fix the path`,
      { nodeId, path: configPath },
      error,
    );
  }
  if (!isInside(dataRoot, real)) throw escapeError(nodeId, configPath);
  return real;
}

/** Folder of the data folder that sinks write into, so that no run can overwrite samples or stored circuits. */
export const OUTPUT_FOLDER = 'out';

function outputError(nodeId: string, configPath: string): RuntimeError {
  return new RuntimeError(
    'RUNTIME_PATH_ESCAPE',
    `node ${nodeId}: output path "${configPath}" is outside the ${OUTPUT_FOLDER}/ folder of the data folder; sinks write only there, for example "${OUTPUT_FOLDER}/frames.jsonl"`,
    { nodeId, path: configPath },
  );
}

/**
 * Resolves a file sink's output path inside the output folder of the data folder, creating that
 * folder when missing. The file and its folders may not exist yet. The deepest part that exists
 * must resolve inside the output folder, so that a symbolic link cannot lead out of it.
 */
export async function resolveOutputPath(dataRoot: string, configPath: string, nodeId: string): Promise<string> {
  const outputRoot = resolve(dataRoot, OUTPUT_FOLDER);
  const candidate = resolve(dataRoot, configPath);
  if (!isInside(outputRoot, candidate) || candidate === outputRoot) throw outputError(nodeId, configPath);
  await mkdir(outputRoot, { recursive: true });
  const realOutputRoot = await realpath(outputRoot);
  if (!isInside(dataRoot, realOutputRoot)) throw escapeError(nodeId, configPath);

  let existing = candidate;
  for (;;) {
    try {
      const real = await realpath(existing);
      if (!isInside(realOutputRoot, real)) throw outputError(nodeId, configPath);
      const rest = relative(existing, candidate);
      return rest === '' ? real : resolve(real, rest);
    } catch (error) {
      if (error instanceof RuntimeError) throw error;
      const parent = dirname(existing);
      if (parent === existing) throw escapeError(nodeId, configPath);
      existing = parent;
    }
  }
}
