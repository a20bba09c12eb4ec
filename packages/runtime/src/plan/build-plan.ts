import { classifyCircuit } from '@circuit-studio/analysis';
import {
  type Circuit,
  type CircuitEdge,
  type CircuitNode,
  defaultLinkHwm,
  parseCircuit,
  resolveConfig,
  resolveLink,
  type ValidationError,
  validateCircuitConfig,
} from '@circuit-studio/model';
import { RuntimeError } from '../errors.js';
import {
  type LinkPlan,
  type OutputEdgePlan,
  SUPPORTED_NODE_TYPES,
  type SupportedNodeType,
  type WorkerPlan,
} from '../worker-protocol.js';
import { resolveDataDir, resolveInputPath, resolveOutputPath } from './data-paths.js';
import { checkCircuitEndpoint, ipcPathOf, MAX_IPC_PATH_BYTES, runSocketDir } from './endpoints.js';
import { checkStructure } from './structure.js';

export { CAPACITY_HWM, REALTIME_HWM } from '@circuit-studio/model';

const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface EdgePlan {
  edgeId: string;
  source: string;
  target: string;
  realtime: boolean;
  links: LinkPlan[];
}

/** Everything needed to start a run, computed before any file, socket or process is created. */
export interface RunPlan {
  runId: string;
  dataDir: string;
  /** Folder of the ipc files the runtime allocates; removed when the run ends. */
  socketDir: string;
  /** ipc files named in the circuit itself, removed when the run ends. */
  circuitIpcFiles: string[];
  nodes: Array<{ nodeId: string; type: SupportedNodeType; source: boolean; processes: WorkerPlan[] }>;
  edges: EdgePlan[];
}

export interface PlanOptions {
  dataDir: string;
  runId: string;
  reportIntervalMs: number;
  logLevel: string;
}

function isSupported(type: string): type is SupportedNodeType {
  return (SUPPORTED_NODE_TYPES as readonly string[]).includes(type);
}

function invalid(errors: ValidationError[]): RuntimeError {
  const listed = errors
    .slice(0, 5)
    .map((error) => `${error.path}: ${error.message}`)
    .join('; ');
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  return new RuntimeError('RUNTIME_INVALID_CIRCUIT', `the circuit is invalid: ${listed}${more}`, {
    errors: errors.map(({ path, message }) => ({ path, message })),
  });
}

function replicasOf(node: CircuitNode): number {
  return node.type === 'module' ? Number(resolveConfig(node).replicas ?? 1) : 1;
}

/** Checks a circuit and computes how to run it; throws RuntimeError when it cannot run. */
export async function buildRunPlan(input: Circuit, options: PlanOptions): Promise<RunPlan> {
  if (!RUN_ID_PATTERN.test(options.runId)) {
    throw new RuntimeError(
      'RUNTIME_BAD_OPTION',
      `runId must be 1 to 64 letters, digits, _ or -, found "${options.runId}"`,
      {
        runId: options.runId,
      },
    );
  }
  const parsed = parseCircuit(input);
  if (!parsed.ok) throw invalid(parsed.errors);
  const circuit = parsed.circuit;
  for (const node of circuit.nodes) {
    if (!isSupported(node.type)) {
      throw new RuntimeError(
        'RUNTIME_UNSUPPORTED_NODE_TYPE',
        `node ${node.id} has type "${node.type}", which this runtime cannot run; supported types are ${SUPPORTED_NODE_TYPES.join(', ')}`,
        { nodeId: node.id, type: node.type },
      );
    }
  }
  const configErrors = validateCircuitConfig(circuit);
  if (configErrors.length > 0) throw invalid(configErrors);
  checkStructure(circuit);

  const dataDir = await resolveDataDir(options.dataDir);
  const socketDir = runSocketDir(options.runId);
  const nodes = new Map(circuit.nodes.map((node) => [node.id, node]));
  const classes = classifyCircuit(circuit);
  const edges: EdgePlan[] = [];
  const endpoints = new Map<string, string>();
  const circuitIpcFiles: string[] = [];
  circuit.edges.forEach((edge, index) => {
    const plan = planEdge(circuit, edge, index, nodes, socketDir, classes.edges[edge.id] === 'realtime');
    for (const link of plan.links) {
      const other = endpoints.get(link.endpoint);
      if (other && other !== edge.id) {
        throw new RuntimeError(
          'RUNTIME_ENDPOINT_CONFLICT',
          `edges ${other} and ${edge.id} both use endpoint ${link.endpoint}; give each edge its own endpoint`,
          { edges: [other, edge.id], endpoint: link.endpoint },
        );
      }
      endpoints.set(link.endpoint, edge.id);
    }
    const declared = resolveLink(circuit, edge).endpoint;
    const declaredFile = declared === undefined ? undefined : ipcPathOf(declared);
    if (declaredFile) circuitIpcFiles.push(declaredFile);
    edges.push(plan);
  });

  const planned: RunPlan['nodes'] = [];
  for (const node of circuit.nodes) {
    const type = node.type as SupportedNodeType;
    const config = resolveConfig(node);
    const filePath = await resolveNodePath(type, config, dataDir, node.id);
    const processes: WorkerPlan[] = [];
    for (let replica = 0; replica < replicasOf(node); replica++) {
      processes.push({
        runId: options.runId,
        nodeId: node.id,
        replica,
        type,
        config,
        ...(filePath === undefined ? {} : { filePath }),
        inputs: edges.flatMap((edge) =>
          edge.target === node.id ? edge.links.filter((link) => link.receiverReplica === replica) : [],
        ),
        outputs: edges
          .filter((edge) => edge.source === node.id)
          .map(
            (edge): OutputEdgePlan => ({
              edgeId: edge.edgeId,
              links: edge.links.filter((link) => link.senderReplica === replica),
            }),
          ),
        epoch: 0,
        reportIntervalMs: options.reportIntervalMs,
        logLevel: options.logLevel,
      });
    }
    planned.push({ nodeId: node.id, type, source: type.endsWith('-source'), processes });
  }
  return { runId: options.runId, dataDir, socketDir, circuitIpcFiles, nodes: planned, edges };
}

