import {
  type Circuit,
  type CircuitEdge,
  type CircuitNode,
  DEFAULT_PATTERN,
  defaultBindSide,
  getNodeType,
  type NodeConfig,
  type NodeTraits,
  type NodeTypeSpec,
  type ResolvedLink,
  resolveConfig,
  resolveLink,
} from '@circuit-studio/model';
import {
  type Classification,
  classifyGraph,
  decouples,
  findStallZone,
  type NodeKinds,
  type Reach,
} from './classify.js';
import { buildGraph, type CircuitGraph, type GraphOrder, orderGraph } from './graph.js';
import { measureNode, type NodeMeasures } from './measures.js';

/** A node with its catalog entry, config after defaults and traits, computed once per analysis. */
export interface NodeInfo {
  node: CircuitNode;
  /** Undefined for a node type this build does not know. */
  spec?: NodeTypeSpec;
  config: NodeConfig;
  traits?: NodeTraits;
  /** Same test as `isDecoupler`: a broker queue, or a buffer that drops on overflow. */
  decoupler: boolean;
  measures: NodeMeasures;
}

/** Everything the rules read, computed once so that each rule is a single pass over lists. */
export interface AnalysisContext {
  circuit: Circuit;
  graph: CircuitGraph;
  classification: Classification;
  /** Nodes and edges where a stall reaches a live source; see {@link findStallZone}. */
  stallZone: Reach;
  order: GraphOrder;
  info: Map<string, NodeInfo>;
  links: Map<string, ResolvedLink>;
  /** For each node of the stall zone, the live sources whose stall zone it lies in, up to {@link LIVE_NAMES_KEPT}. */
  liveOrigins: Map<string, string[]>;
  /** For each node upstream of a live sink up to the first decoupler, those live sinks, up to {@link LIVE_NAMES_KEPT}. */
  liveTargets: Map<string, string[]>;
  /** How many edges name each endpoint, after socket specs are applied. */
  endpointUse: Map<string, number>;
  /** Nodes of a known type on a real-time path, in circuit order. */
  realtimeNodes: NodeInfo[];
}

/** Config defaults per node type, read once from the catalog, which is fixed for the life of the process. */
const defaultsByType = new Map<string, NodeConfig>();

/** Same result as the model's `resolveConfig`, with each type's defaults computed once. */
function withDefaults(node: CircuitNode): NodeConfig {
  let defaults = defaultsByType.get(node.type);
  if (!defaults) {
    defaults = resolveConfig({ type: node.type, config: {} });
    defaultsByType.set(node.type, defaults);
  }
  return { ...defaults, ...node.config };
}

function describeNode(node: CircuitNode): NodeInfo {
  const spec = getNodeType(node.type);
  const config = withDefaults(node);
  const traits = spec?.traits(config);
  return {
    node,
    spec,
    config,
    traits,
    decoupler: decouples(traits, config),
    measures: measureNode({ traits, config }),
  };
}

/**
 * Resolves an edge's link. Broker edges are decided here from the cached traits, because the model's
 * `resolveLink` searches the whole node list for each edge. An edge without socket specs gets the
 * same result as `resolveLink` gives it, built here because this runs for every edge. The rest go to
 * `resolveLink` with no nodes, so it reads only the edge's own fields and socket specs.
 */
function linkOf(edge: CircuitEdge, info: Map<string, NodeInfo>, empty: Circuit): ResolvedLink {
  if (info.get(edge.source)?.traits?.broker || info.get(edge.target)?.traits?.broker) {
    return { pattern: 'broker', bind: 'target' };
  }
  if (edge.sourceSocket !== undefined || edge.targetSocket !== undefined) return resolveLink(empty, edge);
  const pattern = edge.pattern && edge.pattern !== 'broker' ? edge.pattern : DEFAULT_PATTERN;
  const link: ResolvedLink = { pattern, bind: edge.bind ?? defaultBindSide(pattern) };
  if (edge.endpoint !== undefined) link.endpoint = edge.endpoint;
  return link;
}

