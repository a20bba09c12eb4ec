import type { NodeInfo } from '../context.js';
import { formatFps, nodeName, nodeNames, realtimePathName } from '../describe.js';
import { hasField, suggestedBufferCapacity } from '../suggest.js';
import type { Finding, QuickFix } from '../types.js';
import type { Rule, RuleInput } from './rule.js';

function queues(input: RuleInput, pathClass: 'realtime' | 'capacity'): NodeInfo[] {
  const list: NodeInfo[] = [];
  const candidates = pathClass === 'realtime' ? input.realtimeNodes : input.info.values();
  for (const info of candidates) {
    if (info.traits?.role === 'queue' && input.classification.nodes[info.node.id] === pathClass) list.push(info);
  }
  return list;
}

/** Names the nodes a node sends to. */
function consumersOf(input: RuleInput, id: string): string {
  const targets = (input.graph.outgoing.get(id) ?? []).map((edge) => edge.target);
  return targets.length > 0 ? nodeNames(input, targets) : 'the stages behind it';
}

function setOverflow(info: NodeInfo, value: string): QuickFix | undefined {
  const field = info.spec?.config.overflow;
  if (field?.kind !== 'enum' || !field.values.includes(value)) return undefined;
  return { kind: 'set-node-config', node: info.node.id, changes: { overflow: value } };
}

function withQuickFix(finding: Finding, quickFix: QuickFix | undefined): Finding {
  if (quickFix) finding.quickFix = quickFix;
  return finding;
}

function blockingBufferFinding(input: RuleInput, info: NodeInfo): Finding {
  const id = info.node.id;
  const stalls = input.stallZone.nodes.has(id);
  const consequence = stalls
    ? `once ${consumersOf(input, id)} falls behind and it fills, it makes the stages before it wait, and the wait reaches the live source, which cannot wait, so the stream stalls`
    : `once ${consumersOf(input, id)} falls behind and it fills, it holds frames back instead of dropping stale ones, so the live output falls behind wall-clock time`;
  return withQuickFix(
    {
      rule: 'realtime-unbounded-buffer',
      severity: stalls ? 'error' : 'warning',
      nodes: [id],
      edges: [],
      message: `${nodeName(input, id)} blocks when full (overflow: block) on ${realtimePathName(input, id)}: ${consequence}.`,
      fix: `Set overflow of ${nodeName(input, id)} to drop-oldest, so that a full buffer drops its oldest frame and the newest frames keep flowing.`,
    },
    setOverflow(info, 'drop-oldest'),
  );
}

function unboundedQueueFinding(input: RuleInput, info: NodeInfo): Finding {
  const id = info.node.id;
  const inFps = input.predictions.nodes[id]?.inFps ?? 0;
  const bound = suggestedBufferCapacity(inFps);
  const finding: Finding = {
    rule: 'realtime-unbounded-buffer',
    severity: 'warning',
    nodes: [id],
    edges: [],
    message:
      `${nodeName(input, id)} has no bound (capacity 0) and feeds ${realtimePathName(input, id)}: whenever ` +
      `${consumersOf(input, id)} falls behind, frames wait in it without limit, and the live output lags further ` +
      'and further behind instead of dropping stale frames.',
    fix: `Set capacity of ${nodeName(input, id)} to ${bound}, about 200 ms of frames at the predicted ${formatFps(inFps)}.`,
  };
  if (hasField(info.spec, 'capacity')) {
    finding.quickFix = { kind: 'set-node-config', node: id, changes: { capacity: bound } };
  }
  return finding;
}

/**
 * `realtime-unbounded-buffer`: a buffer on a real-time path that blocks when full, or a queue with no
 * bound whose frames go on to a live sink. An unbounded queue whose consumers are all on capacity
 * paths is the boundary of a mixed circuit; its backlog is judged by `rate-overload` instead.
 */
export const unboundedBufferRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const info of queues(input, 'realtime')) {
    const id = info.node.id;
    if (!info.decoupler) {
      findings.push(blockingBufferFinding(input, info));
      continue;
    }
    const feedsRealtime = (input.graph.outgoing.get(id) ?? []).some(
      (edge) => input.classification.edges[edge.id] === 'realtime',
    );
    if (feedsRealtime && info.measures.queueCapacity === Number.POSITIVE_INFINITY) {
      findings.push(unboundedQueueFinding(input, info));
    }
  }
  return findings;
};

/** `realtime-eos-drop`: a buffer on a real-time path that drops the newest message when full. */
export const eosDropRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const info of queues(input, 'realtime')) {
    if (info.config.overflow !== 'drop-newest') continue;

    const id = info.node.id;
    findings.push(
      withQuickFix(
        {
          rule: 'realtime-eos-drop',
          severity: 'warning',
          nodes: [id],
          edges: [],
          message:
            `${nodeName(input, id)} drops the newest message when full (overflow: drop-newest) on ` +
            `${realtimePathName(input, id)}. When the stream ends while it is full, the end-of-stream message is ` +
            `the newest and is dropped, so ${consumersOf(input, id)} and every stage after it wait for an end ` +
            'that never comes, and the run does not complete.',
          fix: `Set overflow of ${nodeName(input, id)} to drop-oldest: it keeps the newest messages, end-of-stream included, and drops stale frames instead.`,
        },
        setOverflow(info, 'drop-oldest'),
      ),
    );
  }
  return findings;
};

/** `capacity-lossy-buffer`: a buffer that drops frames when full, on a capacity path. */
export const lossyBufferRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const info of queues(input, 'capacity')) {
    if (!info.decoupler || info.traits?.broker) continue;

    const id = info.node.id;
    const capacity = info.measures.queueCapacity;
    const producers = (input.graph.incoming.get(id) ?? []).map((edge) => edge.source);
    findings.push(
      withQuickFix(
        {
          rule: 'capacity-lossy-buffer',
          severity: 'error',
          nodes: [id],
          edges: [],
          message:
            `${nodeName(input, id)} drops frames when full (overflow: ${String(info.config.overflow)}) on a capacity ` +
            `path, where nothing may be lost: whenever ${consumersOf(input, id)} falls behind by ${capacity} frames, ` +
            'frames are discarded silently.',
          fix:
            producers.length > 0
              ? `Set overflow of ${nodeName(input, id)} to block, so that a full buffer makes ${nodeNames(input, producers)} wait instead.`
              : `Set overflow of ${nodeName(input, id)} to block, so that a full buffer makes the sender wait instead.`,
        },
        setOverflow(info, 'block'),
      ),
    );
  }
  return findings;
};
