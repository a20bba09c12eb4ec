import type { RunReport } from '@circuit-studio/model';

export interface RunTotals {
  runId: string;
  totals: Pick<RunReport, 'nodes' | 'edges'>;
}

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: { labels: Labels; value: number }[];
}

/** Escapes a label value as the Prometheus text format requires: backslash, double quote and newline. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatFamily(family: Family): string {
  const lines = [`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`];
  for (const { labels, value } of family.samples) {
    const pairs = Object.entries(labels).map(([key, label]) => `${key}="${escapeLabel(label)}"`);
    lines.push(`${family.name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${value}`);
  }
  return lines.join('\n');
}

function family(name: string, help: string, type: Family['type']): Family {
  return { name: `circuit_studio_${name}`, help, type, samples: [] };
}

/**
 * Formats the server's metrics in the Prometheus text exposition format (version 0.0.4): the number
 * of active runs, and per run the frame counters of every node and edge.
 */
export function formatPrometheus(activeRuns: number, runs: readonly RunTotals[]): string {
  const active = family('runs_active', 'Runs that are starting, running or stopping.', 'gauge');
  active.samples.push({ labels: {}, value: activeRuns });

  const framesIn = family('node_frames_in_total', 'Frames a node received.', 'counter');
  const framesOut = family('node_frames_out_total', 'Frames a node sent on.', 'counter');
  const nodeDropped = family('node_frames_dropped_total', 'Frames a node dropped, by reason.', 'counter');
  const nodeErrors = family('node_errors_total', 'Errors a node reported.', 'counter');
  const sent = family('edge_frames_sent_total', 'Frames the sending side of an edge sent.', 'counter');
  const received = family('edge_frames_received_total', 'Frames the receiving side of an edge received.', 'counter');
  const edgeDropped = family('edge_frames_dropped_total', 'Frames lost on an edge.', 'counter');
  const inFlight = family('edge_frames_in_flight', 'Frames sent on an edge and not yet received.', 'gauge');

  for (const { runId, totals } of runs) {
    for (const [node, metrics] of Object.entries(totals.nodes)) {
      const labels = { run: runId, node };
      framesIn.samples.push({ labels, value: metrics.framesIn });
      framesOut.samples.push({ labels, value: metrics.framesOut });
      nodeErrors.samples.push({ labels, value: metrics.errors });
      for (const [reason, count] of Object.entries(metrics.dropped)) {
        nodeDropped.samples.push({ labels: { ...labels, reason }, value: count ?? 0 });
      }
    }
    for (const [edge, metrics] of Object.entries(totals.edges)) {
      const labels = { run: runId, edge };
      sent.samples.push({ labels, value: metrics.sent });
      received.samples.push({ labels, value: metrics.received });
      edgeDropped.samples.push({ labels, value: metrics.dropped });
      inFlight.samples.push({ labels, value: metrics.inFlight });
    }
  }

  const families = [active, framesIn, framesOut, nodeDropped, nodeErrors, sent, received, edgeDropped, inFlight];
  return `${families.map(formatFamily).join('\n')}\n`;
}
