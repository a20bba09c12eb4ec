/**
 * Log of a node process: one JSON record per line on stdout, in pino's shape (numeric `level`,
 * `time`, `msg` and the fields), which the supervisor parses and logs again. It replaces pino here
 * because a smaller heap makes each garbage collection shorter, and 256 KiB frames trigger one
 * every few hundred frames.
 */

export interface NodeLogger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

/**
 * Returns a logger that writes records of `level` (a pino level name, or `silent`) and above, each
 * with the `base` fields. An unknown level name counts as `info`.
 */
export function createNodeLogger(
  level: string,
  base: Record<string, unknown>,
  // On Linux, writes to a pipe are synchronous, so a record is out before a process.exit that follows.
  write: (line: string) => void = (line) => process.stdout.write(line),
): NodeLogger {
  const threshold =
    level === 'silent' ? Number.POSITIVE_INFINITY : (LEVELS[level as keyof typeof LEVELS] ?? LEVELS.info);
  const writer =
    (value: number) =>
    (fields: object, message: string): void => {
      if (value < threshold) return;
      const record = { level: value, time: Date.now(), ...base, ...serializeErrors(fields), msg: message };
      write(`${JSON.stringify(record)}\n`);
    };
  return {
    error: writer(LEVELS.error),
    warn: writer(LEVELS.warn),
    info: writer(LEVELS.info),
    debug: writer(LEVELS.debug),
  };
}

/** Replaces Error values by their type, message, stack and code, which JSON.stringify would drop. */
function serializeErrors(fields: object): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    result[key] =
      value instanceof Error
        ? {
            type: value.name,
            message: value.message,
            stack: value.stack,
            ...((value as { code?: unknown }).code === undefined ? {} : { code: (value as { code?: unknown }).code }),
          }
        : value;
  }
  return result;
}
