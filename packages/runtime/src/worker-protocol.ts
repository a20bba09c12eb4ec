import type { BindSide, DropReason, FaultKind, NodeConfig, NodeState } from '@circuit-studio/model';
import type { DropCounts, ReceiverCounts, SenderCounts } from './accounting.js';
import type { SparseHistogram } from './latency-histogram.js';

/** Node types this runtime can start. */
export const SUPPORTED_NODE_TYPES = [
  'synthetic-source',
  'file-source',
  'rtsp-source',
  'module',
  'memory-buffer',
  'file-sink',
  'null-sink',
] as const;
export type SupportedNodeType = (typeof SUPPORTED_NODE_TYPES)[number];

export type SocketPattern = 'pub-sub' | 'dealer-router' | 'req-rep';

/**
 * One socket pair between one process of the sending node and one process of the receiving node.
 * An edge between nodes without replicas has exactly one link.
 */
export interface LinkPlan {
  linkId: string;
  edgeId: string;
  pattern: SocketPattern;
  endpoint: string;
  bind: BindSide;
  /** Real-time links never block the sender, and their receiver queues at most `hwm` frames for the node. */
  realtime: boolean;
  /** High-water mark applied to the send and the receive side, in messages. */
  hwm: number;
  /** Maximum wait for a send on a capacity link before the frame is dropped with reason `timeout`. */
  timeoutMs?: number;
  senderReplica: number;
  receiverReplica: number;
}

/** The outgoing links of one edge; frames are shared between them when the target has replicas. */
export interface OutputEdgePlan {
  edgeId: string;
  links: LinkPlan[];
}

/**
 * The state a restarted process continues from, left by the processes of its node replica that ran
 * before it. Its own counts start at zero, and the supervisor adds up the counts of all of them.
 */
export interface ResumePoint {
  /**
   * Frames the earlier processes produced, emitted or skipped as late. A source continues its
   * frame numbering here.
   */
  position: number;
  /**
   * Per input link and sender epoch: one past the highest sequence number the earlier processes
   * reported. The new process counts that epoch from there.
   */
  seen: Record<string, Record<string, number>>;
}

export interface WorkerPlan {
  runId: string;
  nodeId: string;
  replica: number;
  type: SupportedNodeType;
  /** The node's config with defaults applied. */
  config: NodeConfig;
  /** Absolute file or folder path for file sources and sinks, already checked to lie inside the data folder. */
  filePath?: string;
  inputs: LinkPlan[];
  outputs: OutputEdgePlan[];
  /** How many times this process was restarted; stamped on every frame it sends. */
  epoch: number;
  /** Set for a restarted process. */
  resume?: ResumePoint;
  reportIntervalMs: number;
  logLevel: string;
}

export interface FaultCommand {
  fault: Exclude<FaultKind, 'kill'>;
  /** Edge id for `cut`. */
  edge?: string;
  value?: number;
}

/** Messages from the supervisor to a node process. */
export type SupervisorMessage =
  | { type: 'init'; plan: WorkerPlan }
  | { type: 'start' }
  /** Stop producing frames and send end-of-stream (sources only). */
  | { type: 'finish' }
  /** The sending end of an input link has ended after `transmitted` frames. */
  | { type: 'upstream-ended'; linkId: string; epoch: number; transmitted: number }
  | { type: 'fault'; command: FaultCommand }
  | { type: 'clear'; fault?: FaultCommand['fault']; edge?: string }
  /** Stop at once: report final counts, close sockets and exit. */
  | { type: 'shutdown' }
  /**
   * Stop all work at once as a crash would, without end-of-stream, and report final counts. The
   * supervisor then kills the process.
   */
  | { type: 'halt' };

/** Counts and state of one node process, sent every report interval and once more before exit. */
export interface WorkerSnapshot {
  state: NodeState;
  framesIn: number;
  framesOut: number;
  /** Drops inside the node, such as `overflow` in a buffer or `error` in a module. */
  dropped: DropCounts;
  errors: number;
  /** Cumulative latency histogram: processing time, or end-to-end time at sinks. */
  latency: SparseHistogram;
  queueDepth: number;
  /** Sender counts of the current epoch per output link. */
  senders: Record<string, SenderCounts>;
  /** Receiver counts per input link and sender epoch. */
  receivers: Record<string, Record<string, ReceiverCounts>>;
}

/** Messages from a node process to the supervisor. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'setup-failed'; message: string }
  | { type: 'state'; state: NodeState; message?: string }
  | { type: 'link-ended'; linkId: string; epoch: number; transmitted: number }
  | { type: 'snapshot'; snapshot: WorkerSnapshot; final: boolean };

export type { DropReason };
