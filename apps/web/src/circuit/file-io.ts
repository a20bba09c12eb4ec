import { type Circuit, DEFAULT_LIMITS, parseCircuit } from '@circuit-studio/model';

/** A problem that stops a file from loading, located by JSON path (empty for the whole document). */
export interface FileProblem {
  path: string;
  message: string;
}

export type ReadResult = { ok: true; circuit: Circuit } | { ok: false; errors: FileProblem[] };

/** Writes the circuit document as the circuit file: the document itself, indented, with a final newline. */
export function serializeCircuit(circuit: Circuit): string {
  return `${JSON.stringify(circuit, null, 2)}\n`;
}

/**
 * Reads a circuit file. The text must be JSON within the server's size limit, and the document must
 * pass `parseCircuit`. Fields this version does not know are kept as they are.
 */
export function readCircuitText(text: string): ReadResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > DEFAULT_LIMITS.maxBytes) {
    return {
      ok: false,
      errors: [
        { path: '', message: `the file is ${bytes} bytes; circuit files are limited to ${DEFAULT_LIMITS.maxBytes}` },
      ],
    };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: '', message: `the file is not valid JSON: ${reason}` }] };
  }
  const parsed = parseCircuit(document);
  if (!parsed.ok) {
    return { ok: false, errors: parsed.errors.map(({ path, message }) => ({ path, message })) };
  }
  return { ok: true, circuit: parsed.circuit };
}

/** Maximum characters of the circuit's name kept in a download file name. */
const MAX_FILE_NAME_CHARS = 60;

/**
 * Returns a download file name made from the circuit's name, such as `file-to-mongodb.json`. Letters
 * and digits of every script are kept, accents are dropped, and each run of other characters becomes
 * one hyphen. A circuit without a name is saved as `circuit.json`.
 */
export function circuitFileName(circuit: Circuit): string {
  const words = circuit.name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-');
  // Array.from splits by code point, so the cut never leaves half of a surrogate pair.
  const slug = Array.from(words.replace(/^-+/, '')).slice(0, MAX_FILE_NAME_CHARS).join('').replace(/-+$/, '');
  return `${slug || 'circuit'}.json`;
}
