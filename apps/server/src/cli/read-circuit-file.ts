import { readFile, stat } from 'node:fs/promises';

import { DEFAULT_LIMITS } from '@circuit-studio/model';

import type { DocumentError } from '../circuit-checks.js';

export type ReadOutcome = { ok: true; document: unknown } | { ok: false; errors: DocumentError[] };

function invalid(message: string): ReadOutcome {
  return { ok: false, errors: [{ path: '', message }] };
}

/**
 * Reads a circuit file and parses its JSON. A missing file, a file over the size limit, and text
 * that is not JSON are returned as errors with an empty path, in the same form as shape errors.
 */
export async function readCircuitFile(file: string): Promise<ReadOutcome> {
  let size: number;
  try {
    const stats = await stat(file);
    if (!stats.isFile()) return invalid(`${file} is not a file`);
    size = stats.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return invalid(
      code === 'ENOENT' ? `file not found: ${file}` : `failed to read ${file}: ${(error as Error).message}`,
    );
  }
  if (size > DEFAULT_LIMITS.maxBytes) {
    const limitMiB = DEFAULT_LIMITS.maxBytes / (1024 * 1024);
    return invalid(`${file} has ${size} bytes; circuit files are limited to ${limitMiB} MiB`);
  }

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return invalid(`failed to read ${file}: ${(error as Error).message}`);
  }
  try {
    return { ok: true, document: JSON.parse(text) };
  } catch (error) {
    return invalid(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
