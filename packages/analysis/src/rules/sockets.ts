import {
  type CircuitEdge,
  checkEndpoint,
  DEFAULT_PATTERN,
  parseSocketSpec,
  patternOfPair,
  type SocketSpec,
  socketTypesOf,
} from '@circuit-studio/model';
import { capitalize, edgeName, listNames, nodeName } from '../describe.js';
import type { Finding, QuickFix, Severity } from '../types.js';
import type { Rule, RuleInput } from './rule.js';
import { runtimeEndpointFindings } from './runtime-endpoints.js';

const SENDING_TYPES = new Set(['pub', 'dealer', 'req']);
const RECEIVING_TYPES = new Set(['sub', 'router', 'rep']);
const PAIRS = 'pub with sub, dealer with router, req with rep';
const WILDCARD_HOSTS = new Set(['*', '0.0.0.0', '[::]', '[::0]']);

function mismatch(
  edge: CircuitEdge,
  severity: Severity,
  message: string,
  fix: string,
  quickFix?: QuickFix,
  nodes: string[] = [edge.source, edge.target],
): Finding {
  const finding: Finding = { rule: 'socket-mismatch', severity, nodes, edges: [edge.id], message, fix };
  if (quickFix) finding.quickFix = quickFix;
  return finding;
}

/** Fields a broker link does not use, because it talks through the broker's own client. */
function brokerEdgeFindings(input: RuleInput, edge: CircuitEdge): Finding[] {
  const ignored = (['pattern', 'endpoint', 'sourceSocket', 'targetSocket', 'bind', 'hwm'] as const).filter(
    (key) => edge[key] !== undefined && !(key === 'pattern' && edge.pattern === 'broker'),
  );
  if (ignored.length === 0) return [];
  const changes = Object.fromEntries(ignored.map((key) => [key, key === 'pattern' ? 'broker' : null]));
  return [
    mismatch(
      edge,
      'warning',
      `${capitalize(edgeName(input, edge.id))} touches a broker queue, so it uses the broker's own client and ignores its ` +
        `ZeroMQ settings: ${listNames(ignored)}.`,
      `Remove ${listNames(ignored)} from ${edgeName(input, edge.id)}.`,
      { kind: 'set-edge', edge: edge.id, changes },
    ),
  ];
}

type Side = 'sourceSocket' | 'targetSocket';

/** Parses one socket spec of an edge and checks that it opens a socket of the right direction. */
function checkSpec(input: RuleInput, edge: CircuitEdge, side: Side, findings: Finding[]): SocketSpec | undefined {
  const text = edge[side];
  if (text === undefined) return undefined;
  const parsed = parseSocketSpec(text);
  const name = edgeName(input, edge.id);
  if (!parsed.ok) {
    findings.push(
      mismatch(
        edge,
        'error',
        `${side} of ${name} is invalid: ${parsed.message}.`,
        `Write ${side} as TYPE+MODE:ENDPOINT.`,
      ),
    );
    return undefined;
  }
  const sending = side === 'sourceSocket';
  const allowed = sending ? SENDING_TYPES : RECEIVING_TYPES;
  if (!allowed.has(parsed.spec.type)) {
    findings.push(
      mismatch(
        edge,
        'error',
        `${side} of ${name} opens a ${parsed.spec.type} socket on the ${sending ? 'sending' : 'receiving'} side, ` +
          `which expects ${[...allowed].join(', ')}; the link cannot carry frames in this direction.`,
        `Open ${[...allowed].join(', ')} on the ${sending ? 'sending' : 'receiving'} side (${PAIRS}).`,
      ),
    );
    return undefined;
  }
  return parsed.spec;
}

