import type { NodeContext } from '../node-context.js';

/** The work of one node type inside its process. */
export interface NodeBehavior {
  /**
   * Does the node's work until its inputs end or, for a source, its frames run out or the supervisor
   * requests the finish. Sends end-of-stream on the outputs before it resolves. Throws `NodeFailure` when
   * the node cannot go on.
   */
  run(ctx: NodeContext): Promise<void>;
  /** Releases files and child processes; called once before the process exits. */
  close?(): Promise<void>;
}