function planEdge(
  circuit: Circuit,
  edge: CircuitEdge,
  index: number,
  nodes: Map<string, CircuitNode>,
  socketDir: string,
  realtime: boolean,
): EdgePlan {
  const link = resolveLink(circuit, edge);
  if (link.pattern === 'broker') {
    throw new RuntimeError(
      'RUNTIME_UNSUPPORTED_NODE_TYPE',
      `edge ${edge.id} needs a broker client, which this runtime lacks`,
      {
        edgeId: edge.id,
      },
    );
  }
  const senders = replicasOf(nodes.get(edge.source) as CircuitNode);
  const receivers = replicasOf(nodes.get(edge.target) as CircuitNode);
  if (link.endpoint !== undefined) {
    checkCircuitEndpoint(link.endpoint, edge.id);
    if (senders * receivers > 1) {
      throw new RuntimeError(
        'RUNTIME_ENDPOINT_REJECTED',
        `edge ${edge.id} sets endpoint ${link.endpoint}, but its nodes run ${senders * receivers} process pairs that each need their own endpoint; remove the endpoint so the runtime allocates them`,
        { edgeId: edge.id, endpoint: link.endpoint },
      );
    }
  }
  const links: LinkPlan[] = [];
  for (let sender = 0; sender < senders; sender++) {
    for (let receiver = 0; receiver < receivers; receiver++) {
      const name = senders * receivers > 1 ? `${index}-${sender}-${receiver}` : `${index}`;
      const endpoint = link.endpoint ?? `ipc://${socketDir}/${name}.ipc`;
      if (Buffer.byteLength(endpoint) - 'ipc://'.length > MAX_IPC_PATH_BYTES) {
        throw new RuntimeError(
          'RUNTIME_BAD_OPTION',
          `the socket folder ${socketDir} is too long for ipc endpoints (at most ${MAX_IPC_PATH_BYTES} bytes); use a shorter runId or TMPDIR`,
          { socketDir },
        );
      }
      links.push({
        linkId: `${edge.id}/${sender}-${receiver}`,
        edgeId: edge.id,
        pattern: link.pattern,
        endpoint,
        bind: link.bind,
        realtime,
        hwm: edge.hwm ?? defaultLinkHwm(realtime, (nodes.get(edge.source) as CircuitNode).type),
        ...(edge.timeoutMs === undefined ? {} : { timeoutMs: edge.timeoutMs }),
        senderReplica: sender,
        receiverReplica: receiver,
      });
    }
  }
  return { edgeId: edge.id, source: edge.source, target: edge.target, realtime, links };
}

async function resolveNodePath(
  type: SupportedNodeType,
  config: Record<string, unknown>,
  dataDir: string,
  nodeId: string,
): Promise<string | undefined> {
  if (type === 'file-source') return resolveInputPath(dataDir, String(config.path), nodeId);
  if (type === 'file-sink') return resolveOutputPath(dataDir, String(config.path), nodeId);
  return undefined;
}
