import { wallClockMs } from '../../frame-header.js';
import type { Frame } from '../frame.js';
import type { NodeContext } from '../node-context.js';
import type { NodeBehavior } from './behavior.js';
import { readyToWork } from './ready-to-work.js';

/** Counts frames and records their end-to-end latency from capture. */
export class NullSink implements NodeBehavior {
  async run(ctx: NodeContext): Promise<void> {
    await ctx.receiveAll((frame) => {
      if (readyToWork(ctx)) {
        ctx.latency.record(wallClockMs() - frame.captureTime);
        return undefined;
      }
      return this.takeThrottled(ctx, frame);
    });
    await ctx.endOutputs();
  }

  /** Takes a frame once an injected stall or latency allows it. */
  private async takeThrottled(ctx: NodeContext, frame: Frame): Promise<void> {
    if (!(await ctx.throttle())) return;
    ctx.latency.record(wallClockMs() - frame.captureTime);
  }
}
