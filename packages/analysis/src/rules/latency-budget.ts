import type { CircuitEdge } from '@circuit-studio/model';
import type { NodeInfo } from '../context.js';
import { edgeName, formatMs, listNames, nodeName } from '../describe.js';
import { linkBound } from '../measures.js';
import type { Finding, QuickFix } from '../types.js';
import type { Rule, RuleInput } from './rule.js';

/** Budget of a live sink whose type has no `latencyBudgetMs` field. */
export const DEFAULT_LATENCY_BUDGET_MS = 500;

/** One place frames wait on their way to a sink: a link's ZeroMQ queues or a queue node. */
interface Wait {
  kind: 'link' | 'queue';
  edge: CircuitEdge;
  frames: number;
  serviceMs: number;
  delayMs: number;
}

interface Delay {
  totalMs: number;
  /** The edge into this node on the path with the longest queueing delay. */
  via?: CircuitEdge;
}

/**
 * Returns the waits on one hop: frames on the link and frames kept in the upstream queue node, each
 * drained at the worst-case service time of the node the hop leads to. An unbounded queue is left
 * out because its delay has no limit, and `realtime-unbounded-buffer` reports it.
 */
function hopWaits(input: RuleInput, edge: CircuitEdge): Wait[] {
  const serviceMs = (input.info.get(edge.target) as NodeInfo).measures.worstServiceMs;
  const waits: Wait[] = [];
  const linkFrames = linkBound(input, edge);
  if (linkFrames > 0)
    waits.push({ kind: 'link', edge, frames: linkFrames, serviceMs, delayMs: linkFrames * serviceMs });
  const queued = (input.info.get(edge.source) as NodeInfo).measures.queueCapacity;
  if (queued > 0 && Number.isFinite(queued))
    waits.push({ kind: 'queue', edge, frames: queued, serviceMs, delayMs: queued * serviceMs });
  return waits;
}

/** Sums the waits of {@link hopWaits} without building them, because it runs for every edge. */
function hopDelay(input: RuleInput, edge: CircuitEdge): number {
  const serviceMs = (input.info.get(edge.target) as NodeInfo).measures.worstServiceMs;
  if (serviceMs === 0) return 0;
  const queued = (input.info.get(edge.source) as NodeInfo).measures.queueCapacity;
  return (linkBound(input, edge) + (Number.isFinite(queued) ? queued : 0)) * serviceMs;
}

/** Computes, for every node, the longest queueing delay over the paths that reach it, in graph order. */
function longestDelays(input: RuleInput): Map<string, Delay> {
  const delays = new Map<string, Delay>();
  for (const id of input.order.order) {
    let best: Delay = { totalMs: 0 };
    for (const edge of input.graph.incoming.get(id) ?? []) {
      if (input.order.backEdges.has(edge.id)) continue;
      const total = (delays.get(edge.source)?.totalMs ?? 0) + hopDelay(input, edge);
      if (total > best.totalMs) best = { totalMs: total, via: edge };
    }
    delays.set(id, best);
  }
  return delays;
}

function pathWaits(input: RuleInput, delays: Map<string, Delay>, sinkId: string): Wait[] {
  const waits: Wait[] = [];
  const visited = new Set<string>();
  let via = delays.get(sinkId)?.via;
  while (via && !visited.has(via.source)) {
    visited.add(via.source);
    waits.push(...hopWaits(input, via));
    via = delays.get(via.source)?.via;
  }
  return waits.reverse();
}

function describeWait(input: RuleInput, wait: Wait): string {
  const where = wait.kind === 'link' ? edgeName(input, wait.edge.id) : nodeName(input, wait.edge.source);
  return `${where} holds up to ${wait.frames} frames x ${formatMs(wait.serviceMs)} = ${formatMs(wait.delayMs)}`;
}

/**
 * Shrinks the largest wait so that, with the others unchanged, the path fits the budget where it can.
 * Where it cannot, the fix text gives how far over the budget the path stays.
 */
function shrinkFix(wait: Wait, overMs: number): { fix: QuickFix; text: string } {
  const allowedMs = wait.delayMs - overMs;
  const frames = (count: number) => `${count} ${count === 1 ? 'frame' : 'frames'}`;
  // With this wait at newDelayMs and the others unchanged, the path exceeds the budget by this much.
  const stillOver = (newDelayMs: number) => {
    const excessMs = overMs - wait.delayMs + newDelayMs;
    return excessMs > 0
      ? ` The path then still exceeds the budget by ${formatMs(excessMs)}, so shorten the other waits too.`
      : '';
  };
  if (wait.kind === 'link') {
    const hwm = Math.max(1, Math.floor(allowedMs / (2 * wait.serviceMs)));
    return {
      fix: { kind: 'set-edge', edge: wait.edge.id, changes: { hwm } },
      text: `Lower hwm of edge "${wait.edge.id}" to ${hwm}, so that at most ${frames(2 * hwm)} wait on it.${stillOver(2 * hwm * wait.serviceMs)}`,
    };
  }
  const capacity = Math.max(1, Math.floor(allowedMs / wait.serviceMs));
  return {
    fix: { kind: 'set-node-config', node: wait.edge.source, changes: { capacity } },
    text: `Lower capacity of "${wait.edge.source}" to ${frames(capacity)}.${stillOver(capacity * wait.serviceMs)}`,
  };
}

function budgetOf(info: NodeInfo): number {
  const value = info.config.latencyBudgetMs;
  return typeof value === 'number' && value > 0 ? value : DEFAULT_LATENCY_BUDGET_MS;
}

/**
 * `realtime-latency-budget`: a live sink whose worst-case queueing delay, summed over the hops of
 * the worst path into it, exceeds its `latencyBudgetMs`. Each hop counts the frames its link and its
 * upstream queue can hold times the worst-case service time of the stage draining them. Frames
 * waiting behind a decoupler count too, because the capture time travels with the frame.
 */
export const latencyBudgetRule: Rule = (input) => {
  const findings: Finding[] = [];
  let delays: Map<string, Delay> | undefined;
  for (const [id, info] of input.info) {
    if (info.traits?.role !== 'sink' || !info.traits.live) continue;
    delays ??= longestDelays(input);
    const total = delays.get(id)?.totalMs ?? 0;
    const budget = budgetOf(info);
    if (total <= budget) continue;

    const waits = pathWaits(input, delays, id);
    const largest = [...waits].sort((a, b) => b.delayMs - a.delayMs);
    const shrink = largest[0] ? shrinkFix(largest[0], total - budget) : undefined;
    const pathNodes = [...new Set(waits.flatMap((wait) => [wait.edge.source, wait.edge.target]))];
    const finding: Finding = {
      rule: 'realtime-latency-budget',
      severity: 'warning',
      nodes: pathNodes.includes(id) ? pathNodes : [...pathNodes, id],
      edges: [...new Set(waits.map((wait) => wait.edge.id))],
      message:
        `Frames can wait up to ${formatMs(total)} in queues on their way to ${nodeName(input, id)}, above its latency ` +
        `budget of ${formatMs(budget)}, so its live output can run that far behind capture time: ` +
        `${listNames(largest.slice(0, 3).map((wait) => describeWait(input, wait)))}.`,
      fix: shrink?.text ?? `Lower the high-water marks and queue capacities on the path into ${nodeName(input, id)}.`,
    };
    if (shrink) finding.quickFix = shrink.fix;
    findings.push(finding);
  }
  return findings;
};
