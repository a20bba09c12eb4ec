import { wallClockMs } from '../../frame-header.js';
import type { NodeContext } from '../node-context.js';
import type { NodeBehavior } from './behavior.js';
import { EventLoopYielder } from './event-loop-yielder.js';
import { readyToWork } from './ready-to-work.js';

/**
 * Emits test-pattern frames at `fps`. A live source keeps wall-clock pace, like a camera: a frame
 * it could not emit on time (because the process was busy) is counted as dropped with reason
 * `late`. A non-live source waits for back pressure instead. With `fps` 0 the source is unpaced:
 * it emits as fast as its outputs take frames, live or not.
 */
export class SyntheticSource implements NodeBehavior {
  async run(ctx: NodeContext): Promise<void> {
    const fps = Number(ctx.config.fps);
    const payload = Buffer.alloc(Number(ctx.config.payloadBytes), ctx.plan.nodeId.length % 256);
    const limit = Number(ctx.config.frames);
    const paced = fps > 0;
    const live = ctx.config.live === true && paced;
    const intervalMs = paced ? 1000 / fps : 0;
    const yielder = new EventLoopYielder();

    let due = performance.now();
    // A restarted source continues the numbering where the processes before it ended.
    for (let frameNumber = ctx.resumePosition; limit === 0 || frameNumber < limit; frameNumber++) {
      if (paced) {
        if (!(await ctx.pause(due - performance.now(), ctx.finishSignal))) break;
      } else {
        if (yielder.due) await yielder.yield();
        if (ctx.finishSignal.aborted) break;
      }
      if (!readyToWork(ctx) && !(await ctx.throttle())) break;
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
      const now = wallClockMs();
      await ctx.emit({ sourceId: ctx.plan.nodeId, frameNumber, captureTime: now, payload, arrivedAt: now });
      if (paced) due = live ? due + intervalMs : Math.max(due + intervalMs, performance.now());
    }
    await ctx.endOutputs();
  }
}
