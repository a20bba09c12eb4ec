import type { NodeContext } from '../node-context.js';

/**
 * Returns true when `ctx.throttle()` and `ctx.pause(delayMs)` would both resolve true at once: no
 * injected stall or latency, no delay and no shutdown. A node checks this before each frame so that
 * the common case costs no awaits.
 */
export function readyToWork(ctx: NodeContext, delayMs = 0): boolean {
  // NOTE: this mirrors the conditions under which NodeContext.throttle and pause wait, so a new wait there needs a check here.
  return delayMs <= 0 && !ctx.faults.stalled && ctx.faults.latencyMs <= 0 && !ctx.shutdownSignal.aborted;
}
