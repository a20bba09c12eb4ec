import type { FaultCommand } from '../worker-protocol.js';

/**
 * Faults injected into this process. Durations are timed by the supervisor, which sends `clear`
 * when a fault with `durationMs` ends.
 */
export class Faults {
  /** Added processing time per frame, in ms. */
  latencyMs = 0;
  stalled = false;
  /** Extra fraction of frames that fail, on top of the node's `failRate`. */
  failRate = 0;
  private readonly cutEdges = new Set<string>();
  private waiters: Array<() => void> = [];

  apply(command: FaultCommand): void {
    switch (command.fault) {
      case 'latency':
        this.latencyMs = Math.max(0, command.value ?? 0);
        break;
      case 'stall':
        this.stalled = true;
        break;
      case 'fail':
        this.failRate = Math.min(1, Math.max(0, command.value ?? 1));
        break;
      case 'cut':
        if (command.edge) this.cutEdges.add(command.edge);
        break;
      default: {
        const unreachable: never = command.fault;
        throw new Error(`unknown fault ${String(unreachable)}`);
      }
    }
    this.notify();
  }

  clear(fault?: FaultCommand['fault'], edge?: string): void {
    if (fault === undefined || fault === 'latency') this.latencyMs = 0;
    if (fault === undefined || fault === 'stall') this.stalled = false;
    if (fault === undefined || fault === 'fail') this.failRate = 0;
    if (fault === undefined || fault === 'cut') {
      if (edge === undefined) this.cutEdges.clear();
      else this.cutEdges.delete(edge);
    }
    this.notify();
  }

  isCut(edgeId: string): boolean {
    return this.cutEdges.has(edgeId);
  }

  /** Resolves once `blocked()` turns false, or with false when `timeoutMs` passes first. */
  async waitUntil(blocked: () => boolean, timeoutMs?: number, abort?: AbortSignal): Promise<boolean> {
    const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
    while (blocked()) {
      const left = deadline - Date.now();
      if (left <= 0 || abort?.aborted) return false;
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(left) ? setTimeout(resolve, left) : undefined;
        const onAbort = () => resolve();
        abort?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(() => {
          if (timer) clearTimeout(timer);
          abort?.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
    return true;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
