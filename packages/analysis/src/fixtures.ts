import type { Circuit, CircuitEdge, CircuitNode } from '@circuit-studio/model';
import { analyze } from './analyze.js';
import type { Finding, RuleId } from './types.js';

/**
 * Small builders for circuits in tests and benchmarks. Nodes are laid out left to right in the
 * order given, 200 px apart.
 */
export function node(id: string, type: string, config: Record<string, unknown> = {}): CircuitNode {
  return { id, type, position: { x: 0, y: 0 }, config };
}

export function edge(id: string, source: string, target: string, fields: Partial<CircuitEdge> = {}): CircuitEdge {
  return { id, source, target, ...fields };
}

export function circuit(nodes: CircuitNode[], edges: CircuitEdge[], name = 'test'): Circuit {
  const placed = nodes.map((item, index) => ({ ...item, position: { x: index * 200, y: 0 } }));
  return { version: 1, name, nodes: placed, edges };
}

/** Builds a capacity circuit: a video file read as fast as allowed, one detector, results stored in MongoDB. */
export function fileToMongo(): Circuit {
  return circuit(
    [
      node('file', 'file-source', { path: 'samples/clip.mp4', fps: 0 }),
      node('detector', 'module', { processingMs: 20, jitterMs: 5, replicas: 1 }),
      node('store', 'mongodb-sink', { url: 'mongodb://127.0.0.1:27017/vision', timeoutMs: 2000 }),
    ],
    [
      edge('e1', 'file', 'detector', { pattern: 'dealer-router' }),
      edge('e2', 'detector', 'store', { pattern: 'dealer-router' }),
    ],
    'File to MongoDB',
  );
}

/** Builds a real-time circuit: a camera, one detector and an RTSP output over pub-sub, with hard timeouts. */
export function cameraToRtsp(): Circuit {
  return circuit(
    [
      node('camera', 'rtsp-source', { fps: 25, codec: 'jpeg', timeoutMs: 200 }),
      node('detector', 'module', { processingMs: 20 }),
      node('out', 'rtsp-sink', { timeoutMs: 200 }),
    ],
    [edge('e1', 'camera', 'detector', { pattern: 'pub-sub' }), edge('e2', 'detector', 'out', { pattern: 'pub-sub' })],
    'Camera to RTSP',
  );
}

/** Builds a mixed circuit: the real-time one, with the detector also feeding MongoDB through a Redis list queue. */
export function cameraWithStorage(): Circuit {
  const base = cameraToRtsp();
  return circuit(
    [
      ...base.nodes,
      node('queue', 'redis-list-queue', { timeoutMs: 200, capacity: 1000 }),
      node('store', 'mongodb-sink', { timeoutMs: 2000 }),
    ],
    [
      ...base.edges,
      edge('e3', 'detector', 'queue', { pattern: 'broker' }),
      edge('e4', 'queue', 'store', { pattern: 'broker' }),
    ],
    'Camera with storage',
  );
}

/** Analyses a circuit and returns the findings of one rule. */
export function findingsOf(input: Circuit, rule: RuleId): Finding[] {
  return analyze(input).findings.filter((finding) => finding.rule === rule);
}
