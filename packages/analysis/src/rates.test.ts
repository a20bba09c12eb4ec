import { describe, expect, it } from 'vitest';
import { buildContext } from './context.js';
import { circuit, edge, fileToMongo, node } from './fixtures.js';
import { predictRates } from './rates.js';

function predict(nodes: Parameters<typeof circuit>[0], edges: Parameters<typeof circuit>[1]) {
  return predictRates(buildContext(circuit(nodes, edges)));
}

describe('predictRates on real-time paths', () => {
  it('predicts the drop share of a slow module', () => {
    const { edges, nodes } = predict(
      [
        node('cam', 'synthetic-source', { live: true, fps: 30, payloadBytes: 1000 }),
        node('m', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'cam', 'm', { pattern: 'pub-sub' }), edge('e2', 'm', 'n', { pattern: 'pub-sub' })],
    );

    // Capacity 1 x 1000 / 50 ms = 20 fps; 30 fps offered, 10 dropped: 10 / 30 = 33.3 %.
    // Payload 1000 bytes: 30 000 bytes/s offered on e1, 20 000 on e2.
    expect(nodes.m).toEqual({ inFps: 30, capacityFps: 20, outFps: 20 });
    expect(edges.e1?.offeredFps).toBe(30);
    expect(edges.e1?.servedFps).toBe(20);
    expect(edges.e1?.dropPercent).toBeCloseTo(100 / 3, 10);
    expect(edges.e1?.offeredBytesPerSec).toBe(30_000);
    expect(edges.e2).toEqual({ offeredFps: 20, servedFps: 20, dropPercent: 0, offeredBytesPerSec: 20_000 });
  });

  it('counts replicas into the capacity', () => {
    const { nodes, edges } = predict(
      [
        node('cam', 'synthetic-source', { live: true, fps: 30 }),
        node('m', 'module', { processingMs: 50, replicas: 2 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'cam', 'm', { pattern: 'pub-sub' }), edge('e2', 'm', 'n', { pattern: 'pub-sub' })],
    );

    // 2 x 1000 / 50 ms = 40 fps, above the 30 fps offered.
    expect(nodes.m).toEqual({ inFps: 30, capacityFps: 40, outFps: 30 });
    expect(edges.e1?.dropPercent).toBe(0);
  });

  it('copies every frame to each output', () => {
    const { edges } = predict(
      [
        node('cam', 'synthetic-source', { live: true, fps: 10, payloadBytes: 1000 }),
        node('a', 'null-sink'),
        node('b', 'null-sink'),
      ],
      [edge('e1', 'cam', 'a', { pattern: 'pub-sub' }), edge('e2', 'cam', 'b', { pattern: 'pub-sub' })],
    );

    // 10 fps x 1000 bytes = 10 000 bytes/s on each edge.
    expect(edges.e1).toEqual({ offeredFps: 10, servedFps: 10, dropPercent: 0, offeredBytesPerSec: 10_000 });
    expect(edges.e2).toEqual({ offeredFps: 10, servedFps: 10, dropPercent: 0, offeredBytesPerSec: 10_000 });
  });
});

describe('predictRates on capacity paths', () => {
  it('predicts the backlog and when the link queues fill', () => {
    const { edges } = predict(
      [
        node('src', 'synthetic-source', { fps: 30, payloadBytes: 0 }),
        node('m', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'src', 'm', { hwm: 10 }), edge('e2', 'm', 'n')],
    );

    // 30 fps offered, 20 fps served: 10 frames/s pile up. The link keeps up to 2 x hwm = 20 frames: full after 2 s.
    expect(edges.e1).toEqual({
      offeredFps: 30,
      servedFps: 20,
      backlogGrowthPerSec: 10,
      secondsToFull: 2,
      offeredBytesPerSec: 0,
    });
    expect(edges.e2).toEqual({ offeredFps: 20, servedFps: 20, backlogGrowthPerSec: 0, offeredBytesPerSec: 0 });
  });

  it('predicts when a bounded queue fills', () => {
    const { edges } = predict(
      [
        node('src', 'synthetic-source', { fps: 30, payloadBytes: 100 }),
        node('q', 'redis-list-queue', { capacity: 500 }),
        node('m', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'src', 'q'), edge('e2', 'q', 'm'), edge('e3', 'm', 'n')],
    );

    // The queue takes all 30 fps; the module serves 20, so 10 frames/s collect in the queue: 500 / 10 = 50 s.
    // 30 fps x 100 bytes = 3000 bytes/s offered.
    expect(edges.e1).toEqual({ offeredFps: 30, servedFps: 30, backlogGrowthPerSec: 0, offeredBytesPerSec: 3000 });
    expect(edges.e2).toEqual({
      offeredFps: 30,
      servedFps: 20,
      backlogGrowthPerSec: 10,
      secondsToFull: 50,
      offeredBytesPerSec: 3000,
    });
  });

  it('gives no fill time for an unbounded queue', () => {
    const { edges } = predict(
      [
        node('src', 'synthetic-source', { fps: 30, payloadBytes: 100 }),
        node('q', 'redis-list-queue'),
        node('m', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'src', 'q'), edge('e2', 'q', 'm'), edge('e3', 'm', 'n')],
    );

    expect(edges.e2).toEqual({ offeredFps: 30, servedFps: 20, backlogGrowthPerSec: 10, offeredBytesPerSec: 3000 });
  });

  it('paces an elastic file source to the slowest stage', () => {
    const result = predictRates(buildContext(fileToMongo()));

    // Detector: 1000 / 20 ms = 50 fps; MongoDB sink: one 20 ms write per frame = 50 fps. The file runs at 50.
    expect(result.nodes.file?.outFps).toBe(50);
    expect(result.edges.e1).toEqual({ offeredFps: 50, servedFps: 50, backlogGrowthPerSec: 0 });
    expect(result.edges.e2).toEqual({ offeredFps: 50, servedFps: 50, backlogGrowthPerSec: 0 });
  });

  it('paces an elastic source to a slower stage further on', () => {
    const { edges } = predict(
      [node('file', 'file-source'), node('m', 'module', { processingMs: 10 }), node('db', 'http-sink')],
      [edge('e1', 'file', 'm'), edge('e2', 'm', 'db')],
    );

    // Module: 100 fps; HTTP sink: one 50 ms post per frame = 20 fps. Back pressure slows the file to 20.
    expect(edges.e1).toEqual({ offeredFps: 20, servedFps: 20, backlogGrowthPerSec: 0 });
    expect(edges.e2).toEqual({ offeredFps: 20, servedFps: 20, backlogGrowthPerSec: 0 });
  });

  it('shares a stage between elastic sources', () => {
    const { edges, nodes } = predict(
      [
        node('a', 'file-source'),
        node('b', 'file-source'),
        node('m', 'module', { processingMs: 20 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'a', 'm'), edge('e2', 'b', 'm'), edge('e3', 'm', 'n')],
    );

    // Each file alone would run at 50 fps; together they share the module's 50 fps, 25 each, with no backlog.
    expect(edges.e1).toEqual({ offeredFps: 25, servedFps: 25, backlogGrowthPerSec: 0 });
    expect(edges.e2).toEqual({ offeredFps: 25, servedFps: 25, backlogGrowthPerSec: 0 });
    expect(nodes.m).toEqual({ inFps: 50, capacityFps: 50, outFps: 50 });
  });

  it('serves fixed-rate frames before elastic ones', () => {
    const { edges } = predict(
      [
        node('cam', 'synthetic-source', { live: true, fps: 30 }),
        node('file', 'file-source'),
        node('m', 'module', { processingMs: 20 }),
        node('n', 'null-sink'),
      ],
      [
        edge('e1', 'cam', 'm', { pattern: 'pub-sub' }),
        edge('e2', 'file', 'm'),
        edge('e3', 'm', 'n', { pattern: 'pub-sub' }),
      ],
    );

    // The module's 50 fps: 30 go to the live source, the file gets the remaining 20.
    expect(edges.e1?.servedFps).toBe(30);
    expect(edges.e2).toEqual({ offeredFps: 20, servedFps: 20, backlogGrowthPerSec: 0 });
    expect(edges.e3?.offeredFps).toBe(50);
  });
});
