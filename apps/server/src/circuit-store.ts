import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { ServerError } from './errors.js';

/** Letters, digits, `-` and `_`, so a name can never form a path such as `../x`. */
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
export const MAX_CIRCUIT_NAME_LENGTH = 64;
/** Maximum number of files one listing reads, so listing a crowded folder stays quick. */
const MAX_LISTED = 1000;

export interface StoredCircuitSummary {
  name: string;
  /** The circuit's own `name` field, or undefined when the file does not contain one. */
  title?: string;
  bytes: number;
  updatedAt: string;
}

/** Throws CIRCUIT_NAME_INVALID unless `name` is a safe file name for a stored circuit. */
export function validateCircuitName(name: string): void {
  if (name.length === 0 || name.length > MAX_CIRCUIT_NAME_LENGTH || !NAME_PATTERN.test(name)) {
    const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name);
    throw new ServerError(
      'CIRCUIT_NAME_INVALID',
      `invalid circuit name ${shown}: use 1 to ${MAX_CIRCUIT_NAME_LENGTH} letters, digits, - or _`,
    );
  }
}

/**
 * Circuit documents stored as `<name>.json` files in one folder. Documents are written as given,
 * without defaults filled in, so a stored circuit reads back exactly as it was exported.
 */
export class CircuitStore {
  constructor(readonly folder: string) {}

  async list(): Promise<StoredCircuitSummary[]> {
    const entries = await readdir(this.folder, { withFileTypes: true });
    const names = entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => entry.name.slice(0, -'.json'.length))
      .filter((name) => NAME_PATTERN.test(name) && name.length <= MAX_CIRCUIT_NAME_LENGTH)
      .sort()
      .slice(0, MAX_LISTED);

    const summaries: StoredCircuitSummary[] = [];
    for (const name of names) {
      const summary = await this.summarize(name);
      if (summary) summaries.push(summary);
    }
    return summaries;
  }

  /** Returns the stored JSON text of a circuit. */
  async read(name: string): Promise<string> {
    return (await this.readFile(name)).text;
  }

  async write(name: string, document: unknown): Promise<void> {
    const file = this.fileOf(name);
    // Rename over the old file so a reader never sees half a document, and so a symbolic link at
    // the target is replaced rather than followed.
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, `${JSON.stringify(document, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
    try {
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Deletes a stored circuit. A symbolic link in its place is removed itself, never its target. */
  async remove(name: string): Promise<void> {
    const file = this.fileOf(name);
    const stats = await lstat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!stats || stats.isDirectory()) {
      throw this.notFound(name);
    }
    await rm(file);
  }

  private fileOf(name: string): string {
    validateCircuitName(name);
    return path.join(this.folder, `${name}.json`);
  }

  private notFound(name: string): ServerError {
    return new ServerError('CIRCUIT_NOT_FOUND', `no stored circuit named "${name}"; GET /api/circuits lists them`);
  }

  /** Reads a stored circuit with its file size and time of change. */
  private async readFile(name: string): Promise<{ text: string; bytes: number; updatedAt: Date }> {
    const file = this.fileOf(name);
    // O_NOFOLLOW fails on a symbolic link, which could lead outside the data folder.
    const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ELOOP') {
        throw this.notFound(name);
      }
      throw error;
    });
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw this.notFound(name);
      return { text: await handle.readFile('utf8'), bytes: stats.size, updatedAt: stats.mtime };
    } finally {
      await handle.close();
    }
  }

  /** Returns the listing entry of a circuit, or undefined when its file vanished or is not a regular file. */
  private async summarize(name: string): Promise<StoredCircuitSummary | undefined> {
    let stored: { text: string; bytes: number; updatedAt: Date };
    try {
      stored = await this.readFile(name);
    } catch (error) {
      if (error instanceof ServerError && error.code === 'CIRCUIT_NOT_FOUND') return undefined;
      throw error;
    }
    return { name, ...titleOf(stored.text), bytes: stored.bytes, updatedAt: stored.updatedAt.toISOString() };
  }
}

/** Returns `{ title }` from a document's `name` field, or nothing when the text is not a JSON object with one. */
function titleOf(text: string): { title?: string } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // A file that is not JSON is still listed, so the user can see it and delete it.
    return {};
  }
  if (typeof document === 'object' && document !== null && 'name' in document && typeof document.name === 'string') {
    return { title: document.name };
  }
  return {};
}