function checkPair(input: RuleInput, edge: CircuitEdge, sender: SocketSpec, receiver: SocketSpec): Finding[] {
  const name = edgeName(input, edge.id);
  const findings: Finding[] = [];
  const pattern = patternOfPair(sender.type, receiver.type);
  if (!pattern) {
    findings.push(
      mismatch(
        edge,
        'error',
        `${capitalize(name)} pairs a ${sender.type} sender with a ${receiver.type} receiver, which do not talk to each other; ` +
          'no frame crosses this link.',
        `Use matching socket types: ${PAIRS}.`,
      ),
    );
  }
  if (sender.mode === receiver.mode) {
    const both = sender.mode === 'bind' ? 'Both sides bind' : 'Both sides connect';
    findings.push(
      mismatch(
        edge,
        'error',
        `${both} on ${name}; exactly one side must bind and the other connect, or the two sockets never meet.`,
        sender.mode === 'bind' ? 'Make the receiving side connect.' : 'Make the receiving side bind.',
      ),
    );
  }
  if (sender.endpoint !== receiver.endpoint) {
    findings.push(
      mismatch(
        edge,
        'error',
        `The two sides of ${name} name different endpoints, ${sender.endpoint} and ${receiver.endpoint}, so they never meet.`,
        'Use the same endpoint on both sides.',
      ),
    );
  }
  if (pattern && edge.pattern !== undefined && edge.pattern !== pattern) {
    findings.push(
      mismatch(
        edge,
        'warning',
        `${capitalize(name)} sets pattern ${edge.pattern}, but its socket specs form ${pattern}; the socket specs win.`,
        `Set the pattern of ${name} to ${pattern}.`,
        { kind: 'set-edge', edge: edge.id, changes: { pattern } },
      ),
    );
  }
  if (edge.endpoint !== undefined && edge.endpoint !== sender.endpoint && sender.endpoint === receiver.endpoint) {
    findings.push(
      mismatch(
        edge,
        'warning',
        `${capitalize(name)} sets endpoint ${edge.endpoint}, but its socket specs use ${sender.endpoint}; the socket specs win.`,
        `Set the endpoint of ${name} to ${sender.endpoint}.`,
        { kind: 'set-edge', edge: edge.id, changes: { endpoint: sender.endpoint } },
      ),
    );
  }
  return findings;
}

/** Checks endpoints once each, because many edges of a circuit share one. */
class EndpointChecks {
  private readonly problems = new Map<string, string | undefined>();

  problemOf(endpoint: string): string | undefined {
    if (!this.problems.has(endpoint)) this.problems.set(endpoint, checkEndpoint(endpoint));
    return this.problems.get(endpoint);
  }
}

/** Socket specs, endpoint and pattern of one edge. */
function edgeFindings(input: RuleInput, edge: CircuitEdge, endpoints: EndpointChecks): Finding[] {
  if (input.links.get(edge.id)?.pattern === 'broker') return brokerEdgeFindings(input, edge);
  const findings: Finding[] = [];
  const wired = edge.endpoint !== undefined || edge.sourceSocket !== undefined || edge.targetSocket !== undefined;
  if (edge.pattern !== 'broker' && !wired) return findings;

  const name = edgeName(input, edge.id);
  if (edge.pattern === 'broker') {
    findings.push(
      mismatch(
        edge,
        'warning',
        `${capitalize(name)} has pattern broker, but neither end is a broker queue, so it runs as ${DEFAULT_PATTERN}.`,
        `Set the pattern of ${name} to a ZeroMQ pattern: pub-sub, dealer-router or req-rep.`,
        { kind: 'set-edge', edge: edge.id, changes: { pattern: DEFAULT_PATTERN } },
      ),
    );
  }
  if (typeof edge.endpoint === 'string') {
    const problem = endpoints.problemOf(edge.endpoint);
    if (problem) {
      findings.push(mismatch(edge, 'error', `The endpoint of ${name} is invalid: ${problem}.`, 'Fix the endpoint.'));
    }
  }
  const sender = checkSpec(input, edge, 'sourceSocket', findings);
  const receiver = checkSpec(input, edge, 'targetSocket', findings);
  if (sender && receiver) findings.push(...checkPair(input, edge, sender, receiver));
  const link = input.links.get(edge.id);
  if (link && typeof link.endpoint === 'string' && !endpoints.problemOf(link.endpoint)) {
    findings.push(...runtimeEndpointFindings(input, edge, link));
  }
  return findings;
}

