import {
  type Circuit,
  type CircuitNode,
  checkEndpoint,
  parseCircuit,
  parseSocketSpec,
  validateCircuitConfig,
  validateNodeConfig,
} from '@circuit-studio/model';

/** A problem in the current document, with the node or edge it belongs to when the path names one. */
export interface DocumentProblem {
  path: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
}

const ELEMENT_PATH = /^(nodes|edges)\[(\d+)\](?:\.(\w+))?/;

function locate(circuit: Circuit, path: string): Pick<DocumentProblem, 'nodeId' | 'edgeId'> {
  const match = ELEMENT_PATH.exec(path);
  if (!match) return {};
  const index = Number(match[2]);
  if (match[1] === 'nodes') {
    const id = circuit.nodes[index]?.id;
    return id === undefined ? {} : { nodeId: id };
  }
  const id = circuit.edges[index]?.id;
  return id === undefined ? {} : { edgeId: id };
}

/**
 * Lists what would make the server reject the current document: shape errors from `parseCircuit`
 * and invalid node config values, each with its JSON path.
 */
export function documentProblems(circuit: Circuit): DocumentProblem[] {
  const parsed = parseCircuit(circuit);
  const errors = parsed.ok ? validateCircuitConfig(parsed.circuit) : parsed.errors;
  return errors.map((error) => ({ path: error.path, message: error.message, ...locate(circuit, error.path) }));
}

/** Paths of node config problems: the config itself, such as one that is not an object, or one key of it. */
const NODE_CONFIG_PATH = /^nodes\[\d+\]\.config(?:\.|$)/;

/**
 * Returns the document problems that the analysis findings do not already list, so that the Problems
 * tab shows and counts each problem once. The analysis's `structure` rule reports every invalid node
 * config value as a finding of its own, with a fix where the field has a default. Those problems are
 * therefore left out, unless the analysis failed and has no findings.
 */
export function problemsBesideFindings(problems: DocumentProblem[], analysisFailed: boolean): DocumentProblem[] {
  if (analysisFailed) return problems;
  return problems.filter((problem) => !NODE_CONFIG_PATH.test(problem.path));
}

/** Maps each invalid field of a node to its message, keyed by config key, or `type`. */
export function nodeFieldErrors(node: Pick<CircuitNode, 'type' | 'config'>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const error of validateNodeConfig(node)) {
    const key = error.path.startsWith('config.') ? error.path.slice('config.'.length) : error.path;
    errors[key] = error.message;
  }
  return errors;
}

/**
 * Maps each invalid field of an edge to its message, keyed by field name. Values are checked by the
 * same code that checks an imported file. Socket specs are also parsed here, because the file check
 * only requires them to be strings.
 */
export function edgeFieldErrors(circuit: Circuit, edgeId: string): Record<string, string> {
  const index = circuit.edges.findIndex((edge) => edge.id === edgeId);
  const edge = circuit.edges[index];
  if (!edge) return {};

  const errors: Record<string, string> = {};
  const parsed = parseCircuit(circuit);
  const prefix = `edges[${index}].`;
  for (const error of parsed.ok ? [] : parsed.errors) {
    if (error.path.startsWith(prefix)) {
      errors[error.path.slice(prefix.length)] = error.message;
    }
  }
  // parseCircuit appends the found value to checkEndpoint's message, which already names it.
  if (typeof edge.endpoint === 'string') {
    const problem = checkEndpoint(edge.endpoint);
    if (problem) errors.endpoint = problem;
  }
  for (const key of ['sourceSocket', 'targetSocket'] as const) {
    const spec = edge[key];
    if (typeof spec !== 'string' || errors[key]) continue;
    const result = parseSocketSpec(spec);
    if (!result.ok) {
      errors[key] = result.message;
    }
  }
  return errors;
}
