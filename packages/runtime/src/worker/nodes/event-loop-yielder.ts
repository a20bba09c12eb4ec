import { setImmediate as nextLoopTurn } from 'node:timers/promises';

/** Default time between two yields, in ms: short enough for control messages, long enough to cost nothing. */
const DEFAULT_EVERY_MS = 5;

/**
 * Gives timers and I/O callbacks a turn in a loop whose awaits can all resolve as microtasks, such
 * as an unpaced source whose sends complete at once. Without it the supervisor's messages and the
 * periodic counts report would wait until the loop ends.
 */
export class EventLoopYielder {
  private lastYield = performance.now();

  constructor(private readonly everyMs = DEFAULT_EVERY_MS) {}

  /** Whether `everyMs` passed since the last yield. */
  get due(): boolean {
    return performance.now() - this.lastYield >= this.everyMs;
  }

  /** Resolves after one turn of the event loop. */
  async yield(): Promise<void> {
    await nextLoopTurn();
    this.lastYield = performance.now();
  }
}
