import { wallClockMs } from '../../frame-header.js';
import type { Frame } from '../frame.js';
import type { NodeContext } from '../node-context.js';
import type { NodeBehavior } from './behavior.js';
import { readyToWork } from './ready-to-work.js';

/**
 * Processing stage that keeps each frame for `processingMs` plus a uniform random spread of
 * `jitterMs` either way, on a timer so that the CPU stays free for the other nodes. It fails a
 * `failRate` fraction of frames and forwards the rest on every output. Frames from several inputs
 * are processed one at a time, so a busy module pushes back on all of its inputs.
 */
export class ModuleNode implements NodeBehavior {
  private busy = false;
  /** Frames of other inputs waiting for the current one, in arrival order. */
  private readonly waiters: Array<() => void> = [];

  async run(ctx: NodeContext): Promise<void> {
    const settings: ModuleSettings = {
      processingMs: Number(ctx.config.processingMs),
      jitterMs: Number(ctx.config.jitterMs),
      failRate: Number(ctx.config.failRate ?? 0),
    };
    ctx.heldFrames = () => this.waiters.length;
    // With one input the receive loop hands over a frame only once the one before was processed,
    // so frames need no turns, and work without delay needs no awaits either.
    const oneInput = ctx.inputs.length === 1;
    const instant = settings.processingMs <= 0 && settings.jitterMs <= 0;
    await ctx.receiveAll((frame) =>
      oneInput && instant && readyToWork(ctx) ? this.finish(ctx, settings, frame) : this.process(ctx, settings, frame),
    );
    await ctx.endOutputs();
  }

  /** Processes the frame once the frames before it are done, and resolves when it was processed. */
  private async process(ctx: NodeContext, settings: ModuleSettings, frame: Frame): Promise<void> {
    const { processingMs, jitterMs } = settings;

    if (this.busy) {
      // The frame before hands its turn over directly, so `busy` stays set.
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.busy = true;
    try {
      const delay = Math.max(0, processingMs + (Math.random() * 2 - 1) * jitterMs);
      if (!readyToWork(ctx, delay) && (!(await ctx.throttle()) || !(await ctx.pause(delay)))) {
        // The process is shutting down before the frame was processed.
        ctx.dropFrames(ctx.shutdownLossReason);
        return;
      }
      await this.finish(ctx, settings, frame);
    } finally {
      const next = this.waiters.shift();
      if (next) next();
      else this.busy = false;
    }
  }

  /** Fails the frame at the module's and the injected rate, or records its latency and sends it on. */
  private finish(ctx: NodeContext, settings: ModuleSettings, frame: Frame): Promise<unknown> | undefined {
    if (fails(settings.failRate) || fails(ctx.faults.failRate)) {
      ctx.errors += 1;
      ctx.dropFrames('error');
      return undefined;
    }
    ctx.latency.record(wallClockMs() - frame.arrivedAt);
    return ctx.emit(frame);
  }
}

interface ModuleSettings {
  processingMs: number;
  jitterMs: number;
  failRate: number;
}

/** Draws whether one frame fails at `rate` (0 to 1). */
function fails(rate: number): boolean {
  return rate > 0 && Math.random() < rate;
}
