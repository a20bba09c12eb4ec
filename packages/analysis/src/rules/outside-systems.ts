import type { NodeInfo } from '../context.js';
import { capitalize, edgeName, formatMs, nodeName, realtimePathName } from '../describe.js';
import {
  hasField,
  insertRealtimeQueue,
  realtimeQueueConfig,
  realtimeQueueType,
  SUGGESTED_TIMEOUT_MS,
  timeoutField,
} from '../suggest.js';
import type { Finding, QuickFix } from '../types.js';
import type { Rule, RuleInput } from './rule.js';

/** A TCP sink whose typical write takes longer than this is too slow to write to from a real-time path. */
export const SLOW_TCP_SINK_MS = 10;

/** Returns the node's incoming edges on a real-time path, in circuit order. */
function realtimeInputs(input: RuleInput, id: string): string[] {
  return (input.graph.incoming.get(id) ?? [])
    .filter((edge) => input.classification.edges[edge.id] === 'realtime')
    .map((edge) => edge.id);
}

function slowness(info: NodeInfo): string | undefined {
  const traits = info.traits;
  if (traits?.role !== 'sink' || traits.live) return undefined;
  if (!traits.realtimeCapable) {
    return `is not a real-time system: its writes take ${formatMs(traits.expectedLatencyMs)} typically and far longer under load or during a failover`;
  }
  if (traits.transport === 'tcp' && traits.expectedLatencyMs > SLOW_TCP_SINK_MS) {
    return `writes over TCP in ${formatMs(traits.expectedLatencyMs)} typically, longer than a real-time path can wait`;
  }
  return undefined;
}

/** `realtime-slow-sink`: a non-real-time system or slow TCP sink fed from a real-time path with no queue between. */
export const slowSinkRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const info of input.realtimeNodes) {
    const slowReason = slowness(info);
    if (!slowReason) continue;

    const id = info.node.id;
    for (const edgeId of realtimeInputs(input, id)) {
      const queue = insertRealtimeQueue(edgeId);
      const finding: Finding = {
        rule: 'realtime-slow-sink',
        severity: 'error',
        nodes: [input.graph.edges.get(edgeId)?.source ?? id, id],
        edges: [edgeId],
        message:
          `${nodeName(input, id)} ${slowReason}. ${capitalize(edgeName(input, edgeId))} feeds it directly from ` +
          `${realtimePathName(input, id)}, with no queue between, so every slow write holds up the frames ` +
          'behind it and the live stream stalls or drops frames for as long as the write takes.',
        fix: queue
          ? `Insert a ${queue.label} on ${edgeName(input, edgeId)}, so that the real-time path only pushes to it and ${nodeName(input, id)} is written at its own pace.`
          : `Insert a queue on ${edgeName(input, edgeId)}, so that ${nodeName(input, id)} is written at its own pace.`,
      };
      if (queue) finding.quickFix = queue.fix;
      findings.push(finding);
    }
  }
  return findings;
};

/** `realtime-missing-timeout`: an outside-system node on a real-time path with no hard timeout set. */
export const missingTimeoutRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const info of input.realtimeNodes) {
    if (!info.traits?.outsideSystem) continue;
    const field = timeoutField(info);
    if (field !== undefined && info.config[field] !== undefined) continue;

    const id = info.node.id;
    const finding: Finding = {
      rule: 'realtime-missing-timeout',
      severity: 'warning',
      nodes: [id],
      edges: [],
      message:
        `${nodeName(input, id)} talks to a system outside the studio on ${realtimePathName(input, id)} without a ` +
        'hard timeout: when that system hangs, the operation waits indefinitely and the real-time path stalls ' +
        'with it instead of dropping frames.',
      fix:
        field !== undefined
          ? `Set ${field} of ${nodeName(input, id)} to ${SUGGESTED_TIMEOUT_MS} ms, so that a hung operation costs dropped frames, not a stalled path.`
          : `Put a queue with a hard timeout between the real-time path and ${nodeName(input, id)}.`,
    };
    if (field !== undefined) {
      finding.quickFix = { kind: 'set-node-config', node: id, changes: { [field]: SUGGESTED_TIMEOUT_MS } };
    }
    findings.push(finding);
  }
  return findings;
};

