import { describe, expect, it } from 'vitest';
import { decodeHeader, encodeHeader, type FrameHeader } from './frame-header.js';

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
