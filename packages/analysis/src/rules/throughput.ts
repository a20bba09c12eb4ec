import type { CircuitEdge } from '@circuit-studio/model';
import type { NodeInfo } from '../context.js';
import { edgeName, formatFps, formatMs, formatNumber, formatSeconds, listNames, nodeName } from '../describe.js';
import { linkBound, replicasOf, sourceRate } from '../measures.js';
import { persistentQueueType } from '../suggest.js';
import type { Finding, QuickFix } from '../types.js';
import type { Rule, RuleInput } from './rule.js';

/** Relative margin below which an offered rate counts as equal to a capacity, to absorb rounding. */
const RATE_TOLERANCE = 1e-9;

function explainCapacity(info: NodeInfo): string {
  const ms = info.traits?.expectedLatencyMs ?? 0;
  const replicas = replicasOf(info);
  if (info.traits?.role === 'sink') return `one write per frame at ${formatMs(ms)} typical`;
  return `${replicas} ${replicas === 1 ? 'replica' : 'replicas'} x 1000 / ${formatMs(ms)} per frame`;
}

/** Suggests the replicas that would carry the offered rate, within the field's allowed range. */
function replicaFix(input: RuleInput, info: NodeInfo, inFps: number): { fix: QuickFix; text: string } | undefined {
  const field = info.spec?.config.replicas;
  const ms = info.traits?.expectedLatencyMs ?? 0;
  if (field?.kind !== 'number' || ms <= 0 || !Number.isFinite(inFps)) return undefined;
  const needed = Math.ceil((inFps * ms) / 1000 - RATE_TOLERANCE);
  if (needed > field.max || needed <= replicasOf(info)) return undefined;
  return {
    fix: { kind: 'set-node-config', node: info.node.id, changes: { replicas: needed } },
    text: `Raise replicas of ${nodeName(input, info.node.id)} to ${needed} (${needed} x 1000 / ${formatMs(ms)} = ${formatFps((needed * 1000) / ms)}).`,
  };
}

function describeBacklog(input: RuleInput, edge: CircuitEdge): string {
  const prediction = input.predictions.edges[edge.id];
  const upstream = input.info.get(edge.source) as NodeInfo;
  const inQueue = upstream.traits?.role === 'queue';
  const linkFrames = linkBound(input, edge);
  const places = [
    ...(inQueue ? [nodeName(input, edge.source)] : []),
    ...(linkFrames > 0 ? [`the queues of ${edgeName(input, edge.id)}`] : []),
  ];
  const waitsIn = listNames(places);
  if (prediction?.secondsToFull === undefined) {
    return `the backlog grows without limit in ${waitsIn}`;
  }
  const filled = `${waitsIn} (${formatNumber(linkFrames + upstream.measures.queueCapacity)} frames) ${places.length === 1 && inQueue ? 'fills' : 'fill'} in ${formatSeconds(prediction.secondsToFull)}`;
  if (inQueue && !upstream.traits?.broker) return `${filled}, after which ${nodeName(input, edge.source)} drops frames`;
  if (inQueue) return `${filled}, after which the queue can take no more`;
  if (upstream.traits?.role === 'source') {
    return `${filled}, after which ${nodeName(input, edge.source)} is held back to the rate the stage takes`;
  }
  return `${filled}, after which ${nodeName(input, edge.source)} has to wait and the wait spreads upstream`;
}

