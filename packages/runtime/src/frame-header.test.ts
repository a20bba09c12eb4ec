import { describe, expect, it } from 'vitest';
import {
  decodeHeader,
  encodeHeader,
  type FrameHeader,
  FrameHeaderReader,
  FrameHeaderWriter,
  headerSize,
} from './frame-header.js';

const header: FrameHeader = {
  kind: 'frame',
  senderReplica: 3,
  epoch: 2,
  sourceId: 'camera-1',
  frameNumber: 2 ** 40 + 7,
  captureTime: 1_700_000_000_123.25,
  seq: 41,
  payloadSize: 65_536,
};

describe('frame header', () => {
  it('round-trips every field', () => {
    const decoded = decodeHeader(encodeHeader(header));

    expect(decoded).toEqual(header);
  });

  it('round-trips an end-of-stream', () => {
    const end = { ...header, kind: 'end' as const, seq: 200, payloadSize: 0 };

    expect(decodeHeader(encodeHeader(end))).toEqual(end);
  });

  it('measures a header followed by its payload', () => {
    const bytes = Buffer.concat([encodeHeader(header), Buffer.alloc(10)]);

    expect(headerSize(bytes)).toBe(bytes.length - 10);
    expect(decodeHeader(bytes)).toEqual(header);
  });

  it('rejects bytes without the magic number', () => {
    const bytes = encodeHeader(header);
    bytes.writeUInt16LE(0, 0);

    expect(decodeHeader(bytes)).toMatch(/magic number/);
  });

  it('rejects a header cut short', () => {
    const bytes = encodeHeader(header);

    expect(decodeHeader(bytes.subarray(0, 20))).toMatch(/20 bytes long/);
    expect(decodeHeader(bytes.subarray(0, bytes.length - 2))).toMatch(/cut short/);
  });

  it('rejects a source id over 255 bytes', () => {
    expect(() => encodeHeader({ ...header, sourceId: 'x'.repeat(256) })).toThrow(/256 bytes/);
  });
});

describe('FrameHeaderWriter', () => {
  it('writes what encodeHeader writes', () => {
    const writer = new FrameHeaderWriter(header.senderReplica, header.epoch);

    const written = writer.write('frame', header.sourceId, header.frameNumber, header.captureTime, 41, 65_536);

    expect(written).toEqual(encodeHeader(header));
  });

  it('reuses its buffer for the next frame', () => {
    const writer = new FrameHeaderWriter(0, 0);

    const first = writer.write('frame', 'cam', 1, 10, 0, 64);
    const second = writer.write('end', 'cam', 2, 20, 1, 0);

    expect(second).toBe(first);
    expect(decodeHeader(second)).toMatchObject({ kind: 'end', sourceId: 'cam', frameNumber: 2, seq: 1 });
  });

  it('encodes a new source id', () => {
    const writer = new FrameHeaderWriter(0, 0);

    writer.write('frame', 'cam', 1, 10, 0, 64);
    const next = writer.write('frame', 'camera-2', 2, 20, 1, 64);

    expect(decodeHeader(next)).toMatchObject({ sourceId: 'camera-2', frameNumber: 2 });
  });
});

describe('FrameHeaderReader', () => {
  it('decodes a run of headers across source ids', () => {
    const reader = new FrameHeaderReader();
    const sourceIds = ['cam', 'cam', 'car', 'camera', 'cam'];

    const decoded = sourceIds.map((sourceId, seq) => reader.read(encodeHeader({ ...header, sourceId, seq })));

    expect(decoded).toEqual(sourceIds.map((sourceId, seq) => ({ ...header, sourceId, seq })));
  });

  it('rejects what decodeHeader rejects', () => {
    const bytes = encodeHeader(header);
    bytes.writeUInt16LE(0, 0);

    expect(new FrameHeaderReader().read(bytes)).toMatch(/magic number/);
  });
});
