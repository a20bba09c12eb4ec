/** The only circuit file version this build reads and writes. */
export const SCHEMA_VERSION = 1;

/** ZeroMQ socket pairs between two non-broker nodes, and `broker` for links through a broker client. */
export const EDGE_PATTERNS = ['pub-sub', 'dealer-router', 'req-rep', 'broker'] as const;
export type EdgePattern = (typeof EDGE_PATTERNS)[number];

/** The side of an edge that binds its endpoint; the other side connects. */
export type BindSide = 'source' | 'target';

export interface Position {
  x: number;
  y: number;
}

/** Per-type settings. Values are checked against the node type's config fields. */
export type NodeConfig = Record<string, unknown>;

export interface CircuitNode {
  id: string;
  type: string;
  position: Position;
  config: NodeConfig;
  /** Fields this version does not know are kept so that a round trip loses nothing. */
  [extra: string]: unknown;
}

export interface CircuitEdge {
  id: string;
  source: string;
  target: string;
  pattern?: EdgePattern;
  /** `ipc://PATH` or `tcp://HOST:PORT`; allocated by the runtime when missing. */
  endpoint?: string;
  bind?: BindSide;
  /** Savant-style socket spec of the sending side, `TYPE+MODE:ENDPOINT`. */
  sourceSocket?: string;
  /** Savant-style socket spec of the receiving side, `TYPE+MODE:ENDPOINT`. */
  targetSocket?: string;
  /** High-water mark in messages. */
  hwm?: number;
  timeoutMs?: number;
  [extra: string]: unknown;
}

export interface Circuit {
  version: number;
  name: string;
  nodes: CircuitNode[];
  edges: CircuitEdge[];
  [extra: string]: unknown;
}
