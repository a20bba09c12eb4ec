import type { Classification } from './classify.js';

/**
 * Stable ids of the analysis rules. The first twelve are fixed by the circuit file contract. The last
 * three cover field failures that those twelve do not name:
 * - `keyframe-video-loss`: keyframe-encoded video (h264) crosses a link that drops messages, so one
 *   lost message corrupts every frame up to the next keyframe.
 * - `realtime-eos-drop`: a buffer on a real-time path drops new messages when full, so it can drop the
 *   end-of-stream message and leave everything behind it waiting for a stream that never ends.
 * - `capacity-lossy-buffer`: a buffer on a capacity path drops frames when full.
 *
 * A pub-sub link on a capacity path where the publisher connects and the subscriber binds is reported
 * under `capacity-lossy-socket`, with the start-up loss named in the message.
 */
export const RULE_IDS = [
  'realtime-blocking-socket',
  'capacity-lossy-socket',
  'realtime-slow-sink',
  'realtime-missing-timeout',
  'realtime-slow-recovery',
  'realtime-prefer-udp',
  'realtime-unbounded-buffer',
  'capacity-no-persistent-queue',
  'realtime-latency-budget',
  'rate-overload',
  'socket-mismatch',
  'structure',
  'keyframe-video-loss',
  'realtime-eos-drop',
  'capacity-lossy-buffer',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning' | 'info';

/**
 * A structured edit that the editor applies in one step and can undo by restoring the previous
 * circuit. In `changes`, a `null` value removes the field.
 */
export type QuickFix =
  /** Sets fields of an edge, for example `{ pattern: 'pub-sub' }`. */
  | { kind: 'set-edge'; edge: string; changes: Record<string, unknown> }
  /** Sets config keys of a node, for example `{ timeoutMs: 200 }`. */
  | { kind: 'set-node-config'; node: string; changes: Record<string, unknown> }
  /** Splits an edge with a new node of `nodeType`, placed halfway between the two ends or below a node already there. */
  | { kind: 'insert-node'; edge: string; nodeType: string; config?: Record<string, unknown> }
  /** Changes a node's type in place and keeps its id, position and edges. `config` replaces the old config. */
  | { kind: 'replace-node'; node: string; nodeType: string; config?: Record<string, unknown> };

/** One problem the analysis found, located by node and edge ids. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  nodes: string[];
  edges: string[];
  /** The consequence in this circuit's terms: what will stall, lose or drop, and why. */
  message: string;
  /** The change to make, in words. Every rule gives one, so the command line's `fix` is never empty. */
  fix: string;
  /** The same change as an edit the editor can apply, where one exists. */
  quickFix?: QuickFix;
}

/**
 * Predicted steady-state rates on an edge. `servedFps` is the rate the target takes from this edge
 * while the queues in front of it still have room. Rates of an elastic source (a file read as fast
 * as the circuit allows) are its pace set by the slowest stage behind it, and are
 * `Number.POSITIVE_INFINITY` when no stage behind it has a finite capacity.
 */
export interface EdgePrediction {
  offeredFps: number;
  servedFps: number;
  /** Real-time edges: share of offered frames dropped, in percent. */
  dropPercent?: number;
  /** Capacity edges: frames per second added to the backlog in front of the target. */
  backlogGrowthPerSec?: number;
  /** Capacity edges with a growing backlog: seconds until the bounded queue in front of the target is full. */
  secondsToFull?: number;
  /** Offered payload in bytes per second, where the source states its payload size. */
  offeredBytesPerSec?: number;
}

/** Predicted steady-state rates of a node. */
export interface NodePrediction {
  /** Frames per second offered to the node by all its inputs. */
  inFps: number;
  /** Frames per second the node can process; `Number.POSITIVE_INFINITY` when it never limits. */
  capacityFps: number;
  outFps: number;
}

export interface Predictions {
  edges: Record<string, EdgePrediction>;
  nodes: Record<string, NodePrediction>;
}

export interface AnalysisResult extends Classification {
  findings: Finding[];
  predictions: Predictions;
}

/** A finding as the command line prints it with `--format json` and the server sends it. */
export interface LintFinding {
  rule: RuleId;
  severity: Severity;
  nodes: string[];
  edges: string[];
  message: string;
  fix: string;
}

/** The object `circuit-studio lint --format json` prints. */
export interface LintJson {
  circuitClass: Classification['circuitClass'];
  classes: { nodes: Classification['nodes']; edges: Classification['edges'] };
  findings: LintFinding[];
}
