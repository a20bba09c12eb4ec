import {
  type CircuitEdge,
  checkEndpoint,
  formatSocketSpec,
  parseSocketSpec,
  type ResolvedLink,
} from '@circuit-studio/model';
import type { NodeInfo } from '../context.js';
import { capitalize, edgeName, listNames, nodeName } from '../describe.js';
import type { Finding, QuickFix } from '../types.js';
import type { RuleInput } from './rule.js';

/**
 * Folder the runtime accepts ipc files under. The runtime takes `os.tmpdir()`, but the analysis is
 * pure and cannot read the server's environment, so it assumes /tmp.
 * NOTE: a server started with TMPDIR set to another folder rejects /tmp endpoints that pass here.
 */
const IPC_ROOT = '/tmp';
/** Maximum byte length of a Unix domain socket path on Linux: `sun_path` is 108 bytes with the terminator. */
const MAX_IPC_PATH_BYTES = 107;
/** Hosts the runtime accepts in a tcp endpoint: 127.0.0.0/8, localhost and [::1]. */
const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;
const WILDCARD_HOSTS = new Set(['*', '0.0.0.0', '[::]', '[::0]']);

type EndpointField = 'endpoint' | 'sourceSocket' | 'targetSocket';

interface EndpointProblem {
  /** Reason the runtime rejects the endpoint, as a clause. */
  reason: string;
  /** Purpose of the runtime's rule, as a sentence. */
  policy: string;
  /** An endpoint to use in its place, or '' for none; checked before it is offered. */
  replacement: string;
  /** Description of an accepted endpoint, for the fix text when the replacement fails the checks. */
  hint: string;
}

function tcpProblem(endpoint: string): EndpointProblem | undefined {
  // Same split as the runtime: the port follows the last colon, so a bracketed IPv6 host stays whole.
  const colon = endpoint.lastIndexOf(':');
  const host = endpoint.slice('tcp://'.length, colon);
  if (LOOPBACK_HOST.test(host)) return undefined;
  return {
    reason: WILDCARD_HOSTS.has(host)
      ? `host ${host} listens on every network interface`
      : `host ${host} is not a loopback address`,
    policy:
      'The studio uses only loopback addresses (127.0.0.0/8, localhost, [::1]), so that a circuit cannot open ' +
      'a port to the network, and the runtime rejects any other host.',
    replacement: `tcp://127.0.0.1${endpoint.slice(colon)}`,
    hint: 'a loopback host such as 127.0.0.1',
  };
}

function ipcProblem(path: string): EndpointProblem | undefined {
  // Path resolution skips empty and `.` segments. A `..` segment never reaches here, because checkEndpoint rejects it.
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  const underRoot = segments[0] === IPC_ROOT.slice(1);
  const name = segments.at(-1);
  if (!underRoot || segments.length < 2) {
    return {
      reason: `${path} is not a file under ${IPC_ROOT}/`,
      policy: `The runtime creates ipc files only under the temp folder, ${IPC_ROOT}, so that a circuit cannot make the server write files elsewhere.`,
      // The root folder itself names no file to move.
      replacement: underRoot || name === undefined ? '' : `ipc://${IPC_ROOT}/${name}`,
      hint: `a file under ${IPC_ROOT}/`,
    };
  }
  // A valid ipc endpoint contains only ASCII characters, so its length in characters is its length in bytes.
  if (path.length > MAX_IPC_PATH_BYTES) {
    return {
      reason: `its path is ${path.length} bytes long`,
      policy: `A Unix socket path holds at most ${MAX_IPC_PATH_BYTES} bytes, and the runtime rejects a longer one.`,
      replacement: `ipc://${IPC_ROOT}/${name}`,
      hint: `a shorter path under ${IPC_ROOT}/`,
    };
  }
  return undefined;
}

/** Returns why the runtime rejects an endpoint that `checkEndpoint` accepts, or undefined when it takes it. */
function runtimeProblemOf(endpoint: string): EndpointProblem | undefined {
  if (endpoint.startsWith('ipc://')) return ipcProblem(endpoint.slice('ipc://'.length));
  return tcpProblem(endpoint);
}

/** Returns the fields of an edge that name the endpoint its link uses. */
function fieldsNaming(edge: CircuitEdge, endpoint: string): EndpointField[] {
  const fields: EndpointField[] = [];
  if (edge.endpoint === endpoint) fields.push('endpoint');
  for (const side of ['sourceSocket', 'targetSocket'] as const) {
    const text = edge[side];
    if (text === undefined) continue;
    const parsed = parseSocketSpec(text);
    if (parsed.ok && parsed.spec.endpoint === endpoint) fields.push(side);
  }
  return fields;
}

function isAccepted(endpoint: string): boolean {
  return checkEndpoint(endpoint) === undefined && runtimeProblemOf(endpoint) === undefined;
}

