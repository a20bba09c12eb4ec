import type { RunPlan } from '../plan/build-plan.js';
import type { AssembledMetrics } from './metrics-assembler.js';

/**
 * Lists where the final node totals of a run contradict its edges. Every frame a node takes was
 * received on one of its input edges. Every frame it emits is sent, or dropped at the sender, on
 * each of its output edges. A node between inputs and outputs emits or drops every frame it took.
 * Returns an empty list when all of that holds.
 */
export function findImbalances(plan: RunPlan, metrics: AssembledMetrics): string[] {
  const problems: string[] = [];
  for (const node of plan.nodes) {
    const totals = metrics.nodes[node.nodeId];
    if (!totals) continue;
    const inputs = plan.edges.filter((edge) => edge.target === node.nodeId);
    const outputs = plan.edges.filter((edge) => edge.source === node.nodeId);

    const received = inputs.reduce((sum, edge) => sum + (metrics.edges[edge.edgeId]?.received ?? 0), 0);
    if (inputs.length > 0 && totals.framesIn !== received) {
      problems.push(`node ${node.nodeId} took ${totals.framesIn} frames but its input edges received ${received}`);
    }
    for (const edge of outputs) {
      const sent = metrics.edges[edge.edgeId]?.sent ?? 0;
      if (sent !== totals.framesOut) {
        problems.push(`node ${node.nodeId} emitted ${totals.framesOut} frames but edge ${edge.edgeId} sent ${sent}`);
      }
    }
    const dropped = metrics.nodeDrops[node.nodeId] ?? 0;
    if (inputs.length > 0 && outputs.length > 0 && totals.framesIn !== totals.framesOut + dropped) {
      problems.push(
        `node ${node.nodeId} took ${totals.framesIn} frames but emitted ${totals.framesOut} and dropped ${dropped}`,
      );
    }
  }
  return problems;
}
