import type { Circuit } from './circuit.js';
import type { ValidationError } from './errors.js';

/** Reason recorded with each dropped frame. */
export const DROP_REASONS = ['hwm', 'timeout', 'late', 'overflow', 'error', 'gap'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export type NodeState = 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped' | 'completed' | 'failed';

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
}

/** Totals of one node, as the run report and each metrics message carry them. */
export interface NodeMetrics {
  state: NodeState;
  framesIn: number;
  framesOut: number;
  dropped: Partial<Record<DropReason, number>>;
  errors: number;
  /** Processing latency inside the node; at sinks, end-to-end latency from capture. */
  latencyMs: LatencySummary;
  /** Frames per second over the last metrics interval. */
  fpsIn?: number;
  fpsOut?: number;
  /** Frames waiting inside the node (buffer depth, or broker lag). */
  queueDepth?: number;
  restarts?: number;
}

/** Totals of one edge. At every moment `sent = received + dropped + inFlight`. */
export interface EdgeMetrics {
  sent: number;
  received: number;
  dropped: number;
  inFlight: number;
  /** Frames per second received over the last metrics interval. */
  fps?: number;
  droppedByReason?: Partial<Record<DropReason, number>>;
}

/** The report printed by `circuit-studio run --report json`. */
export interface RunReport {
  durationMs: number;
  /** True when every edge satisfies `sent = received + dropped + inFlight` with nothing in flight. */
  accounted: boolean;
  nodes: Record<string, NodeMetrics>;
  edges: Record<string, EdgeMetrics>;
}

export type FaultKind = 'latency' | 'stall' | 'fail' | 'kill' | 'cut';

/** Messages a client sends to the server's WebSocket at `/ws`. */
export type ClientMessage =
  | { type: 'deploy'; circuit: Circuit; force?: boolean }
  | { type: 'stop'; runId: string }
  | { type: 'subscribe'; runId: string }
  | {
      type: 'inject';
      runId: string;
      node?: string;
      edge?: string;
      fault: FaultKind;
      value?: number;
      durationMs?: number;
    }
  | { type: 'clear'; runId: string; node?: string; edge?: string };

/** The shape of an analysis finding on the wire; the analysis package produces these. */
export interface FindingMessage {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  nodes: string[];
  edges: string[];
  message: string;
  fix?: string;
}

export type RunState = 'starting' | 'running' | 'stopping' | 'stopped' | 'completed' | 'failed';

/** Messages the server sends over the WebSocket. */
export type ServerMessage =
  | { type: 'deployed'; runId: string }
  | {
      type: 'rejected';
      errors?: Pick<ValidationError, 'path' | 'message'>[];
      findings?: FindingMessage[];
    }
  | {
      type: 'metrics';
      runId: string;
      at: number;
      nodes: Record<string, NodeMetrics>;
      edges: Record<string, EdgeMetrics>;
    }
  | { type: 'status'; runId: string; state: RunState | NodeState; nodeId?: string; message?: string }
  | { type: 'report'; runId: string; report: RunReport }
  | { type: 'error'; message: string };
