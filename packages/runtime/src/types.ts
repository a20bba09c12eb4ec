import type { EdgeMetrics, FaultKind, NodeMetrics, NodeState, RunState } from '@circuit-studio/model';
import type { Logger } from 'pino';

export interface StartOptions {
  /** Absolute path of the data folder; every file path in a node config resolves inside it. */
  dataDir: string;
  /** Generated when missing: 1 to 64 letters, digits, `_` or `-`. */
  runId?: string;
  /** Period of `metrics` events in ms; default 200, so a client gets at least 4 per second. */
  metricsIntervalMs?: number;
  /** Maximum time `stop()` lets frames drain after the sources stop, in ms; default 5000. */
  drainTimeoutMs?: number;
  logger?: Logger;
}

/** Per-node and per-edge totals at one moment of a run. */
export interface RunMetrics {
  /** Milliseconds since the Unix epoch. */
  at: number;
  nodes: Record<string, NodeMetrics>;
  edges: Record<string, EdgeMetrics>;
}

/** A change of the run's state, or of one node's state when `nodeId` is set. */
export interface RunStatus {
  state: RunState | NodeState;
  nodeId?: string;
  message?: string;
}

/** A fault to inject: on a node (`latency`, `stall`, `fail`, `kill`) or on an edge (`cut`). */
export interface FaultRequest {
  node?: string;
  edge?: string;
  fault: FaultKind;
  /** Added ms per frame for `latency`; fraction of frames from 0 to 1 for `fail` (default 1). */
  value?: number;
  /** Ends the fault after this many ms; without it the fault lasts until `clear`. */
  durationMs?: number;
}
