/** Stable codes for problems in a circuit document. Callers branch on these, never on message text. */
export const ERROR_CODES = [
  'CIRCUIT_NOT_OBJECT',
  'CIRCUIT_BAD_VERSION',
  'CIRCUIT_MISSING_FIELD',
  'CIRCUIT_WRONG_TYPE',
  'CIRCUIT_TOO_LARGE',
  'CIRCUIT_DUPLICATE_ID',
  'CIRCUIT_UNKNOWN_NODE',
  'CIRCUIT_BAD_VALUE',
  'NODE_UNKNOWN_TYPE',
  'NODE_INVALID_CONFIG',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem found in a circuit document, located by its JSON path such as `nodes[2].config.fps`. */
export interface ValidationError {
  code: ErrorCode;
  path: string;
  message: string;
}