/** Builds the edit that puts `replacement` in place of the endpoint in every field that names it. */
function replaceEndpoint(edge: CircuitEdge, fields: EndpointField[], replacement: string): QuickFix {
  const changes: Record<string, unknown> = {};
  for (const field of fields) {
    if (field === 'endpoint') {
      changes.endpoint = replacement;
      continue;
    }
    const parsed = parseSocketSpec(edge[field] as string);
    if (parsed.ok) changes[field] = formatSocketSpec({ ...parsed.spec, endpoint: replacement });
  }
  return { kind: 'set-edge', edge: edge.id, changes };
}

/** Builds the edit that removes the endpoint and keeps the pattern and bind side the socket specs gave. */
function removeEndpoint(edge: CircuitEdge, fields: EndpointField[], link: ResolvedLink): QuickFix {
  const changes: Record<string, unknown> = Object.fromEntries(fields.map((field) => [field, null]));
  if (fields.some((field) => field !== 'endpoint')) Object.assign(changes, { pattern: link.pattern, bind: link.bind });
  return { kind: 'set-edge', edge: edge.id, changes };
}

/** Names where the edge sets the endpoint, after a verb such as "uses" or "sets". */
function whereSet(fields: EndpointField[]): string {
  return fields.length === 1 && fields[0] === 'endpoint' ? 'as its endpoint' : `in ${listNames(fields)}`;
}

function onlyEndpoint(fields: EndpointField[]): boolean {
  return fields.every((field) => field === 'endpoint');
}

/** Fix text: put `use` in place of the endpoint, or leave the endpoint to the runtime. */
function replaceFix(name: string, fields: EndpointField[], use: string): string {
  if (onlyEndpoint(fields)) {
    return `Set the endpoint of ${name} to ${use}, or leave it empty so that the runtime allocates one.`;
  }
  const listed = listNames(fields);
  return `Use ${use} in ${listed} of ${name}, or remove ${listed} so that the runtime allocates an endpoint.`;
}

/** Number of processes the runtime starts for a node: its `replicas` where the type has that field, else 1. */
function processCount(info: NodeInfo | undefined): number {
  if (!info?.spec || !('replicas' in info.spec.config)) return 1;
  const replicas = info.config.replicas;
  return typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 1 ? replicas : 1;
}

function replicaFinding(input: RuleInput, edge: CircuitEdge, link: ResolvedLink, fields: EndpointField[]): Finding[] {
  const replicated = [edge.source, edge.target].filter((id) => processCount(input.info.get(id)) > 1);
  const pairs = processCount(input.info.get(edge.source)) * processCount(input.info.get(edge.target));
  if (pairs <= 1) return [];
  const name = edgeName(input, edge.id);
  const runners = replicated.map((id) => `${nodeName(input, id)} runs ${processCount(input.info.get(id))} replicas`);
  return [
    {
      rule: 'socket-mismatch',
      severity: 'error',
      nodes: [edge.source, edge.target],
      edges: [edge.id],
      message:
        `${capitalize(name)} sets ${link.endpoint} ${whereSet(fields)}, but ${listNames(runners)}, so the edge ` +
        `needs ${pairs} socket pairs, each on its own endpoint. The runtime rejects one fixed endpoint for them.`,
      fix: `Remove ${onlyEndpoint(fields) ? 'the endpoint' : listNames(fields)} of ${name} so that the runtime allocates an endpoint for each process pair.`,
      quickFix: removeEndpoint(edge, fields, link),
    },
  ];
}

/**
 * Reports endpoints that are valid ZeroMQ addresses but that the runtime rejects at deploy. These are
 * a tcp host that is not loopback, an ipc file outside the temp folder or with too long a path, and
 * one fixed endpoint on an edge whose nodes run several processes. `link` is the edge's resolved
 * link, and its endpoint must pass `checkEndpoint`.
 */
export function runtimeEndpointFindings(input: RuleInput, edge: CircuitEdge, link: ResolvedLink): Finding[] {
  const endpoint = link.endpoint;
  if (endpoint === undefined) return [];
  const fields = fieldsNaming(edge, endpoint);
  const problem = runtimeProblemOf(endpoint);
  if (!problem) return replicaFinding(input, edge, link, fields);

  const name = edgeName(input, edge.id);
  const accepted = isAccepted(problem.replacement);
  const finding: Finding = {
    rule: 'socket-mismatch',
    severity: 'error',
    nodes: [edge.source, edge.target],
    edges: [edge.id],
    message: `${capitalize(name)} uses ${endpoint} ${whereSet(fields)}, but ${problem.reason}. ${problem.policy}`,
    fix: replaceFix(name, fields, accepted ? problem.replacement : problem.hint),
  };
  if (accepted) finding.quickFix = replaceEndpoint(edge, fields, problem.replacement);
  return [finding, ...replicaFinding(input, edge, link, fields)];
}
