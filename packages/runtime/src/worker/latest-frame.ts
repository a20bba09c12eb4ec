import type { Frame } from './frame.js';

/**
 * A one-frame mailbox between a live reader and the code that sends its frames on. The reader never
 * waits: a frame put while the previous one is still waiting replaces it, as a camera's next image
 * replaces the last. The caller counts the replaced frame as dropped.
 */
export class LatestFrame {
  private frame: Frame | undefined;
  private waiter: ((frame: Frame | undefined) => void) | undefined;
  private closed = false;

  /** Stores `frame` for the taker, and returns true when it replaced a frame not yet taken. */
  put(frame: Frame): boolean {
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter(frame);
      return false;
    }
    const replaced = this.frame !== undefined;
    this.frame = frame;
    return replaced;
  }

  /** Resolves with the newest frame, waiting for one if needed, or with undefined once closed and empty. */
  take(): Promise<Frame | undefined> {
    const frame = this.frame;
    if (frame !== undefined || this.closed) {
      this.frame = undefined;
      return Promise.resolve(frame);
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Ends the mailbox: a frame still stored can be taken, and then `take` resolves undefined. */
  close(): void {
    this.closed = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(undefined);
  }
}
