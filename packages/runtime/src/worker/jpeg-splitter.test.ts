import { describe, expect, it } from 'vitest';
import { JpegSplitter } from './jpeg-splitter.js';

/** Builds a minimal JPEG-shaped byte string: SOI, an APP0 segment, SOS with stuffed data, EOI. */
function fakeJpeg(fill: number, appPayload: number[] = [0x4a, 0x46]): Buffer {
  const app = [0xff, 0xe0, 0x00, appPayload.length + 2, ...appPayload];
  const sos = [0xff, 0xda, 0x00, 0x04, 0x01, 0x00];
  // Entropy data with a stuffed FF 00 and a restart marker, both of which must not end the image.
  const data = [fill, 0xff, 0x00, fill, 0xff, 0xd0, fill];
  return Buffer.from([0xff, 0xd8, ...app, ...sos, ...data, 0xff, 0xd9]);
}

describe('JpegSplitter', () => {
  it('splits concatenated images', () => {
    const first = fakeJpeg(1);
    const second = fakeJpeg(2);

    const images = new JpegSplitter().push(Buffer.concat([first, second]));

    expect(images).toEqual([first, second]);
  });

  it('joins images across chunk boundaries', () => {
    const stream = Buffer.concat([fakeJpeg(1), fakeJpeg(2), fakeJpeg(3)]);
    const splitter = new JpegSplitter();
    const images: Buffer[] = [];

    for (let offset = 0; offset < stream.length; offset += 3) {
      images.push(...splitter.push(stream.subarray(offset, offset + 3)));
    }

    expect(images.map((image) => image[image.length - 3])).toEqual([1, 2, 3]);
    expect(splitter.pendingBytes).toBe(0);
  });

  it('ignores FF D9 inside a marker segment', () => {
    const image = fakeJpeg(7, [0xff, 0xd9, 0x00]);

    expect(new JpegSplitter().push(image)).toEqual([image]);
  });

  it('skips bytes before the first image', () => {
    const image = fakeJpeg(4);
    const splitter = new JpegSplitter();

    const images = splitter.push(Buffer.concat([Buffer.from([0x00, 0x12, 0xff]), image]));

    expect(images).toEqual([image]);
    expect(splitter.skippedBytes).toBe(3);
  });

  it('skips a corrupt image and finds the next', () => {
    const corrupt = Buffer.from([0xff, 0xd8, 0x00, 0x01, 0x02]);
    const image = fakeJpeg(6);

    const images = new JpegSplitter().push(Buffer.concat([corrupt, image]));

    expect(images).toEqual([image]);
  });

  it('keeps an unfinished image pending', () => {
    const image = fakeJpeg(5);
    const splitter = new JpegSplitter();

    expect(splitter.push(image.subarray(0, image.length - 1))).toEqual([]);
    expect(splitter.pendingBytes).toBe(image.length - 1);
  });
});
