import { wallClockMs } from '../../frame-header.js';
import type { Frame } from '../frame.js';
import type { NodeContext } from '../node-context.js';
import type { NodeBehavior } from './behavior.js';

/**
 * A processing stage: keeps each frame for `processingMs` plus a uniform random spread of
 * `jitterMs` either way (a timer, so the CPU stays free for the other nodes), fails a `failRate`
 * fraction of frames, and forwards the rest on every output. Frames from several inputs are
 * processed one at a time, so a busy module pushes back on all of its inputs.
 */
export class ModuleNode implements NodeBehavior {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  async run(ctx: NodeContext): Promise<void> {
    ctx.heldFrames = () => this.waiting;
    await ctx.receiveAll((frame) => this.enqueue(ctx, frame));
    await this.tail;
    await ctx.endOutputs();
  }

  /** Chains the frame behind the ones already waiting and resolves once it was processed. */
  private enqueue(ctx: NodeContext, frame: Frame): Promise<void> {
    this.waiting += 1;
    const done = this.tail.then(async () => {
      this.waiting -= 1;
      await this.process(ctx, frame);
    });
    this.tail = done;
    return done;
  }

  private async process(ctx: NodeContext, frame: Frame): Promise<void> {
    const processingMs = Number(ctx.config.processingMs);
    const jitterMs = Number(ctx.config.jitterMs);
    const failRate = Number(ctx.config.failRate ?? 0);

    const delay = Math.max(0, processingMs + (Math.random() * 2 - 1) * jitterMs);
    if (!(await ctx.throttle()) || !(await ctx.pause(delay))) {
      // The process is shutting down before the frame was processed.
      ctx.dropFrames('timeout');
      return;
    }
    if (Math.random() < failRate || Math.random() < ctx.faults.failRate) {
      ctx.errors += 1;
      ctx.dropFrames('error');
      return;
    }
    ctx.latency.record(wallClockMs() - frame.arrivedAt);
    await ctx.emit(frame);
  }
}
