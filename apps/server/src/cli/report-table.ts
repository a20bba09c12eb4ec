import type { DropReason, NodeMetrics, RunReport } from '@circuit-studio/model';

/** Formats rows as columns: the first left-aligned, the others right-aligned, two spaces apart. */
function formatColumns(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Formats drops as `12 (hwm 10, gap 2)`, or `0`. */
export function formatDrops(dropped: Partial<Record<DropReason, number>>): string {
  const reasons = Object.entries(dropped).filter(([, count]) => (count ?? 0) > 0);
  const total = reasons.reduce((sum, [, count]) => sum + (count ?? 0), 0);
  if (total === 0) return '0';
  return `${total} (${reasons.map(([reason, count]) => `${reason} ${count}`).join(', ')})`;
}

function formatMs(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '-';
}

function nodeRow(id: string, node: NodeMetrics): string[] {
  return [
    id,
    node.state,
    String(node.framesIn),
    String(node.framesOut),
    formatDrops(node.dropped),
    String(node.errors),
    formatMs(node.latencyMs.p50),
    formatMs(node.latencyMs.p95),
    formatMs(node.latencyMs.p99),
  ];
}

/** Formats a run report for a terminal: a line about the run, then a table of nodes and one of edges. */
export function formatReportTable(report: RunReport, state: string): string {
  const seconds = (report.durationMs / 1000).toFixed(1);
  const accounting = report.accounted
    ? 'every frame is accounted for'
    : 'some frames are not accounted for (sent differs from received + dropped)';
  const nodes = formatColumns([
    ['node', 'state', 'in', 'out', 'dropped', 'errors', 'p50 ms', 'p95 ms', 'p99 ms'],
    ...Object.entries(report.nodes).map(([id, node]) => nodeRow(id, node)),
  ]);
  const edges = formatColumns([
    ['edge', 'sent', 'received', 'dropped', 'in flight'],
    ...Object.entries(report.edges).map(([id, edge]) => [
      id,
      String(edge.sent),
      String(edge.received),
      String(edge.dropped),
      String(edge.inFlight),
    ]),
  ]);
  return `Run ${state} after ${seconds} s; ${accounting}.\n\n${nodes}\n\n${edges}\n`;
}

/**
 * Formats one progress line from the latest totals: frames the sources sent, frames the sinks
 * received, and drops counted on edges and inside nodes.
 */
export function formatProgress(
  elapsedMs: number,
  totals: Pick<RunReport, 'nodes' | 'edges'>,
  roles: { sources: ReadonlySet<string>; sinks: ReadonlySet<string> },
): string {
  let sent = 0;
  let received = 0;
  let nodeDrops = 0;
  for (const [id, node] of Object.entries(totals.nodes)) {
    if (roles.sources.has(id)) sent += node.framesOut;
    if (roles.sinks.has(id)) received += node.framesIn;
    for (const count of Object.values(node.dropped)) nodeDrops += count ?? 0;
  }
  const edgeDrops = Object.values(totals.edges).reduce((sum, edge) => sum + edge.dropped, 0);
  const seconds = (elapsedMs / 1000).toFixed(1).padStart(6);
  return `${seconds} s  sources sent ${sent}, sinks received ${received}, edge drops ${edgeDrops}, node drops ${nodeDrops}\n`;
}
