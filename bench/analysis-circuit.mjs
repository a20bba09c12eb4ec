/**
 * Generates a circuit for the analysis benchmark: 100 pipelines of 10 nodes (1000 nodes) with
 * 1000 edges along the pipelines and 500 more between them (1500 edges). Half the pipelines start at
 * a live camera and half at a file. They mix modules, buffers, broker queues and the common sinks, so
 * most rules have work to do. Edges use pub-sub from camera pipelines, dealer-router from file
 * pipelines, and the broker pattern at broker queues. Cross edges only go from a lower to a higher
 * pipeline, which keeps the circuit acyclic, and a seeded generator makes every run analyse the same
 * circuit.
 */

const PIPELINES = 100;
const CROSS_EDGES = 500;
const QUEUES = [
  { type: 'memory-buffer', config: { capacity: 50 } },
  { type: 'redis-list-queue', config: { timeoutMs: 200, capacity: 500 } },
  { type: 'kafka-queue', config: {} },
  { type: 'memory-buffer', config: { capacity: 10, overflow: 'block' } },
];
const SINKS = [
  { type: 'rtsp-sink', config: { timeoutMs: 200 } },
  { type: 'mongodb-sink', config: { timeoutMs: 2000 } },
  { type: 'file-sink', config: {} },
  { type: 'null-sink', config: {} },
];

/** Returns a pseudo-random generator (a 32-bit linear congruential one) seeded with `seed`. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pipeline(index, nodes, edges) {
  const live = index % 2 === 0;
  const id = (stage) => `p${index}-${stage}`;
  const queue = QUEUES[index % QUEUES.length];
  const sink = SINKS[index % SINKS.length];
  const y = index * 120;
  const place = (stage, type, config) => nodes.push({ id: id(stage), type, position: { x: stage * 200, y }, config });

  place(
    0,
    live ? 'rtsp-source' : 'file-source',
    live ? { fps: 25, timeoutMs: 200 } : { fps: index % 4 === 1 ? 30 : 0 },
  );
  for (const stage of [1, 2, 3, 5, 6, 7]) {
    place(stage, 'module', { processingMs: 5 + ((index * 7 + stage * 3) % 40), replicas: 1 + (stage % 2) });
  }
  place(4, queue.type, queue.config);
  place(8, sink.type, sink.config);
  place(9, index % 3 === 0 ? 'graphite-sink' : 'null-sink', index % 3 === 0 ? { protocol: 'tcp' } : {});

  const pattern = live ? 'pub-sub' : 'dealer-router';
  const broker = queue.type !== 'memory-buffer';
  for (let stage = 0; stage < 8; stage += 1) {
    const edge = { id: `p${index}-e${stage}`, source: id(stage), target: id(stage + 1), pattern };
    if (broker && (stage === 3 || stage === 4)) edge.pattern = 'broker';
    else if (stage % 3 === 0) edge.endpoint = `ipc:///tmp/cs-bench/p${index}-${stage}.ipc`;
    edges.push(edge);
  }
  edges.push({ id: `p${index}-e8`, source: id(3), target: id(9), pattern: 'pub-sub' });
  edges.push({ id: `p${index}-e9`, source: id(6), target: id(9), pattern });
}

/** Stage 4 of every pipeline is its queue, so an edge at a broker queue uses the broker pattern. */
function crossPattern(from, sourceStage, to, targetStage) {
  const isBroker = (index, stage) => stage === 4 && QUEUES[index % QUEUES.length].type !== 'memory-buffer';
  if (isBroker(from, sourceStage) || isBroker(to, targetStage)) return 'broker';
  return from % 2 === 0 ? 'pub-sub' : 'dealer-router';
}

/** Builds the benchmark circuit. The same seed always gives the same circuit. */
export function generateCircuit(seed = 1) {
  const random = seeded(seed);
  const nodes = [];
  const edges = [];
  for (let index = 0; index < PIPELINES; index += 1) {
    pipeline(index, nodes, edges);
  }
  for (let count = 0; count < CROSS_EDGES; count += 1) {
    const from = Math.floor(random() * (PIPELINES - 1));
    const to = from + 1 + Math.floor(random() * (PIPELINES - from - 1));
    const sourceStage = 1 + Math.floor(random() * 7);
    const targetStage = 1 + Math.floor(random() * 7);
    edges.push({
      id: `x${count}`,
      source: `p${from}-${sourceStage}`,
      target: `p${to}-${targetStage}`,
      pattern: crossPattern(from, sourceStage, to, targetStage),
    });
  }
  return { version: 1, name: 'Analysis benchmark', nodes, edges };
}