interface Binder {
  node: string;
  socket: string;
  host: string;
  edges: string[];
}

/** Splits an endpoint into the address group that can collide (an ipc path or a tcp port) and the host. */
function endpointKey(endpoint: string): { group: string; host: string } {
  const tcp = /^tcp:\/\/(.+):(\d+)$/.exec(endpoint);
  if (!tcp) return { group: endpoint, host: '' };
  const host = tcp[1] === 'localhost' ? '127.0.0.1' : (tcp[1] as string);
  return { group: `tcp:${tcp[2]}`, host };
}

function hostsOverlap(a: string, b: string): boolean {
  return a === b || WILDCARD_HOSTS.has(a) || WILDCARD_HOSTS.has(b);
}

/** Collects, per address group, the distinct sockets that bind it: one per node, socket type and host. */
function collectBinders(
  input: RuleInput,
  endpoints: EndpointChecks,
): Map<string, { endpoint: string; binders: Map<string, Binder> }> {
  const groups = new Map<string, { endpoint: string; binders: Map<string, Binder> }>();
  for (const edge of input.graph.edges.values()) {
    const link = input.links.get(edge.id);
    if (!link || link.pattern === 'broker' || link.endpoint === undefined) continue;
    if (typeof link.endpoint !== 'string' || endpoints.problemOf(link.endpoint)) continue;
    const node = link.bind === 'source' ? edge.source : edge.target;
    const types = socketTypesOf(link.pattern);
    const socket = link.bind === 'source' ? types.sender : types.receiver;
    const { group, host } = endpointKey(link.endpoint);
    const entry = groups.get(group) ?? { endpoint: link.endpoint, binders: new Map<string, Binder>() };
    groups.set(group, entry);
    const identity = `${node}\u0000${socket}\u0000${host}`;
    const binder = entry.binders.get(identity) ?? { node, socket, host, edges: [] };
    entry.binders.set(identity, binder);
    binder.edges.push(edge.id);
  }
  return groups;
}

/** Reports each address bound by two sockets anywhere in the circuit. Several connects to one bound socket are normal. */
function boundTwiceFindings(input: RuleInput, endpoints: EndpointChecks): Finding[] {
  const findings: Finding[] = [];
  for (const { endpoint, binders } of collectBinders(input, endpoints).values()) {
    const list = [...binders.values()];
    const clashing = list.filter((binder) =>
      list.some((other) => other !== binder && hostsOverlap(other.host, binder.host)),
    );
    if (clashing.length === 0) continue;
    const names = clashing.map(
      (binder) =>
        `${nodeName(input, binder.node)} (${binder.socket}, ${listNames(binder.edges.map((id) => `edge "${id}"`))})`,
    );
    findings.push({
      rule: 'socket-mismatch',
      severity: 'error',
      nodes: [...new Set(clashing.map((binder) => binder.node))],
      edges: clashing.flatMap((binder) => binder.edges),
      message:
        `${endpoint.startsWith('tcp://') ? `Port ${endpointKey(endpoint).group.slice(4)}` : `Endpoint ${endpoint}`} is bound by ` +
        `${clashing.length} sockets: ${listNames(names)}. Only one socket can bind an address: over tcp the second bind ` +
        'fails with "address already in use"; over ipc it replaces the first socket file, so peers silently reach ' +
        'whichever socket bound last.',
      fix: 'Give each binding socket its own endpoint, or let all but one of them connect.',
    });
  }
  return findings;
}

/**
 * `socket-mismatch`: bad endpoints and socket specs, endpoints the runtime rejects, ends that do not pair, and
 * addresses bound twice.
 */
export const socketMismatchRule: Rule = (input) => {
  const findings: Finding[] = [];
  const endpoints = new EndpointChecks();
  for (const edge of input.graph.edges.values()) {
    findings.push(...edgeFindings(input, edge, endpoints));
  }
  findings.push(...boundTwiceFindings(input, endpoints));
  return findings;
};
