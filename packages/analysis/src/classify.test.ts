import { describe, expect, it } from 'vitest';
import { classifyCircuit, findStallZone, isDecoupler, isLiveSink, isLiveSource } from './classify.js';
import { cameraToRtsp, cameraWithStorage, circuit, edge, fileToMongo, node } from './fixtures.js';
import { buildGraph } from './graph.js';

describe('live and decoupling nodes', () => {
  it('tells live sources and sinks', () => {
    expect(isLiveSource(node('c', 'rtsp-source'))).toBe(true);
    expect(isLiveSource(node('s', 'synthetic-source', { live: true }))).toBe(true);
    expect(isLiveSource(node('s', 'synthetic-source'))).toBe(false);
    expect(isLiveSource(node('f', 'file-source'))).toBe(false);
    expect(isLiveSink(node('o', 'rtsp-sink'))).toBe(true);
    expect(isLiveSink(node('n', 'null-sink'))).toBe(false);
    expect(isLiveSource(node('x', 'no-such-type'))).toBe(false);
  });

  it('counts queues and dropping buffers as decouplers', () => {
    expect(isDecoupler(node('q', 'redis-list-queue'))).toBe(true);
    expect(isDecoupler(node('k', 'kafka-queue'))).toBe(true);
    expect(isDecoupler(node('b', 'memory-buffer'))).toBe(true);
    expect(isDecoupler(node('b', 'memory-buffer', { overflow: 'drop-newest' }))).toBe(true);
    expect(isDecoupler(node('b', 'memory-buffer', { overflow: 'block' }))).toBe(false);
    expect(isDecoupler(node('m', 'module'))).toBe(false);
  });
});

describe('classifyCircuit', () => {
  it('classifies the file to MongoDB circuit as capacity', () => {
    const result = classifyCircuit(fileToMongo());

    expect(result.circuitClass).toBe('capacity');
    expect(result.nodes).toEqual({ file: 'capacity', detector: 'capacity', store: 'capacity' });
    expect(result.edges).toEqual({ e1: 'capacity', e2: 'capacity' });
  });

  it('classifies the camera to RTSP circuit as real-time', () => {
    const result = classifyCircuit(cameraToRtsp());

    expect(result.circuitClass).toBe('realtime');
    expect(result.nodes).toEqual({ camera: 'realtime', detector: 'realtime', out: 'realtime' });
    expect(result.edges).toEqual({ e1: 'realtime', e2: 'realtime' });
  });

  it('stops the real-time path at the storage queue', () => {
    const result = classifyCircuit(cameraWithStorage());

    expect(result.circuitClass).toBe('mixed');
    expect(result.nodes.queue).toBe('realtime');
    expect(result.edges.e3).toBe('realtime');
    expect(result.edges.e4).toBe('capacity');
    expect(result.nodes.store).toBe('capacity');
  });

  it('walks through a buffer that blocks', () => {
    const result = classifyCircuit(
      circuit(
        [node('cam', 'rtsp-source'), node('buf', 'memory-buffer', { overflow: 'block' }), node('db', 'postgres-sink')],
        [edge('e1', 'cam', 'buf'), edge('e2', 'buf', 'db')],
      ),
    );

    expect(result.edges.e2).toBe('realtime');
    expect(result.nodes.db).toBe('realtime');
  });

  it('marks the path into a live sink back to a decoupler', () => {
    const result = classifyCircuit(
      circuit(
        [
          node('file', 'file-source'),
          node('prep', 'module'),
          node('buf', 'memory-buffer'),
          node('draw', 'module'),
          node('out', 'rtsp-sink'),
        ],
        [edge('e1', 'file', 'prep'), edge('e2', 'prep', 'buf'), edge('e3', 'buf', 'draw'), edge('e4', 'draw', 'out')],
      ),
    );

    expect(result.circuitClass).toBe('mixed');
    expect(result.nodes).toEqual({
      file: 'capacity',
      prep: 'capacity',
      buf: 'realtime',
      draw: 'realtime',
      out: 'realtime',
    });
    expect(result.edges).toEqual({ e1: 'capacity', e2: 'capacity', e3: 'realtime', e4: 'realtime' });
  });

  it('treats a live synthetic source as real-time', () => {
    const result = classifyCircuit(
      circuit(
        [node('s', 'synthetic-source', { live: true }), node('n', 'null-sink')],
        [edge('e1', 's', 'n', { pattern: 'pub-sub' })],
      ),
    );

    expect(result.circuitClass).toBe('realtime');
  });
});

describe('findStallZone', () => {
  it('ends at the first decoupler and leaves out the live sink side', () => {
    const zone = findStallZone(
      buildGraph(
        circuit(
          [node('cam', 'rtsp-source'), node('buf', 'memory-buffer'), node('m', 'module'), node('out', 'rtsp-sink')],
          [edge('e1', 'cam', 'buf'), edge('e2', 'buf', 'm'), edge('e3', 'm', 'out')],
        ),
      ),
    );

    expect([...zone.nodes].sort()).toEqual(['buf', 'cam']);
    expect([...zone.edges]).toEqual(['e1']);
  });
});
