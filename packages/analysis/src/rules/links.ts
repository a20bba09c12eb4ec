import { CAPACITY_HWM, type Codec } from '@circuit-studio/model';
import type { NodeInfo } from '../context.js';
import { capitalize, edgeName, listNames, liveSourceNames, nodeName } from '../describe.js';
import { linkHwm } from '../measures.js';
import { switchPattern } from '../suggest.js';
import type { Finding, QuickFix } from '../types.js';
import type { Rule } from './rule.js';

/** Codecs whose frames depend on earlier frames back to the last keyframe. */
const KEYFRAME_CODECS: ReadonlySet<Codec> = new Set<Codec>(['h264']);

/** Codecs a keyframe source can switch to so that every message is a whole frame, best first. */
const INTRA_FRAME_CODECS: readonly Codec[] = ['jpeg', 'raw'];

/** `realtime-blocking-socket`: dealer-router or req-rep where a stalled receiver stalls a live source. */
export const blockingSocketRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const edge of input.graph.edges.values()) {
    const pattern = input.links.get(edge.id)?.pattern;
    if (pattern !== 'dealer-router' && pattern !== 'req-rep') continue;
    if (!input.stallZone.edges.has(edge.id)) continue;

    const waits =
      pattern === 'req-rep'
        ? 'waits for a reply to every frame before it sends the next'
        : 'makes the sender wait once the receiver falls behind';
    findings.push({
      rule: 'realtime-blocking-socket',
      severity: 'error',
      nodes: [edge.source, edge.target],
      edges: [edge.id],
      message:
        `${capitalize(edgeName(input, edge.id))} uses ${pattern}, which ${waits}. It lies on the real-time path of ` +
        `${liveSourceNames(input, edge.source)}, which cannot wait: when ${nodeName(input, edge.target)} slows ` +
        'down or stops, frames queue up behind it and the live stream stalls instead of dropping frames.',
      fix: `Switch ${edgeName(input, edge.id)} to pub-sub, which drops the frames a slow receiver cannot take.`,
      quickFix: switchPattern(input, edge, 'pub-sub'),
    });
  }
  return findings;
};

/**
 * `capacity-lossy-socket`: pub-sub on a capacity path. A publisher that connects to a binding
 * subscriber is reported here too, because it also loses the frames sent while the connection forms.
 */
export const lossySocketRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const edge of input.graph.edges.values()) {
    const link = input.links.get(edge.id);
    if (link?.pattern !== 'pub-sub' || input.classification.edges[edge.id] !== 'capacity') continue;

    // A pub-sub link is a ZeroMQ link, so it always has a high-water mark.
    const hwm = linkHwm(input, edge) ?? CAPACITY_HWM;
    const lateJoin =
      link.bind === 'target'
        ? ' Here the subscriber binds and the publisher connects, so every frame published before the ' +
          'connection forms is lost at start-up as well.'
        : '';
    findings.push({
      rule: 'capacity-lossy-socket',
      severity: 'error',
      nodes: [edge.source, edge.target],
      edges: [edge.id],
      message:
        `${capitalize(edgeName(input, edge.id))} uses pub-sub on a capacity path, where nothing may be lost: the publisher ` +
        `${nodeName(input, edge.source)} silently drops frames whenever ${nodeName(input, edge.target)} falls ` +
        `${hwm} frames behind (the high-water mark) or is not connected.${lateJoin}`,
      fix: `Switch ${edgeName(input, edge.id)} to dealer-router, which makes the sender wait instead of dropping.`,
      quickFix: switchPattern(input, edge, 'dealer-router'),
    });
  }
  return findings;
};

/** Returns true when frames can be lost crossing this node: a buffer that drops on overflow. */
function dropsInside(info: NodeInfo | undefined): boolean {
  return info?.decoupler === true && info.traits?.broker === false;
}

function codecFix(info: NodeInfo): { fix: QuickFix; codec: Codec } | undefined {
  for (const [key, field] of Object.entries(info.spec?.config ?? {})) {
    if (field.kind !== 'enum' || info.config[key] !== info.traits?.codec) continue;
    const codec = INTRA_FRAME_CODECS.find((candidate) => field.values.includes(candidate));
    if (codec) return { fix: { kind: 'set-node-config', node: info.node.id, changes: { [key]: codec } }, codec };
  }
  return undefined;
}

/**
 * `keyframe-video-loss`: keyframe-encoded video crossing a pub-sub link or a dropping buffer. Stages
 * pass payloads on unchanged, so the walk follows every edge downstream of the source, up to the
 * first link or buffer that drops on each path: the video is already damaged beyond it.
 */
export const keyframeLossRule: Rule = (input) => {
  const findings: Finding[] = [];
  for (const [sourceId, info] of input.info) {
    const codec = info.traits?.codec;
    if (info.traits?.role !== 'source' || codec === undefined || !KEYFRAME_CODECS.has(codec)) continue;

    const lossyEdges: string[] = [];
    const lossyNodes: string[] = [];
    const stack = [sourceId];
    const seen = new Set(stack);
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (id !== sourceId && dropsInside(input.info.get(id))) {
        lossyNodes.push(id);
        continue;
      }
      for (const edge of input.graph.outgoing.get(id) ?? []) {
        if (input.links.get(edge.id)?.pattern === 'pub-sub') {
          lossyEdges.push(edge.id);
          continue;
        }
        if (seen.has(edge.target)) continue;
        seen.add(edge.target);
        stack.push(edge.target);
      }
    }
    if (lossyEdges.length === 0 && lossyNodes.length === 0) continue;

    const where = capitalize(
      listNames([
        ...lossyEdges.map((id) => `pub-sub ${edgeName(input, id)}`),
        ...lossyNodes.map((id) => nodeName(input, id)),
      ]),
    );
    const change = codecFix(info);
    const finding: Finding = {
      rule: 'keyframe-video-loss',
      severity: 'warning',
      nodes: [sourceId, ...lossyNodes],
      edges: lossyEdges,
      message:
        `${nodeName(input, sourceId)} sends ${codec} video, where each frame depends on the frames before it back ` +
        `to the last keyframe. ${where} can drop messages under load, and one lost message corrupts every ` +
        'frame up to the next keyframe, often seconds of video.',
      fix: change
        ? `Set the codec of ${nodeName(input, sourceId)} to ${change.codec}, so that each message is a whole frame and a drop loses that frame only.`
        : `Decode the video of ${nodeName(input, sourceId)} into whole frames before the first link that drops.`,
    };
    if (change) finding.quickFix = change.fix;
    findings.push(finding);
  }
  return findings;
};
