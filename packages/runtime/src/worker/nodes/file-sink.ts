import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { wallClockMs } from '../../frame-header.js';
import type { Frame } from '../frame.js';
import { type NodeContext, NodeFailure } from '../node-context.js';
import type { NodeBehavior } from './behavior.js';

/**
 * Writes one JSON line of metadata per frame. With `writeFrames`, each payload also goes to its own
 * file in a folder named after the output file (`frames.jsonl` -> `frames.jsonl.frames/`).
 */
export class FileSink implements NodeBehavior {
  private stream: WriteStream | undefined;

  async run(ctx: NodeContext): Promise<void> {
    const path = ctx.plan.filePath;
    if (!path) throw new NodeFailure(`file sink ${ctx.plan.nodeId} has no resolved path`);
    const writeFrames = ctx.config.writeFrames === true;
    const framesDir = `${path}.frames`;

    try {
      await mkdir(dirname(path), { recursive: true });
      if (writeFrames) await mkdir(framesDir, { recursive: true });
    } catch (error) {
      throw new NodeFailure(`cannot create the folder for ${String(ctx.config.path)}: ${(error as Error).message}`);
    }
    const stream = createWriteStream(path, { flags: 'w' });
    this.stream = stream;
    const failed = once(stream, 'error').then(([error]) => {
      throw new NodeFailure(`cannot write ${String(ctx.config.path)}: ${(error as Error).message}`);
    });
    // Write errors surface through `failed`, which the receive loop below races against.
    failed.catch(() => undefined);

    await Promise.race([
      failed,
      ctx.receiveAll(async (frame) => {
        if (!(await ctx.throttle())) return;
        const payloadFile = writeFrames ? await this.writePayload(framesDir, frame) : undefined;
        const now = wallClockMs();
        ctx.latency.record(now - frame.captureTime);
        const line = JSON.stringify({
          sourceId: frame.sourceId,
          frameNumber: frame.frameNumber,
          captureTime: frame.captureTime,
          receivedAt: now,
          latencyMs: Math.round((now - frame.captureTime) * 1000) / 1000,
          bytes: frame.payload.length,
          ...(payloadFile ? { file: payloadFile } : {}),
        });
        if (!stream.write(`${line}\n`)) await once(stream, 'drain');
      }),
    ]);
    await this.close();
    await ctx.endOutputs();
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream || stream.destroyed) return;
    stream.end();
    await once(stream, 'close');
  }

  private async writePayload(framesDir: string, frame: Frame): Promise<string> {
    const isJpeg = frame.payload[0] === 0xff && frame.payload[1] === 0xd8;
    const name = `${frame.sourceId}-${String(frame.frameNumber).padStart(8, '0')}.${isJpeg ? 'jpg' : 'bin'}`;
    await writeFile(join(framesDir, name), frame.payload);
    return `${basename(framesDir)}/${name}`;
  }
}
