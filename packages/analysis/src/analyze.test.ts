import type { Circuit } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { cameraToRtsp, cameraWithStorage, circuit, edge, fileToMongo, node } from './fixtures.js';
import { applyQuickFix } from './quick-fix.js';

function ruleTargets(input: Circuit): string[] {
  return analyze(input).findings.map((finding) => `${finding.rule} ${[...finding.nodes, ...finding.edges].join(' ')}`);
}

describe('analyze on the three classic circuits', () => {
  it('passes a file to MongoDB capacity circuit', () => {
    const result = analyze(fileToMongo());

    expect(result.circuitClass).toBe('capacity');
    expect(result.findings).toEqual([]);
    // The elastic file runs at the 50 fps of the detector (1000 / 20 ms) and of MongoDB (1000 / 20 ms).
    expect(result.predictions.edges.e1?.offeredFps).toBe(50);
  });

  it('passes a camera to RTSP real-time circuit', () => {
    const result = analyze(cameraToRtsp());

    expect(result.circuitClass).toBe('realtime');
    expect(result.findings).toEqual([]);
    expect(result.predictions.edges.e1).toEqual({ offeredFps: 25, servedFps: 25, dropPercent: 0 });
  });

  it('passes a mixed circuit with storage behind a queue', () => {
    const result = analyze(cameraWithStorage());

    expect(result.circuitClass).toBe('mixed');
    expect(result.nodes.store).toBe('capacity');
    expect(result.edges.e4).toBe('capacity');
    expect(result.findings).toEqual([]);
  });

  it('flags the camera circuit drawn with defaults', () => {
    const input = circuit(
      [node('cam', 'rtsp-source'), node('det', 'module', { processingMs: 20 }), node('out', 'rtsp-sink')],
      [edge('e1', 'cam', 'det'), edge('e2', 'det', 'out')],
    );

    expect(ruleTargets(input)).toEqual([
      'realtime-blocking-socket cam det e1',
      'realtime-blocking-socket det out e2',
      'realtime-missing-timeout cam',
      'realtime-missing-timeout out',
    ]);
  });

  it('flags storage written straight from the camera path', () => {
    const input = circuit(
      [
        node('cam', 'rtsp-source', { codec: 'jpeg', timeoutMs: 200 }),
        node('det', 'module', { processingMs: 20 }),
        node('out', 'rtsp-sink', { timeoutMs: 200 }),
        node('store', 'mongodb-sink', { timeoutMs: 2000 }),
      ],
      [
        edge('e1', 'cam', 'det', { pattern: 'pub-sub' }),
        edge('e2', 'det', 'out', { pattern: 'pub-sub' }),
        edge('e3', 'det', 'store', { pattern: 'dealer-router' }),
      ],
    );

    expect(ruleTargets(input)).toEqual([
      'realtime-blocking-socket det store e3',
      'realtime-slow-sink det store e3',
      'realtime-slow-recovery store',
    ]);
  });

  it('clears the errors of a naive circuit through its quick fixes', () => {
    let current = circuit(
      [node('cam', 'rtsp-source'), node('det', 'module', { processingMs: 20 }), node('store', 'mongodb-sink')],
      [edge('e1', 'cam', 'det'), edge('e2', 'det', 'store')],
    );

    for (let step = 0; step < 20; step += 1) {
      const next = analyze(current).findings.find((finding) => finding.severity === 'error' && finding.quickFix);
      if (!next?.quickFix) break;
      current = applyQuickFix(current, next.quickFix);
    }

    const result = analyze(current);
    expect(result.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(result.circuitClass).toBe('mixed');
    expect(result.nodes.store).toBe('capacity');
  });
});

describe('analyze', () => {
  it('leaves the circuit unchanged', () => {
    const input = cameraWithStorage();
    const before = structuredClone(input);

    analyze(input);

    expect(input).toEqual(before);
  });

  it('analyses an empty circuit', () => {
    const result = analyze(circuit([], []));

    expect(result).toEqual({
      circuitClass: 'capacity',
      nodes: {},
      edges: {},
      findings: [],
      predictions: { nodes: {}, edges: {} },
    });
  });

  it('still predicts rates around a cycle', () => {
    const input = circuit(
      [node('src', 'synthetic-source', { fps: 10 }), node('a', 'module'), node('b', 'module'), node('n', 'null-sink')],
      [edge('e1', 'src', 'a'), edge('e2', 'a', 'b'), edge('e3', 'b', 'a'), edge('e4', 'b', 'n')],
    );

    const result = analyze(input);

    // e3 closes the loop, so it carries b's 10 fps but adds nothing to a's input.
    expect(result.predictions.nodes.a?.inFps).toBe(10);
    expect(result.predictions.edges.e3?.offeredFps).toBe(10);
    expect(result.findings.map((finding) => finding.rule)).toContain('structure');
  });
});

describe('analyze on half-edited circuits', () => {
  it('reports odd values instead of throwing', () => {
    const input = {
      version: 1,
      name: 'editing',
      nodes: [
        { id: 'cam', type: 'rtsp-source', position: { x: 0, y: 0 }, config: { fps: 'fast', timeoutMs: -1 } },
        { id: 'm', type: 'module', position: { x: 200, y: 0 }, config: null },
        { id: 'buf', type: 'memory-buffer', position: { x: 400, y: 0 }, config: { capacity: -5 } },
        { id: 'n', type: 'null-sink', position: { x: 600, y: 0 }, config: {} },
      ],
      edges: [
        { id: 'e1', source: 'cam', target: 'm', hwm: 'ten', endpoint: 42, sourceSocket: 7 },
        { id: 'e2', source: 'm', target: 'buf' },
        { id: 'e3', source: 'buf', target: 'n' },
      ],
    } as unknown as Circuit;

    const result = analyze(input);

    const structure = result.findings
      .filter((finding) => finding.rule === 'structure')
      .map((finding) => finding.message);
    expect(structure).toContain('Node "m" has a config that is not an object, so none of its settings can be read.');
    expect(structure.some((message) => message.includes('config.fps'))).toBe(true);
    expect(structure.some((message) => message.includes('config.capacity'))).toBe(true);
    expect(result.nodes.buf).toBe('realtime');
  });
});
