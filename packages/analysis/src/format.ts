import type { AnalysisResult, Finding, LintFinding, LintJson, Severity } from './types.js';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Returns the object `circuit-studio lint --format json` prints: the class of the circuit and of each
 * node and edge, and the findings without their quick fixes.
 */
export function toLintJson(result: AnalysisResult): LintJson {
  const findings = result.findings.map(
    (finding): LintFinding => ({
      rule: finding.rule,
      severity: finding.severity,
      nodes: [...finding.nodes],
      edges: [...finding.edges],
      message: finding.message,
      fix: finding.fix,
    }),
  );
  return {
    circuitClass: result.circuitClass,
    classes: { nodes: { ...result.nodes }, edges: { ...result.edges } },
    findings,
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function formatFinding(finding: Finding): string {
  const where = [
    finding.nodes.length > 0 ? `nodes: ${finding.nodes.join(', ')}` : '',
    finding.edges.length > 0 ? `edges: ${finding.edges.join(', ')}` : '',
  ].filter(Boolean);
  const lines = [`${finding.severity} ${finding.rule}${where.length > 0 ? ` (${where.join('; ')})` : ''}`];
  lines.push(`  ${finding.message}`);
  lines.push(`  Fix: ${finding.fix}`);
  return lines.join('\n');
}

/**
 * Formats findings for a terminal, as `circuit-studio lint` prints them: errors first, then
 * warnings, then infos, each with its rule, ids, message and fix, and a closing count.
 */
export function formatFindingsText(result: AnalysisResult): string {
  const sorted = [...result.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const count = (severity: Severity) => result.findings.filter((finding) => finding.severity === severity).length;
  const summary =
    result.findings.length === 0
      ? `${result.circuitClass} circuit: no findings`
      : `${result.circuitClass} circuit: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ` +
        `${count('info')} info`;
  return [...sorted.map(formatFinding), summary].join('\n\n').concat('\n');
}