/** Live nodes named per node: three to name and one more to tell that there are others. */
export const LIVE_NAMES_KEPT = 4;

/**
 * Notes at every node the live sources that reach it, or for `sink` the live sinks it reaches, up to
 * the first decoupler. Lists are passed along in graph order and capped at {@link LIVE_NAMES_KEPT},
 * because messages name three at most. A node reached only through an edge that closes a cycle is
 * left out; the structure rule reports the cycle.
 */
function findLiveReach(
  graph: CircuitGraph,
  info: Map<string, NodeInfo>,
  order: GraphOrder,
  role: 'source' | 'sink',
): Map<string, string[]> {
  const reach = new Map<string, string[]>();
  const count = order.order.length;
  for (let step = 0; step < count; step += 1) {
    const id = order.order[role === 'source' ? step : count - 1 - step] as string;
    const nodeInfo = info.get(id);
    let list: string[] | undefined;
    if (nodeInfo?.traits?.role === role && nodeInfo.traits.live) list = [id];
    const edges = (role === 'source' ? graph.incoming.get(id) : graph.outgoing.get(id)) ?? [];
    for (const edge of edges) {
      const neighbour = role === 'source' ? edge.source : edge.target;
      if (order.backEdges.has(edge.id) || info.get(neighbour)?.decoupler) continue;
      const names = reach.get(neighbour);
      if (!names) continue;
      // Lists are never changed once stored, so a node with one contributor shares its list.
      if (!list) {
        list = names;
        continue;
      }
      if (list.length >= LIVE_NAMES_KEPT) break;
      const merged = list === names ? list : [...list];
      for (const name of names) {
        if (merged.length >= LIVE_NAMES_KEPT) break;
        if (!merged.includes(name)) merged.push(name);
      }
      list = merged;
    }
    if (list) reach.set(id, list);
  }
  return reach;
}

/** Builds the graph, classification, order, node details and resolved links of a circuit. */
export function buildContext(circuit: Circuit): AnalysisContext {
  const graph = buildGraph(circuit);
  const info = new Map<string, NodeInfo>();
  for (const node of graph.nodes.values()) {
    info.set(node.id, describeNode(node));
  }

  const kinds: NodeKinds = { liveSources: [], liveSinks: [], decouplers: new Set() };
  for (const [id, nodeInfo] of info) {
    if (nodeInfo.traits?.live && nodeInfo.traits.role === 'source') kinds.liveSources.push(id);
    if (nodeInfo.traits?.live && nodeInfo.traits.role === 'sink') kinds.liveSinks.push(id);
    if (nodeInfo.decoupler) kinds.decouplers.add(id);
  }

  const empty: Circuit = { version: circuit.version, name: circuit.name, nodes: [], edges: [] };
  const links = new Map<string, ResolvedLink>();
  const endpointUse = new Map<string, number>();
  for (const edge of graph.edges.values()) {
    const link = linkOf(edge, info, empty);
    links.set(edge.id, link);
    if (link.endpoint !== undefined) endpointUse.set(link.endpoint, (endpointUse.get(link.endpoint) ?? 0) + 1);
  }

  const stallZone = findStallZone(graph, kinds);
  const order = orderGraph(graph);
  const classification = classifyGraph(graph, kinds, stallZone);
  const realtimeNodes: NodeInfo[] = [];
  for (const nodeInfo of info.values()) {
    if (nodeInfo.traits && classification.nodes[nodeInfo.node.id] === 'realtime') realtimeNodes.push(nodeInfo);
  }

  return {
    circuit,
    graph,
    classification,
    stallZone,
    order,
    info,
    links,
    liveOrigins: findLiveReach(graph, info, order, 'source'),
    liveTargets: findLiveReach(graph, info, order, 'sink'),
    endpointUse,
    realtimeNodes,
  };
}

/** Returns true when the edge lies on a real-time path. */
export function isRealtimeEdge(context: AnalysisContext, id: string): boolean {
  return context.classification.edges[id] === 'realtime';
}