function recoveryFix(input: RuleInput, info: NodeInfo): { fix: QuickFix; text: string } | undefined {
  const id = info.node.id;
  if (info.traits?.role === 'sink') {
    const edgeId = realtimeInputs(input, id)[0];
    const queue = edgeId === undefined ? undefined : insertRealtimeQueue(edgeId);
    if (!queue || edgeId === undefined) return undefined;
    return {
      fix: queue.fix,
      text: `Insert a ${queue.label} on ${edgeName(input, edgeId)}, so that an outage of ${nodeName(input, id)} builds a backlog there while the real-time path runs on.`,
    };
  }
  const replacement = realtimeQueueType();
  if (info.traits?.role !== 'queue' || !info.traits.broker || !replacement) return undefined;
  const config = realtimeQueueConfig(replacement);
  for (const key of ['capacity', 'timeoutMs']) {
    const value = info.node.config[key];
    if (value !== undefined && hasField(replacement, key)) config[key] = value;
  }
  return {
    fix: { kind: 'replace-node', node: id, nodeType: replacement.type, config },
    text: `Replace ${nodeName(input, id)} with a ${replacement.label}, which is real-time capable and comes back quickly after a failure.`,
  };
}

/** `realtime-slow-recovery`: a system that takes long to recover after a failure, on a real-time path. */
export const slowRecoveryRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const info of input.realtimeNodes) {
    if (!info.traits?.slowRecovery) continue;

    const id = info.node.id;
    const remedy = recoveryFix(input, info);
    const finding: Finding = {
      rule: 'realtime-slow-recovery',
      severity: 'warning',
      nodes: [id],
      edges: [],
      message:
        `${nodeName(input, id)} takes long to come back after a failure (a rebalance or a failover lasts seconds ` +
        `to minutes) and sits on ${realtimePathName(input, id)}: for the whole recovery every operation on it ` +
        'fails or waits, so the live stream loses every frame of that time or stalls.',
      fix: remedy?.text ?? `Move ${nodeName(input, id)} behind a queue that decouples it from the real-time path.`,
    };
    if (remedy) finding.quickFix = remedy.fix;
    findings.push(finding);
  }
  return findings;
};

function udpFix(info: NodeInfo): { key: string } | undefined {
  for (const [key, field] of Object.entries(info.spec?.config ?? {})) {
    if (field.kind === 'enum' && field.values.includes('udp') && info.config[key] === 'tcp') return { key };
  }
  return undefined;
}

/** `realtime-prefer-udp`: metrics or telemetry sent over TCP on a real-time path where UDP is offered. */
export const preferUdpRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const info of input.realtimeNodes) {
    const traits = info.traits;
    if (!traits?.telemetry || !traits.udpOffered || traits.transport !== 'tcp') continue;

    const id = info.node.id;
    const field = udpFix(info);
    const finding: Finding = {
      rule: 'realtime-prefer-udp',
      severity: 'warning',
      nodes: [id],
      edges: [],
      message:
        `${nodeName(input, id)} sends telemetry over TCP on ${realtimePathName(input, id)}: when the receiver is ` +
        'slow or unreachable, TCP sends wait for acknowledgements and retransmissions and hold up the frames. ' +
        'This node offers UDP, which never waits.',
      fix: `Switch ${nodeName(input, id)} to UDP; a lost datagram costs one data point, not a stalled path.`,
    };
    if (field) finding.quickFix = { kind: 'set-node-config', node: id, changes: { [field.key]: 'udp' } };
    findings.push(finding);
  }
  return findings;
};
