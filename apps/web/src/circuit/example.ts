import { type Circuit, SCHEMA_VERSION } from '@circuit-studio/model';

/** Returns the circuit a new user starts with: test frames through one module into a counting sink. */
export function exampleCircuit(): Circuit {
  return {
    version: SCHEMA_VERSION,
    name: 'Example: synthetic frames',
    nodes: [
      {
        id: 'synthetic-source-1',
        type: 'synthetic-source',
        position: { x: 0, y: 80 },
        config: { fps: 30, live: false },
      },
      {
        id: 'module-1',
        type: 'module',
        position: { x: 300, y: 80 },
        config: { processingMs: 10, jitterMs: 2, replicas: 1 },
      },
      { id: 'null-sink-1', type: 'null-sink', position: { x: 600, y: 80 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'synthetic-source-1', target: 'module-1', pattern: 'dealer-router' },
      { id: 'e2', source: 'module-1', target: 'null-sink-1', pattern: 'dealer-router' },
    ],
  };
}
