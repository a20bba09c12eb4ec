import { wallClockMs } from '../../frame-header.js';
import type { NodeContext } from '../node-context.js';
import type { NodeBehavior } from './behavior.js';

/**
 * Emits test-pattern frames at `fps`. A live source keeps wall-clock pace, like a camera: a frame
 * it could not emit on time (because the process was busy) is counted as dropped with reason
 * `late`. A non-live source waits for back pressure instead.
 */
export class SyntheticSource implements NodeBehavior {
  async run(ctx: NodeContext): Promise<void> {
    const fps = Number(ctx.config.fps);
    const payload = Buffer.alloc(Number(ctx.config.payloadBytes), ctx.plan.nodeId.length % 256);
    const limit = Number(ctx.config.frames);
    const live = ctx.config.live === true;
    const intervalMs = 1000 / fps;

    let due = performance.now();
    // A restarted source continues the numbering where the previous process last reported.
    for (let frameNumber = ctx.framesOut; limit === 0 || frameNumber < limit; frameNumber++) {
      const waited = await ctx.pause(due - performance.now(), ctx.finishSignal);
      if (!waited) break;
      if (!(await ctx.throttle())) break;
      if (live) {
        const missed = Math.floor((performance.now() - due) / intervalMs);
        if (missed > 0) {
          const skipped = limit === 0 ? missed : Math.min(missed, limit - frameNumber - 1);
          ctx.dropFrames('late', skipped);
          frameNumber += skipped;
          due += skipped * intervalMs;
          if (limit !== 0 && frameNumber >= limit) break;
        }
      }
      await ctx.emit({
        sourceId: ctx.plan.nodeId,
        frameNumber,
        captureTime: wallClockMs(),
        payload,
        arrivedAt: wallClockMs(),
      });
      due = live ? due + intervalMs : Math.max(due + intervalMs, performance.now());
    }
    await ctx.endOutputs();
  }
}
