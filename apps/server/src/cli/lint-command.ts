import { parseArgs } from 'node:util';

import { formatFindingsText, toLintJson } from '@circuit-studio/analysis';

import { lintDocument } from '../circuit-checks.js';
import { type CliIo, EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UsageError } from './io.js';
import { readCircuitFile } from './read-circuit-file.js';

export const LINT_HELP = `Usage: circuit-studio lint FILE [--format text|json]

Checks a circuit file and prints what will stall, lose data or drop frames.

Options:
  --format text|json  Output for people (default) or one JSON object with the
                      circuit class, the class of every node and edge, and the findings
  -h, --help          Show this help

Exit status: 0 when no finding has severity error, 1 when one does,
2 when the file is invalid (not found, not JSON, too large, or a wrong shape).
`;

/** Runs `circuit-studio lint` and returns the exit status. */
export async function lintCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(LINT_HELP);
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(`--format must be text or json, found ${JSON.stringify(values.format)}`);
  }
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    throw new UsageError('lint takes exactly one FILE, the circuit JSON to check');
  }
  const json = values.format === 'json';

  const read = await readCircuitFile(file);
  const outcome = read.ok ? lintDocument(read.document) : read;
  if (!outcome.ok) {
    if (json) {
      io.out(`${JSON.stringify({ errors: outcome.errors }, null, 2)}\n`);
    } else {
      io.err(`${file}: invalid circuit\n`);
      for (const error of outcome.errors) {
        io.err(`  ${error.path === '' ? '(document)' : error.path}: ${error.message}\n`);
      }
    }
    return EXIT_INVALID;
  }

  io.out(json ? `${JSON.stringify(toLintJson(outcome.result), null, 2)}\n` : formatFindingsText(outcome.result));
  return outcome.result.findings.some((finding) => finding.severity === 'error') ? EXIT_FAILURE : EXIT_OK;
}