function overloadFinding(input: RuleInput, info: NodeInfo, inFps: number, capacity: number): Finding {
  const id = info.node.id;
  const excess = inFps - capacity;
  const incoming = input.graph.incoming.get(id) ?? [];
  const realtime = input.classification.nodes[id] === 'realtime';
  const offered = `${nodeName(input, id)} is offered ${formatFps(inFps)} but handles at most ${formatFps(capacity)} (${explainCapacity(info)})`;
  let message: string;
  if (realtime) {
    const percent = (excess / inFps) * 100;
    message = `${offered}, so about ${formatNumber(percent)}% of its input, ${formatFps(excess)}, will be dropped.`;
  } else {
    const growing = incoming.find((edge) => (input.predictions.edges[edge.id]?.backlogGrowthPerSec ?? 0) > 0);
    const where = growing ? `: ${describeBacklog(input, growing)}` : '';
    message = `${offered}, so a backlog of ${formatNumber(excess)} frames/s builds up in front of it${where}.`;
  }
  const replicas = replicaFix(input, info, inFps);
  const finding: Finding = {
    rule: 'rate-overload',
    severity: 'warning',
    nodes: [id],
    edges: incoming.map((edge) => edge.id),
    message,
    fix: replicas
      ? replicas.text
      : `Make ${nodeName(input, id)} faster, or lower the rate of the sources feeding it below ${formatFps(capacity)}.`,
  };
  if (replicas) finding.quickFix = replicas.fix;
  return finding;
}

/** `rate-overload`: a stage offered more fixed-rate frames per second than it can process. */
export const rateOverloadRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const [id, info] of input.info) {
    const prediction = input.predictions.nodes[id];
    if (!prediction || !info.traits || info.traits.role === 'source') continue;
    if (prediction.inFps <= prediction.capacityFps * (1 + RATE_TOLERANCE)) continue;
    findings.push(overloadFinding(input, info, prediction.inFps, prediction.capacityFps));
  }
  return findings;
};

interface Bottleneck {
  id: string;
  capacity: number;
  /** The edge through which the walk reached the bottleneck, where a queue would go. */
  edge: string;
}

/** Finds the slowest stage on the capacity paths from a source, up to the first persistent queue. */
function findBottleneck(input: RuleInput, sourceId: string): Bottleneck | undefined {
  let slowest: Bottleneck | undefined;
  const stack = [sourceId];
  const seen = new Set(stack);
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const edge of input.graph.outgoing.get(id) ?? []) {
      if (seen.has(edge.target) || input.classification.edges[edge.id] !== 'capacity') continue;
      seen.add(edge.target);
      const info = input.info.get(edge.target) as NodeInfo;
      if (info.traits?.role === 'queue' && info.traits.persistent) continue;
      const capacity = info.measures.capacityFps;
      if (!slowest || capacity < slowest.capacity) slowest = { id: edge.target, capacity, edge: edge.id };
      stack.push(edge.target);
    }
  }
  return slowest;
}

/** `capacity-no-persistent-queue`: a capacity source faster than its slowest stage, with no persistent queue between. */
export const noPersistentQueueRule: Rule = (input) => {
  const findings: Finding[] = [];
  const queueType = persistentQueueType();
  for (const [id, info] of input.info) {
    if (info.traits?.role !== 'source' || input.classification.nodes[id] !== 'capacity') continue;
    const rate = sourceRate(info);
    if (rate.elastic) continue;
    const slowest = findBottleneck(input, id);
    if (!slowest || rate.fps <= slowest.capacity * (1 + RATE_TOLERANCE)) continue;

    const finding: Finding = {
      rule: 'capacity-no-persistent-queue',
      severity: 'info',
      nodes: [id, slowest.id],
      edges: [slowest.edge],
      message:
        `${nodeName(input, id)} produces ${formatFps(rate.fps)}, but ${nodeName(input, slowest.id)} handles at most ` +
        `${formatFps(slowest.capacity)}, and no persistent queue lies between them: back pressure holds the source ` +
        'to the slower rate, bursts cannot be absorbed, and the frames waiting in process memory are lost if a ' +
        'stage crashes.',
      fix: queueType
        ? `Insert a ${queueType.label} on ${edgeName(input, slowest.edge)}, so that the backlog is kept on disk and the stages before it run at full rate.`
        : `Insert a persistent queue on ${edgeName(input, slowest.edge)}.`,
    };
    if (queueType) finding.quickFix = { kind: 'insert-node', edge: slowest.edge, nodeType: queueType.type };
    findings.push(finding);
  }
  return findings;
};
