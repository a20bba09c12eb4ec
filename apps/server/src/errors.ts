/** Stable codes of the errors the server returns. Clients branch on these, never on message text. */
export const SERVER_ERROR_CODES = {
  CIRCUIT_NAME_INVALID: 400,
  CIRCUIT_NOT_FOUND: 404,
  REQUEST_INVALID: 400,
  CIRCUIT_REJECTED: 422,
  RUN_NOT_FOUND: 404,
  RUN_LIMIT_REACHED: 429,
  /** The runtime rejected the circuit, e.g. a file path outside the data folder. */
  RUN_REJECTED: 422,
  RUN_START_FAILED: 500,
  RUN_COMMAND_FAILED: 400,
  SERVER_CLOSING: 503,
  UNAUTHORIZED: 401,
  ORIGIN_REJECTED: 403,
} as const;
export type ServerErrorCode = keyof typeof SERVER_ERROR_CODES;

/**
 * An error with a stable code. Fastify's error handler sends `statusCode`, `code` and `message`, so
 * a route can throw one and the client gets a clear JSON response.
 */
export class ServerError extends Error {
  readonly code: ServerErrorCode;
  readonly statusCode: number;

  constructor(code: ServerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ServerError';
    this.code = code;
    this.statusCode = SERVER_ERROR_CODES[code];
  }
}

export function isServerError(error: unknown): error is ServerError {
  return error instanceof ServerError;
}
