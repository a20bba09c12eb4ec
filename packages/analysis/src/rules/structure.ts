import { type CircuitNode, getNodeType, type NodeRole, validateNodeConfig } from '@circuit-studio/model';
import { edgeName, listNames, nodeName } from '../describe.js';
import { findCycles } from '../graph.js';
import type { Finding, QuickFix } from '../types.js';
import { dataPathFindings } from './data-paths.js';
import type { Rule, RuleInput } from './rule.js';

function structure(nodes: string[], edges: string[], severity: Finding['severity'], message: string, fix: string) {
  return { rule: 'structure', severity, nodes, edges, message, fix } satisfies Finding;
}

function duplicateIds(input: RuleInput): Finding[] {
  const findings: Finding[] = [];
  // The graph keys nodes and edges by id and leaves out edges to missing nodes, so equal sizes mean no duplicates.
  if (input.graph.nodes.size === input.circuit.nodes.length && input.graph.edges.size === input.circuit.edges.length) {
    return findings;
  }
  for (const kind of ['nodes', 'edges'] as const) {
    const seen = new Set<string>();
    const reported = new Set<string>();
    for (const item of input.circuit[kind]) {
      if (seen.has(item.id) && !reported.has(item.id)) {
        reported.add(item.id);
        const ids = kind === 'nodes' ? { nodes: [item.id], edges: [] } : { nodes: [], edges: [item.id] };
        findings.push(
          structure(
            ids.nodes,
            ids.edges,
            'error',
            `The id "${item.id}" is used by more than one ${kind === 'nodes' ? 'node' : 'edge'}; the analysis and the runtime see only the last one.`,
            `Rename one of them; ids must be unique.`,
          ),
        );
      }
      seen.add(item.id);
    }
  }
  return findings;
}

function danglingEdges(input: RuleInput): Finding[] {
  const findings: Finding[] = [];
  for (const edge of input.circuit.edges) {
    if (input.graph.edges.get(edge.id) === edge) continue;
    const missing = [edge.source, edge.target].filter((id) => !input.graph.nodes.has(id));
    if (missing.length === 0) continue;
    findings.push(
      structure(
        [],
        [edge.id],
        'error',
        `Edge "${edge.id}" names ${listNames(missing.map((id) => `"${id}"`))}, which is not a node of this circuit, so it carries nothing.`,
        `Reconnect edge "${edge.id}" or delete it.`,
      ),
    );
  }
  return findings;
}

function configFix(node: CircuitNode, path: string): QuickFix | undefined {
  const key = path.startsWith('config.') ? path.slice('config.'.length) : undefined;
  const field = key === undefined ? undefined : getNodeType(node.type)?.config[key];
  if (key === undefined || field?.default === undefined) return undefined;
  return { kind: 'set-node-config', node: node.id, changes: { [key]: field.default } };
}

/** Unknown node types and config values outside what the catalog accepts, one finding per field. */
function invalidNodes(input: RuleInput): Finding[] {
  const findings: Finding[] = [];
  for (const node of input.graph.nodes.values()) {
    if (typeof node.config !== 'object' || node.config === null || Array.isArray(node.config)) {
      findings.push(
        structure(
          [node.id],
          [],
          'error',
          `Node "${node.id}" has a config that is not an object, so none of its settings can be read.`,
          'Set config to an object such as {}.',
        ),
      );
      continue;
    }
    for (const problem of validateNodeConfig(node)) {
      const unknownType = problem.code === 'NODE_UNKNOWN_TYPE';
      const finding: Finding = structure(
        [node.id],
        [],
        'error',
        unknownType
          ? `Node "${node.id}" has the unknown type ${JSON.stringify(node.type)}; the analysis cannot judge it and the runtime cannot start it.`
          : `${nodeName(input, node.id)} has an invalid ${problem.path}: ${problem.message}.`,
        unknownType ? 'Pick a node type from the palette.' : `Set ${problem.path} to a value the field accepts.`,
      );
      const quickFix = configFix(node, problem.path);
      if (quickFix) finding.quickFix = quickFix;
      findings.push(finding);
    }
  }
  return findings;
}

