/** Exit status of a command that succeeded: no error findings, or a run that completed. */
export const EXIT_OK = 0;
/** Exit status when lint found an error finding, or a run failed or could not start. */
export const EXIT_FAILURE = 1;
/** Exit status for an invalid circuit file or a wrong command line. */
export const EXIT_INVALID = 2;

/** Output streams of a command: standard output for results, standard error for progress and problems. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** A wrong command line: unknown option, missing argument, bad value. The CLI prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
