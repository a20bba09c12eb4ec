import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { wallClockMs } from '../../frame-header.js';
import { decodeJpegFrames, probeVideo } from '../ffmpeg.js';
import { type NodeContext, NodeFailure } from '../node-context.js';
import type { NodeBehavior } from './behavior.js';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.bmp']);

/**
 * Emits the frames of a video file, decoded by ffmpeg into JPEG images, or the images of a folder
 * in name order. Back pressure sets the pace, and `fps` above 0 caps it. With `loop` the source starts
 * again at the end until the run stops.
 */
export class FileSource implements NodeBehavior {
  private frameNumber = 0;
  private due = 0;
  /** Images a restarted source skips because the previous process already emitted them. */
  private skip = 0;

  async run(ctx: NodeContext): Promise<void> {
    const path = ctx.plan.filePath;
    const shownPath = String(ctx.config.path);
    if (!path) throw new NodeFailure(`file source ${ctx.plan.nodeId} has no resolved path`);

    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      throw new NodeFailure(`${shownPath} cannot be read: ${(error as Error).message}`);
    }
    this.due = performance.now();
    this.skip = ctx.resumePosition;
    try {
      do {
        if (info.isDirectory()) {
          await this.emitFolder(ctx, path, shownPath);
        } else {
          await this.emitVideo(ctx, path, shownPath);
        }
      } while (ctx.config.loop === true && !ctx.finishSignal.aborted);
    } finally {
      await ctx.endOutputs();
    }
  }

  private async emitVideo(ctx: NodeContext, path: string, shownPath: string): Promise<void> {
    const video = await probeVideo(path, shownPath);
    let decoded = 0;
    for await (const image of decodeJpegFrames(path, shownPath, ctx.finishSignal)) {
      decoded += 1;
      if (!(await this.emit(ctx, image))) return;
    }
    if (ctx.finishSignal.aborted) return;
    if (video.frames !== undefined && decoded < video.frames) {
      throw new NodeFailure(`${shownPath} is truncated: decoded ${decoded} of the ${video.frames} frames it declares`);
    }
    if (decoded === 0) {
      throw new NodeFailure(`${shownPath} contains no decodable frames`);
    }
  }

  private async emitFolder(ctx: NodeContext, path: string, shownPath: string): Promise<void> {
    const names = (await readdir(path))
      .filter((name) => IMAGE_EXTENSIONS.has(extname(name).toLowerCase()))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (names.length === 0) {
      throw new NodeFailure(`${shownPath} contains no images; expected ${[...IMAGE_EXTENSIONS].join(', ')} files`);
    }
    for (const name of names) {
      let image: Buffer;
      try {
        image = await readFile(join(path, name));
      } catch (error) {
        throw new NodeFailure(`${shownPath}/${name} cannot be read: ${(error as Error).message}`);
      }
      if (!(await this.emit(ctx, image))) return;
    }
  }

  /** Emits one image at the capped pace; returns false when the source must stop. */
  private async emit(ctx: NodeContext, image: Buffer): Promise<boolean> {
    if (this.skip > 0) {
      this.skip -= 1;
      this.frameNumber += 1;
      return !ctx.finishSignal.aborted;
    }
    const fps = Number(ctx.config.fps);
    if (fps > 0 && !(await ctx.pause(this.due - performance.now(), ctx.finishSignal))) return false;
    if (ctx.finishSignal.aborted || !(await ctx.throttle())) return false;
    const now = wallClockMs();
    await ctx.emit({
      sourceId: ctx.plan.nodeId,
      frameNumber: this.frameNumber,
      captureTime: now,
      payload: image,
      arrivedAt: now,
    });
    this.frameNumber += 1;
    if (fps > 0) this.due = Math.max(this.due + 1000 / fps, performance.now());
    return true;
  }
}
