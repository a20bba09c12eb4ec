import { wallClockMs } from '../../frame-header.js';
import type { NodeContext } from '../node-context.js';
import type { NodeBehavior } from './behavior.js';
import { readyToWork } from './ready-to-work.js';

/** Counts frames and records their end-to-end latency from capture. */
export class NullSink implements NodeBehavior {
  async run(ctx: NodeContext): Promise<void> {
    await ctx.receiveAll(async (frame) => {
      if (!readyToWork(ctx) && !(await ctx.throttle())) return;
      ctx.latency.record(wallClockMs() - frame.captureTime);
    });
    await ctx.endOutputs();
  }
}
