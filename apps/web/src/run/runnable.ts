import { type Circuit, getNodeType } from '@circuit-studio/model';

/** A node whose type the runtime cannot start yet. */
export interface UnrunnableNode {
  nodeId: string;
  type: string;
  /** The type's label in the catalog, such as "RTSP source". */
  typeLabel: string;
}

/** Explains a type that the catalog marks as not runnable, for tooltips and the deploy panel. */
export const DRAW_ONLY_HINT = 'the runtime cannot start this type yet; it can be drawn, analysed and exported';

/**
 * Lists the nodes of the circuit whose type the runtime cannot start, in document order. Unknown
 * types are left out, because the document check already reports them.
 */
export function unrunnableNodes(circuit: Circuit): UnrunnableNode[] {
  return circuit.nodes.flatMap((node) => {
    const spec = getNodeType(node.type);
    if (!spec || spec.runnable) return [];
    return [{ nodeId: node.id, type: node.type, typeLabel: spec.label }];
  });
}