function cycles(input: RuleInput): Finding[] {
  // Every cycle has an edge that closes it in depth-first order, so no back edge means no cycle.
  if (input.order.backEdges.size === 0) return [];
  return findCycles(input.graph).map((members) => {
    const inside = new Set(members);
    const edges = members.flatMap((id) =>
      (input.graph.outgoing.get(id) ?? []).filter((edge) => inside.has(edge.target)).map((edge) => edge.id),
    );
    return structure(
      members,
      edges,
      'error',
      `${listNames(members.map((id) => `"${id}"`))} form a cycle: frames would circulate without end, and with ` +
        'back pressure each stage waits on the next until the loop deadlocks.',
      `Remove one of ${listNames(edges.map((id) => `edge "${id}"`))}; frames must flow from sources to sinks.`,
    );
  });
}

/** Returns true when a node has inputs exactly if it is not a source, and outputs exactly if it is not a sink. */
function wiredForRole(role: NodeRole, inputs: number, outputs: number): boolean {
  return (role === 'source') === (inputs === 0) && (role === 'sink') === (outputs === 0);
}

/** Sources with inputs, sinks with outputs, unconnected nodes, and stages that are dead ends. */
function roles(input: RuleInput): Finding[] {
  const findings: Finding[] = [];
  for (const [id, info] of input.info) {
    const role = info.traits?.role;
    if (!role) continue;
    const incoming = input.graph.incoming.get(id) ?? [];
    const outgoing = input.graph.outgoing.get(id) ?? [];
    if (wiredForRole(role, incoming.length, outgoing.length)) continue;

    const name = nodeName(input, id);
    const edgeIds = (edges: typeof incoming) => edges.map((edge) => edge.id);
    if (incoming.length === 0 && outgoing.length === 0) {
      findings.push(
        structure(
          [id],
          [],
          'warning',
          `${name} is not connected to anything; it takes no part in the circuit.`,
          `Connect ${name} or delete it.`,
        ),
      );
    } else if (role === 'source' && incoming.length > 0) {
      findings.push(
        structure(
          [id],
          edgeIds(incoming),
          'error',
          `${name} is a source but has inputs (${listNames(incoming.map((edge) => edgeName(input, edge.id)))}); a source reads frames from outside and takes none from the circuit.`,
          'Delete the edges into the source.',
        ),
      );
    } else if (role === 'sink' && outgoing.length > 0) {
      findings.push(
        structure(
          [id],
          edgeIds(outgoing),
          'error',
          `${name} is a sink but has outputs (${listNames(outgoing.map((edge) => edgeName(input, edge.id)))}); a sink ends the circuit and sends nothing on.`,
          'Delete the edges out of the sink.',
        ),
      );
    } else if (role !== 'source' && incoming.length === 0) {
      findings.push(
        structure(
          [id],
          [],
          'warning',
          `${name} has no inputs, so it never receives a frame.`,
          `Connect an input to ${name}.`,
        ),
      );
    } else if (role !== 'sink' && outgoing.length === 0) {
      findings.push(
        structure(
          [id],
          [],
          'warning',
          `${name} has no outputs, so every frame it takes is lost at it.`,
          `Connect ${name} to a sink.`,
        ),
      );
    }
  }
  return findings;
}

/**
 * `structure`: duplicate ids, edges to missing nodes, invalid nodes, file paths the runtime rejects, cycles and
 * misplaced roles.
 */
export const structureRule: Rule = (input) => [
  ...duplicateIds(input),
  ...danglingEdges(input),
  ...invalidNodes(input),
  ...dataPathFindings(input),
  ...cycles(input),
  ...roles(input),
];
