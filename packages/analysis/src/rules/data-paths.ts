import type { NodeInfo } from '../context.js';
import { nodeName } from '../describe.js';
import type { Finding } from '../types.js';
import type { RuleInput } from './rule.js';

/** Config field that names the file of a node whose transport is `file`, relative to the data folder. */
const PATH_FIELD = 'path';
/** Folder of the data folder that file sinks write into; the runtime rejects output anywhere else. */
const OUTPUT_FOLDER = 'out';

const RELATIVE_RULE = 'Paths are relative to the data folder, and the runtime rejects a path that leads outside it.';

/** Splits a path into its segments without empty and `.` segments, as path resolution reads them. */
function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '' && segment !== '.');
}

function defaultPath(info: NodeInfo): string | undefined {
  const fallback = info.spec?.config[PATH_FIELD]?.default;
  return typeof fallback === 'string' ? fallback : undefined;
}

/** Returns the same file name under the output folder, or the field's default when the path names no file. */
function outputPathFor(path: string, info: NodeInfo): string {
  const segments = segmentsOf(path).filter((segment) => segment !== '..');
  const name = segments.at(-1);
  if (name === undefined || (segments.length === 1 && name === OUTPUT_FOLDER)) {
    return defaultPath(info) ?? `${OUTPUT_FOLDER}/output`;
  }
  return `${OUTPUT_FOLDER}/${name}`;
}

/** Returns the problem with a path in node config, or undefined when the runtime accepts the path. */
function pathProblem(path: string, output: boolean): { kind: string; reason: string } | undefined {
  if (path.startsWith('/')) return { kind: 'an absolute path', reason: RELATIVE_RULE };
  const segments = segmentsOf(path);
  if (segments.includes('..')) return { kind: 'a path with ".."', reason: RELATIVE_RULE };
  if (output && (segments[0] !== OUTPUT_FOLDER || segments.length < 2)) {
    return {
      kind: `an output path outside ${OUTPUT_FOLDER}/`,
      reason: `File sinks write only under ${OUTPUT_FOLDER}/ of the data folder, so that no run can overwrite samples or stored circuits.`,
    };
  }
  return undefined;
}

/**
 * `structure` findings for file paths in node config: a path that is absolute or contains `..`, and
 * an output file outside `out/`. A node takes part when its transport is `file` and its type has a
 * `path` field, and it writes that file when it is a sink.
 */
export function dataPathFindings(input: RuleInput): Finding[] {
  const findings: Finding[] = [];
  for (const info of input.info.values()) {
    if (info.traits?.transport !== 'file' || info.spec?.config[PATH_FIELD]?.kind !== 'string') continue;
    const path = info.config[PATH_FIELD];
    // A value that is not a string is reported as invalid config.
    if (typeof path !== 'string') continue;
    const output = info.traits.role === 'sink';
    const problem = pathProblem(path, output);
    if (!problem) continue;

    const id = info.node.id;
    const replacement = output ? outputPathFor(path, info) : undefined;
    const finding: Finding = {
      rule: 'structure',
      severity: 'error',
      nodes: [id],
      edges: [],
      message: `${nodeName(input, id)} has ${problem.kind} in config.${PATH_FIELD}: ${JSON.stringify(path)}. ${problem.reason}`,
      fix:
        replacement === undefined
          ? `Set config.${PATH_FIELD} to a path inside the data folder, relative to it, such as ${defaultPath(info) ?? 'samples/clip.mp4'}.`
          : `Set config.${PATH_FIELD} to ${replacement}.`,
    };
    if (replacement !== undefined) {
      finding.quickFix = { kind: 'set-node-config', node: id, changes: { [PATH_FIELD]: replacement } };
    }
    findings.push(finding);
  }
  return findings;
}
