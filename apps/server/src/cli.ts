import { type CliIo, EXIT_FAILURE, EXIT_INVALID, EXIT_OK, processIo, UsageError } from './cli/io.js';
import { lintCommand } from './cli/lint-command.js';
import { runCommand } from './cli/run-command.js';
import { serveCommand } from './cli/serve-command.js';

const HELP = `Usage: circuit-studio COMMAND [OPTIONS]

Circuit Studio checks and runs the communication circuits of video analytics pipelines.

Commands:
  lint FILE [--format json]          Print what will stall, lose data or drop frames
  run FILE --duration SECONDS        Run a circuit headless and print its totals
  serve [--port N] [--host H] [--token T]
                                     Start the studio in the browser

Run "circuit-studio COMMAND --help" for the options of a command.
`;

const COMMANDS = new Map<string, (args: string[], io: CliIo) => Promise<number>>([
  ['lint', lintCommand],
  ['run', runCommand],
  ['serve', serveCommand],
]);

/** Node's parseArgs raises TypeErrors with these codes for a wrong command line. */
const PARSE_ARGS_CODES = new Set([
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
]);

function isUsageError(error: unknown): error is Error {
  if (error instanceof UsageError) return true;
  return error instanceof TypeError && PARSE_ARGS_CODES.has((error as NodeJS.ErrnoException).code ?? '');
}

/** Runs the `circuit-studio` command line and returns the exit status. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name === undefined ? EXIT_INVALID : EXIT_OK;
  }
  const command = COMMANDS.get(name);
  if (!command) {
    io.err(`unknown command "${name}"; expected lint, run or serve. Run "circuit-studio --help" for usage.\n`);
    return EXIT_INVALID;
  }
  try {
    return await command(args, io);
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`circuit-studio ${name}: ${error.message}\nRun "circuit-studio ${name} --help" for usage.\n`);
      return EXIT_INVALID;
    }
    io.err(
      `circuit-studio ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_FAILURE;
  }
}
