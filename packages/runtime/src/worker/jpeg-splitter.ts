/**
 * Splits a stream of concatenated JPEG images (ffmpeg's `image2pipe` output) into single images.
 * It walks the marker segments from SOI to EOI and skips entropy-coded data by its byte stuffing,
 * so an `FF D9` inside a segment (an embedded thumbnail, say) does not end the image early.
 */
export class JpegSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  /** Offset of the current image's SOI marker, or -1 while looking for one. */
  private start = -1;
  private position = 0;
  private inEntropyData = false;
  /** Bytes skipped because they did not belong to any image. */
  skippedBytes = 0;

  /** Adds a chunk and returns the images it completes. */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const images: Buffer[] = [];
    for (let image = this.next(); image; image = this.next()) {
      images.push(image);
    }
    return images;
  }

  /** Bytes received that do not yet form a complete image. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  private next(): Buffer | undefined {
    if (this.start < 0 && !this.findStart()) return undefined;
    const bytes = this.buffer;
    while (this.position < bytes.length) {
      if (this.inEntropyData) {
        if (!this.skipEntropyData()) return undefined;
        continue;
      }
      if (this.position + 1 >= bytes.length) return undefined;
      if (bytes[this.position] !== 0xff) {
        // Not a marker where one must be: the image is corrupt, so look for the next SOI after this one.
        this.skippedBytes += 2;
        this.buffer = bytes.subarray(this.start + 2);
        this.start = -1;
        return this.findStart() ? this.next() : undefined;
      }
      const marker = bytes[this.position + 1] as number;
      if (marker === 0xff) {
        this.position += 1;
        continue;
      }
      if (marker === 0xd9) {
        const end = this.position + 2;
        const image = bytes.subarray(this.start, end);
        this.buffer = bytes.subarray(end);
        this.start = -1;
        this.position = 0;
        return image;
      }
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        this.position += 2;
        continue;
      }
      if (this.position + 3 >= bytes.length) return undefined;
      const length = bytes.readUInt16BE(this.position + 2);
      if (this.position + 2 + length > bytes.length) return undefined;
      this.position += 2 + length;
      this.inEntropyData = marker === 0xda;
    }
    return undefined;
  }

  /** Moves to the next SOI marker; returns false when the buffer contains none yet. */
  private findStart(): boolean {
    const bytes = this.buffer;
    const soi = bytes.indexOf(Buffer.from([0xff, 0xd8]));
    if (soi < 0) {
      // Keep a trailing FF, which may be the first half of an SOI.
      const keep = bytes.length > 0 && bytes[bytes.length - 1] === 0xff ? 1 : 0;
      this.skippedBytes += bytes.length - keep;
      this.buffer = bytes.subarray(bytes.length - keep);
      return false;
    }
    this.skippedBytes += soi;
    this.buffer = bytes.subarray(soi);
    this.start = 0;
    this.position = 2;
    this.inEntropyData = false;
    return true;
  }

  /** Advances past entropy-coded data to the next real marker; returns false when more bytes are needed. */
  private skipEntropyData(): boolean {
    const bytes = this.buffer;
    for (;;) {
      const ff = bytes.indexOf(0xff, this.position);
      if (ff < 0 || ff + 1 >= bytes.length) {
        this.position = ff < 0 ? bytes.length : ff;
        return false;
      }
      const next = bytes[ff + 1] as number;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        this.position = ff + 2;
        continue;
      }
      if (next === 0xff) {
        this.position = ff + 1;
        continue;
      }
      this.position = ff;
      this.inEntropyData = false;
      return true;
    }
  }
}
