/** Stable codes of runtime errors. Callers branch on these, never on message text. */
export const RUNTIME_ERROR_CODES = [
  'RUNTIME_INVALID_CIRCUIT',
  'RUNTIME_UNSUPPORTED_NODE_TYPE',
  'RUNTIME_BAD_STRUCTURE',
  'RUNTIME_BAD_OPTION',
  'RUNTIME_DATA_DIR_NOT_FOUND',
  'RUNTIME_PATH_ESCAPE',
  'RUNTIME_FILE_NOT_FOUND',
  'RUNTIME_ENDPOINT_REJECTED',
  'RUNTIME_ENDPOINT_CONFLICT',
  'RUNTIME_WORKER_NOT_BUILT',
  'RUNTIME_START_FAILED',
  'RUNTIME_START_TIMEOUT',
  'RUNTIME_DUPLICATE_RUN_ID',
  'RUNTIME_UNKNOWN_NODE',
  'RUNTIME_UNKNOWN_EDGE',
  'RUNTIME_BAD_FAULT',
  'RUNTIME_NOT_RUNNING',
] as const;
export type RuntimeErrorCode = (typeof RUNTIME_ERROR_CODES)[number];

/**
 * An error raised by the runtime. The message states what failed, on which node, edge or value,
 * and what to do about it. `details` carries the same facts for programs.
 */
export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: RuntimeErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RuntimeError';
    this.code = code;
    this.details = details;
  }
}

export function isRuntimeError(value: unknown): value is RuntimeError {
  return value instanceof RuntimeError;
}
