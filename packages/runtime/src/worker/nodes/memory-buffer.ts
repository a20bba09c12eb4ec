import { wallClockMs } from '../../frame-header.js';
import type { Frame } from '../frame.js';
import type { NodeContext } from '../node-context.js';
import type { NodeBehavior } from './behavior.js';

/**
 * A bounded in-process buffer between its inputs and outputs. When it contains `capacity` frames, a
 * new frame either pushes out the oldest (`drop-oldest`), is itself dropped (`drop-newest`), both
 * counted with reason `overflow`, or waits for room (`block`), which pushes back on the inputs.
 */
export class MemoryBuffer implements NodeBehavior {
  private readonly frames: Frame[] = [];
  private inputsDone = false;
  private wakeSender: (() => void) | undefined;
  private wakeReceivers: Array<() => void> = [];

  async run(ctx: NodeContext): Promise<void> {
    ctx.heldFrames = () => this.frames.length;
    const receiving = ctx
      .receiveAll((frame) => this.put(ctx, frame))
      .finally(() => {
        this.inputsDone = true;
        this.wakeSender?.();
      });
    await Promise.all([receiving, this.sendLoop(ctx)]);
    await ctx.endOutputs();
  }

  private async put(ctx: NodeContext, frame: Frame): Promise<void> {
    const capacity = Number(ctx.config.capacity);
    const overflow = String(ctx.config.overflow);

    while (this.frames.length >= capacity) {
      if (overflow === 'drop-oldest') {
        this.frames.shift();
        ctx.dropFrames('overflow');
      } else if (overflow === 'drop-newest') {
        ctx.dropFrames('overflow');
        return;
      } else {
        await new Promise<void>((resolve) => this.wakeReceivers.push(resolve));
        if (ctx.shutdownSignal.aborted) {
          ctx.dropFrames(ctx.shutdownLossReason);
          return;
        }
      }
    }
    this.frames.push(frame);
    this.wakeSender?.();
  }

  private async sendLoop(ctx: NodeContext): Promise<void> {
    ctx.shutdownSignal.addEventListener('abort', () => this.wakeAll(), { once: true });
    for (;;) {
      const frame = this.frames.shift();
      if (!frame) {
        if (this.inputsDone || ctx.shutdownSignal.aborted) return;
        await new Promise<void>((resolve) => {
          this.wakeSender = resolve;
        });
        this.wakeSender = undefined;
        continue;
      }
      this.wakeReceivers.shift()?.();
      if (!(await ctx.throttle())) {
        ctx.dropFrames(ctx.shutdownLossReason);
        continue;
      }
      ctx.latency.record(wallClockMs() - frame.arrivedAt);
      await ctx.emit(frame);
    }
  }

  private wakeAll(): void {
    this.wakeSender?.();
    for (const wake of this.wakeReceivers.splice(0)) wake();
  }
}
