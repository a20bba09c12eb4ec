import { describe, expect, it } from 'vitest';
import type { Frame } from './frame.js';
import { LatestFrame } from './latest-frame.js';

function frame(frameNumber: number): Frame {
  return { sourceId: 'cam', frameNumber, captureTime: 0, payload: Buffer.alloc(0), arrivedAt: 0 };
}

describe('LatestFrame', () => {
  it('hands a frame to a waiting taker', async () => {
    const mailbox = new LatestFrame();
    const nextFrame = mailbox.take();

    const replaced = mailbox.put(frame(1));

    expect(replaced).toBe(false);
    expect((await nextFrame)?.frameNumber).toBe(1);
  });

  it('replaces a frame not yet taken', async () => {
    const mailbox = new LatestFrame();

    const first = mailbox.put(frame(1));
    const second = mailbox.put(frame(2));

    expect(first).toBe(false);
    expect(second).toBe(true);
    expect((await mailbox.take())?.frameNumber).toBe(2);
  });

  it('gives the stored frame before closing', async () => {
    const mailbox = new LatestFrame();
    mailbox.put(frame(1));

    mailbox.close();

    expect((await mailbox.take())?.frameNumber).toBe(1);
    expect(await mailbox.take()).toBeUndefined();
  });

  it('wakes a waiting taker on close', async () => {
    const mailbox = new LatestFrame();
    const nextFrame = mailbox.take();

    mailbox.close();

    expect(await nextFrame).toBeUndefined();
  });
});
