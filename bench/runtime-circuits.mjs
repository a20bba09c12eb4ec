// Circuits the runtime benchmark starts. Node ids are fixed so that the measurements can read them.

/** Id of the source node in every benchmark circuit. */
export const SOURCE_ID = 'source';
/** Id of the sink node in every benchmark circuit. */
export const SINK_ID = 'sink';

function node(id, type, index, config) {
  return { id, type, position: { x: index * 240, y: 0 }, config };
}

/**
 * Builds a linear circuit: a synthetic source, `modules` modules and a null sink, every edge with
 * the same `pattern` (and `hwm` when given). With `modules` 2 there are 4 processes and 3 hops.
 */
export function chainCircuit({ name, modules, source, processingMs, pattern, hwm }) {
  const ids = [SOURCE_ID, ...Array.from({ length: modules }, (_, index) => `module-${index + 1}`), SINK_ID];
  const nodes = ids.map((id, index) => {
    if (id === SOURCE_ID) return node(id, 'synthetic-source', index, source);
    if (id === SINK_ID) return node(id, 'null-sink', index, {});
    return node(id, 'module', index, { processingMs, jitterMs: 0 });
  });
  const edges = ids.slice(1).map((target, index) => ({
    id: `e${index + 1}`,
    source: ids[index],
    target,
    pattern,
    ...(hwm === undefined ? {} : { hwm }),
  }));
  return { version: 1, name, nodes, edges };
}

/** Builds the 3-hop capacity path: source -> module -> module -> null sink over dealer-router, modules at 0 ms. */
export function capacityChain({ payloadBytes, frames, fps }) {
  return chainCircuit({
    name: `capacity chain, ${payloadBytes} B at ${fps === 0 ? 'full speed' : `${fps} fps`}`,
    modules: 2,
    source: { fps, frames, payloadBytes, live: false },
    processingMs: 0,
    pattern: 'dealer-router',
  });
}

/**
 * Builds the live path: a live source into a module slower than the source, then a null sink, over
 * pub-sub. Without `hwm` the runtime's real-time default applies.
 */
export function livePath({ fps, frames, processingMs, payloadBytes, hwm }) {
  return chainCircuit({
    name: `live path, ${processingMs} ms module, hwm ${hwm ?? 'default'}`,
    modules: 1,
    source: { fps, frames, payloadBytes, live: true },
    processingMs,
    pattern: 'pub-sub',
    hwm,
  });
}
