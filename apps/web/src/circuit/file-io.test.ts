import { describe, expect, it } from 'vitest';
import { exampleCircuit } from './example.js';
import { circuitFileName, readCircuitText, serializeCircuit } from './file-io.js';

const WITH_UNKNOWN_FIELDS = {
  version: 1,
  name: 'Camera to Redis',
  owner: { team: 'vision', tags: ['a', 'b'] },
  nodes: [
    {
      id: 'cam',
      type: 'rtsp-source',
      position: { x: 0, y: 0 },
      config: { url: 'rtsp://127.0.0.1:8554/cam', vendorOption: 7 },
      note: 'roof camera',
    },
    { id: 'future', type: 'teleporter-sink', position: { x: 300, y: 0 }, config: {} },
  ],
  edges: [
    {
      id: 'e1',
      source: 'cam',
      target: 'future',
      sourceSocket: 'pub+bind:ipc:///tmp/cs/in.ipc',
      hwm: 4,
      qosClass: 'gold',
    },
  ],
};

describe('circuit file round trip', () => {
  it('keeps every field, unknown ones included', () => {
    const text = JSON.stringify(WITH_UNKNOWN_FIELDS);

    const read = readCircuitText(text);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    const written = serializeCircuit(read.circuit);

    expect(JSON.parse(written)).toEqual(WITH_UNKNOWN_FIELDS);
  });

  it('keeps the key order of the file', () => {
    const read = readCircuitText(JSON.stringify(WITH_UNKNOWN_FIELDS));
    if (!read.ok) throw new Error(JSON.stringify(read.errors));

    expect(serializeCircuit(read.circuit)).toBe(`${JSON.stringify(WITH_UNKNOWN_FIELDS, null, 2)}\n`);
  });

  it('writes the example circuit as it reads it', () => {
    const read = readCircuitText(serializeCircuit(exampleCircuit()));

    expect(read).toEqual({ ok: true, circuit: exampleCircuit() });
  });
});

describe('readCircuitText', () => {
  it('reports text that is not JSON', () => {
    const result = readCircuitText('{ "version": 1,');

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.path).toBe('');
    expect(result.errors[0]?.message).toMatch(/^the file is not valid JSON: /);
  });

  it('reports each bad field with its JSON path', () => {
    const document = {
      version: 1,
      name: 'bad',
      nodes: [{ id: 'a', type: 'module', position: { x: 'left', y: 0 } }],
      edges: [{ id: 'e1', source: 'a', target: 'missing', hwm: 0 }],
    };

    const result = readCircuitText(JSON.stringify(document));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toEqual(['nodes[0].position', 'edges[0].hwm']);
  });

  it('rejects a newer schema version without reading further', () => {
    const result = readCircuitText(JSON.stringify({ ...WITH_UNKNOWN_FIELDS, version: 2 }));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.path).toBe('version');
  });

  it('rejects a file above the size limit before parsing it', () => {
    const result = readCircuitText(' '.repeat(2 * 1024 * 1024 + 1));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.message).toContain('limited to 2097152');
  });
});

describe('circuitFileName', () => {
  it.each([
    ['File to MongoDB', 'file-to-mongodb.json'],
    ['  Camera #2 -> RTSP ', 'camera-2-rtsp.json'],
    ['***', 'circuit.json'],
    ['', 'circuit.json'],
    ['Détection vidéo', 'detection-video.json'],
    ['Kamera Straße 2', 'kamera-straße-2.json'],
    ['カメラ → 記録', 'カメラ-記録.json'],
    [`${'a'.repeat(59)} b`, `${'a'.repeat(59)}.json`],
  ])('names %j as %s', (name, expected) => {
    expect(circuitFileName({ ...exampleCircuit(), name })).toBe(expected);
  });
});
