/**
 * The binary header that leads every frame message on a link. A message is two parts, the header
 * and the payload (a ROUTER receiver gets the peer's routing id in front of them).
 *
 * Layout, little-endian:
 *
 * | offset | size | field |
 * | --- | --- | --- |
 * | 0 | 2 | magic `0x4353` ("CS") |
 * | 2 | 1 | header version, 1 |
 * | 3 | 1 | kind: 0 frame, 1 end-of-stream |
 * | 4 | 2 | replica index of the sending process |
 * | 6 | 2 | epoch: how many times the sending process was restarted |
 * | 8 | 8 | frame number at the source (float64, exact up to 2^53) |
 * | 16 | 8 | capture time, ms since the Unix epoch (float64) |
 * | 24 | 8 | sequence number on this link and epoch; in an end-of-stream, the count of frames sent |
 * | 32 | 4 | payload size in bytes |
 * | 36 | 1 | byte length of the source id |
 * | 37 | n | source id, UTF-8 |
 */
export type FrameKind = 'frame' | 'end';

export interface FrameHeader {
  kind: FrameKind;
  senderReplica: number;
  epoch: number;
  sourceId: string;
  frameNumber: number;
  captureTime: number;
  seq: number;
  payloadSize: number;
}

const MAGIC = 0x4353;
const VERSION = 1;
const FIXED_SIZE = 37;
const MAX_SOURCE_ID_BYTES = 255;

export function encodeHeader(header: FrameHeader): Buffer {
  const sourceId = Buffer.from(header.sourceId, 'utf8');
  if (sourceId.length > MAX_SOURCE_ID_BYTES) {
    throw new RangeError(`source id is ${sourceId.length} bytes long; the frame header allows ${MAX_SOURCE_ID_BYTES}`);
  }
  const buffer = Buffer.allocUnsafe(FIXED_SIZE + sourceId.length);
  buffer.writeUInt16LE(MAGIC, 0);
  buffer.writeUInt8(VERSION, 2);
  buffer.writeUInt8(header.kind === 'end' ? 1 : 0, 3);
  buffer.writeUInt16LE(header.senderReplica, 4);
  buffer.writeUInt16LE(header.epoch, 6);
  buffer.writeDoubleLE(header.frameNumber, 8);
  buffer.writeDoubleLE(header.captureTime, 16);
  buffer.writeDoubleLE(header.seq, 24);
  buffer.writeUInt32LE(header.payloadSize, 32);
  buffer.writeUInt8(sourceId.length, 36);
  sourceId.copy(buffer, FIXED_SIZE);
  return buffer;
}

/** Decodes a header, or returns a message saying why the bytes are not one. */
export function decodeHeader(buffer: Buffer): FrameHeader | string {
  if (buffer.length < FIXED_SIZE) {
    return `header is ${buffer.length} bytes long; expected at least ${FIXED_SIZE}`;
  }
  if (buffer.readUInt16LE(0) !== MAGIC) {
    return 'header does not start with the Circuit Studio magic number';
  }
  const version = buffer.readUInt8(2);
  if (version !== VERSION) {
    return `header version is ${version}; this build reads version ${VERSION}`;
  }
  const sourceIdLength = buffer.readUInt8(36);
  if (buffer.length < FIXED_SIZE + sourceIdLength) {
    return `header is cut short inside the source id`;
  }
  return {
    kind: buffer.readUInt8(3) === 1 ? 'end' : 'frame',
    senderReplica: buffer.readUInt16LE(4),
    epoch: buffer.readUInt16LE(6),
    frameNumber: buffer.readDoubleLE(8),
    captureTime: buffer.readDoubleLE(16),
    seq: buffer.readDoubleLE(24),
    payloadSize: buffer.readUInt32LE(32),
    sourceId: buffer.toString('utf8', FIXED_SIZE, FIXED_SIZE + sourceIdLength),
  };
}

/** Wall-clock time in ms with sub-millisecond resolution, comparable across processes on one machine. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
