import { describe, expect, it } from 'vitest';
import type { Circuit } from './circuit.js';
import { DEFAULT_LIMITS } from './limits.js';
import { parseCircuit, validateCircuitConfig, validateNodeConfig } from './validate.js';

function sampleCircuit(): Record<string, unknown> {
  return {
    version: 1,
    name: 'File to sink',
    nodes: [
      { id: 'file', type: 'file-source', position: { x: 0, y: 0 }, config: { path: 'samples/vtest.avi' } },
      { id: 'detector', type: 'module', position: { x: 240, y: 0 }, config: { processingMs: 20 } },
      { id: 'sink', type: 'null-sink', position: { x: 480, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'file', target: 'detector', pattern: 'dealer-router', hwm: 100 },
      { id: 'e2', source: 'detector', target: 'sink', pattern: 'dealer-router' },
    ],
  };
}

function entryAt(input: Record<string, unknown>, list: 'nodes' | 'edges', index: number): Record<string, unknown> {
  const entry = (input[list] as Record<string, unknown>[])[index];
  if (!entry) throw new Error(`the sample circuit has no ${list}[${index}]`);
  return entry;
}

function errorsOf(input: unknown) {
  const result = parseCircuit(input);
  if (result.ok) throw new Error('expected the circuit to be rejected');
  return result.errors;
}

describe('parseCircuit', () => {
  it('accepts a valid circuit', () => {
    const result = parseCircuit(sampleCircuit());

    expect(result.ok).toBe(true);
  });

  it('keeps unknown fields on round trip', () => {
    const input = sampleCircuit();
    input.author = 'vision team';
    entryAt(input, 'nodes', 0).label = 'Street camera';
    entryAt(input, 'edges', 1).note = 'metadata only';

    const result = parseCircuit(JSON.parse(JSON.stringify(input)));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(JSON.parse(JSON.stringify(result.circuit))).toEqual(input);
  });

  it('rejects a newer version clearly', () => {
    const input = { ...sampleCircuit(), version: 2 };

    const [error] = errorsOf(input);

    expect(error?.code).toBe('CIRCUIT_BAD_VERSION');
    expect(error?.path).toBe('version');
    expect(error?.message).toContain('newer');
  });

  it('rejects a missing version', () => {
    const input = sampleCircuit();
    delete input.version;

    const [error] = errorsOf(input);

    expect(error?.code).toBe('CIRCUIT_MISSING_FIELD');
  });

  it('names the path of a wrong type', () => {
    const input = sampleCircuit();
    entryAt(input, 'nodes', 1).position = 'left';

    const errors = errorsOf(input);

    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('nodes[1].position');
    expect(errors[0]?.message).toContain('"left"');
  });

  it('rejects an edge to a missing node', () => {
    const input = sampleCircuit();
    entryAt(input, 'edges', 1).target = 'store';

    const errors = errorsOf(input);

    expect(errors[0]?.code).toBe('CIRCUIT_UNKNOWN_NODE');
    expect(errors[0]?.path).toBe('edges[1].target');
    expect(errors[0]?.message).toContain('"store"');
  });

  it('rejects duplicate node ids', () => {
    const input = sampleCircuit();
    entryAt(input, 'nodes', 2).id = 'file';

    const errors = errorsOf(input);

    expect(errors.map((error) => error.code)).toContain('CIRCUIT_DUPLICATE_ID');
  });

  it('rejects a bad endpoint and pattern', () => {
    const input = sampleCircuit();
    entryAt(input, 'edges', 0).endpoint = 'udp://x';
    entryAt(input, 'edges', 1).pattern = 'push-pull';

    const paths = errorsOf(input).map((error) => error.path);

    expect(paths).toEqual(['edges[0].endpoint', 'edges[1].pattern']);
  });

  it('rejects an ipc endpoint with dot-dot', () => {
    const input = sampleCircuit();
    entryAt(input, 'edges', 0).endpoint = 'ipc:///tmp/../etc/x.ipc';

    const [error] = errorsOf(input);

    expect(error?.path).toBe('edges[0].endpoint');
  });

  it('rejects more nodes than the limit', () => {
    const input = sampleCircuit();
    input.nodes = Array.from({ length: DEFAULT_LIMITS.maxNodes + 1 }, (_, index) => ({
      id: `n${index}`,
      type: 'null-sink',
      position: { x: 0, y: 0 },
      config: {},
    }));
    input.edges = [];

    const [error] = errorsOf(input);

    expect(error?.code).toBe('CIRCUIT_TOO_LARGE');
    expect(error?.path).toBe('nodes');
  });

  it('rejects a very long string anywhere', () => {
    const input = sampleCircuit();
    entryAt(input, 'nodes', 0).label = 'x'.repeat(DEFAULT_LIMITS.maxStringLength + 1);

    const [error] = errorsOf(input);

    expect(error?.code).toBe('CIRCUIT_TOO_LARGE');
    expect(error?.path).toBe('nodes[0].label');
  });

  it('rejects deep nesting', () => {
    let nested: Record<string, unknown> = {};
    const input = { ...sampleCircuit(), extra: nested };
    for (let depth = 0; depth < DEFAULT_LIMITS.maxDepth + 2; depth++) {
      const child = {};
      nested.child = child;
      nested = child;
    }

    const [error] = errorsOf(input);

    expect(error?.code).toBe('CIRCUIT_TOO_LARGE');
  });

  it('rejects input that is not an object', () => {
    expect(errorsOf('circuit')[0]?.code).toBe('CIRCUIT_NOT_OBJECT');
    expect(errorsOf([])[0]?.code).toBe('CIRCUIT_NOT_OBJECT');
    expect(errorsOf(null)[0]?.code).toBe('CIRCUIT_NOT_OBJECT');
  });
});

describe('validateNodeConfig', () => {
  it('accepts defaults', () => {
    expect(validateNodeConfig({ type: 'module', config: {} })).toEqual([]);
  });

  it('names an out-of-range field', () => {
    const errors = validateNodeConfig({ type: 'synthetic-source', config: { fps: 5000 } });

    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('config.fps');
    expect(errors[0]?.message).toContain('0 to 1000');
    expect(errors[0]?.message).toContain('5000');
  });

  it('rejects a wrong type and a bad enum', () => {
    const errors = validateNodeConfig({ type: 'memory-buffer', config: { capacity: '10', overflow: 'spill' } });

    expect(errors.map((error) => error.path)).toEqual(['config.capacity', 'config.overflow']);
  });

  it('rejects a fractional integer field', () => {
    const [error] = validateNodeConfig({ type: 'module', config: { replicas: 1.5 } });

    expect(error?.message).toContain('whole number');
  });

  it('rejects an unknown node type', () => {
    const [error] = validateNodeConfig({ type: 'teleporter', config: {} });

    expect(error?.code).toBe('NODE_UNKNOWN_TYPE');
    expect(error?.message).toContain('"teleporter"');
  });

  it('rejects control characters in text', () => {
    const [error] = validateNodeConfig({ type: 'file-source', config: { path: 'samples/clip\u0000.avi' } });

    expect(error?.path).toBe('config.path');
    expect(error?.message).toContain('U+0000 at position 12');
  });

  it.each([
    ['a NUL', 'rtsp://admin:secret@127.0.0.1:8554/cam\u0000era', 'U+0000 at position 38'],
    ['an escape sequence', 'rtsp://admin:secret@127.0.0.1:8554/\u001b[31m', 'U+001B at position 35'],
    ['a port above 65535', 'rtsp://admin:secret@127.0.0.1:99999/camera', 'does not parse as a URL'],
    ['an unclosed IPv6 host', 'rtsp://admin:secret@[::1/camera', 'does not parse as a URL'],
    ['a slash in the password', 'rtsp://admin:se/cret@127.0.0.1/camera', 'does not parse as a URL'],
    ['no host', 'rtsp:///etc/passwd', 'with a host, found none'],
  ])('rejects an RTSP URL with %s', (_case, url, problem) => {
    const errors = validateNodeConfig({ type: 'rtsp-source', config: { url } });

    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('config.url');
    expect(errors[0]?.message).toContain(problem);
    expect(errors[0]?.message).not.toContain('secret');
  });

  it.each([
    'rtsp://admin:secret@10.0.0.5:554/stream1?channel=1#main',
    'rtsp://[::1]:8554/camera',
    'rtsp://kamera-süd.local/straße',
    'rtsp://admin:p%2Fss@cam_1.local/live',
  ])('accepts the RTSP URL %s', (url) => {
    expect(validateNodeConfig({ type: 'rtsp-source', config: { url } })).toEqual([]);
  });

  it('reports paths from the document root', () => {
    const circuit = sampleCircuit() as unknown as Circuit;
    circuit.nodes[1] = { ...circuit.nodes[1], config: { processingMs: -1 } } as Circuit['nodes'][number];

    const [error] = validateCircuitConfig(circuit);

    expect(error?.path).toBe('nodes[1].config.processingMs');
  });
});
