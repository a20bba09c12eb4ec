/**
 * The binary header that leads every frame message on a link. A message is two parts, the header
 * and the payload, or one part, the header followed by the payload, when both together fit in the
 * bytes that the socket copies anyway (see `OutputLink`). A ROUTER receiver gets the peer's routing
 * id in front of them.
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
import { performance } from 'node:perf_hooks';

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
  const sourceId = encodeSourceId(header.sourceId);
  const buffer = Buffer.allocUnsafe(FIXED_SIZE + sourceId.length);
  writeConstantFields(buffer, header.senderReplica, header.epoch, sourceId);
  writeFrameFields(viewOf(buffer), header.kind, header.frameNumber, header.captureTime, header.seq, header.payloadSize);
  return buffer;
}

/**
 * Encodes the headers of one sender into one buffer that every call overwrites, so that sending a
 * frame allocates nothing. The source id is encoded again only when it changes. A caller must be
 * done with the previous header, for example because the socket copied it, before the next call.
 */
export class FrameHeaderWriter {
  private buffer: Buffer = Buffer.alloc(0);
  /** A view of `buffer`, whose writes cost a fraction of the `Buffer` write methods with their argument checks. */
  private view = viewOf(this.buffer);
  private sourceId: string | undefined;

  constructor(
    private readonly senderReplica: number,
    private readonly epoch: number,
  ) {}

  write(
    kind: FrameKind,
    sourceId: string,
    frameNumber: number,
    captureTime: number,
    seq: number,
    payloadSize: number,
  ): Buffer {
    if (sourceId !== this.sourceId) {
      const encoded = encodeSourceId(sourceId);
      this.buffer = Buffer.allocUnsafe(FIXED_SIZE + encoded.length);
      this.view = viewOf(this.buffer);
      writeConstantFields(this.buffer, this.senderReplica, this.epoch, encoded);
      this.sourceId = sourceId;
    }
    writeFrameFields(this.view, kind, frameNumber, captureTime, seq, payloadSize);
    return this.buffer;
  }
}

function encodeSourceId(sourceId: string): Buffer {
  const encoded = Buffer.from(sourceId, 'utf8');
  if (encoded.length > MAX_SOURCE_ID_BYTES) {
    throw new RangeError(`source id is ${encoded.length} bytes long; the frame header allows ${MAX_SOURCE_ID_BYTES}`);
  }
  return encoded;
}

function writeConstantFields(buffer: Buffer, senderReplica: number, epoch: number, sourceId: Buffer): void {
  buffer.writeUInt16LE(MAGIC, 0);
  buffer.writeUInt8(VERSION, 2);
  buffer.writeUInt16LE(senderReplica, 4);
  buffer.writeUInt16LE(epoch, 6);
  buffer.writeUInt8(sourceId.length, 36);
  sourceId.copy(buffer, FIXED_SIZE);
}

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.length);
}

function writeFrameFields(
  view: DataView,
  kind: FrameKind,
  frameNumber: number,
  captureTime: number,
  seq: number,
  payloadSize: number,
): void {
  view.setUint8(3, kind === 'end' ? 1 : 0);
  view.setFloat64(8, frameNumber, true);
  view.setFloat64(16, captureTime, true);
  view.setFloat64(24, seq, true);
  view.setUint32(32, payloadSize, true);
}

/** Returns the byte length of the header at the start of `buffer`, which the decoder accepted. */
export function headerSize(buffer: Buffer): number {
  return FIXED_SIZE + (buffer[36] ?? 0);
}

/** Decodes a header, or returns a message saying why the bytes are not one. */
export function decodeHeader(buffer: Buffer): FrameHeader | string {
  return decodeWith(buffer, decodeSourceId);
}

/**
 * Decodes the headers of one receiver like `decodeHeader`, but returns the previous source id string
 * while the bytes repeat, as they do for every frame from one source.
 */
export class FrameHeaderReader {
  private sourceIdBytes: Buffer = Buffer.alloc(0);
  private sourceId = '';

  read(buffer: Buffer): FrameHeader | string {
    return decodeWith(buffer, this.sourceIdOf);
  }

  private readonly sourceIdOf = (header: Buffer, length: number): string => {
    const previous = this.sourceIdBytes;
    let same = previous.length === length;
    for (let index = 0; same && index < length; index++) {
      same = previous[index] === header[FIXED_SIZE + index];
    }
    if (!same) {
      this.sourceIdBytes = Buffer.from(header.subarray(FIXED_SIZE, FIXED_SIZE + length));
      this.sourceId = decodeSourceId(header, length);
    }
    return this.sourceId;
  };
}

function decodeSourceId(header: Buffer, length: number): string {
  return header.toString('utf8', FIXED_SIZE, FIXED_SIZE + length);
}

function decodeWith(buffer: Buffer, sourceIdOf: (header: Buffer, length: number) => string): FrameHeader | string {
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
    sourceId: sourceIdOf(buffer, sourceIdLength),
  };
}

/** Wall-clock time at which `performance.now()` started counting, in ms since the Unix epoch. */
const TIME_ORIGIN_MS = performance.timeOrigin;

/** Wall-clock time in ms with sub-millisecond resolution, comparable across processes on one machine. */
export function wallClockMs(): number {
  return TIME_ORIGIN_MS + performance.now();
}
