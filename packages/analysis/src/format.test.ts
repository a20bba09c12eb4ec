import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { circuit, edge, fileToMongo, node } from './fixtures.js';
import { formatFindingsText, toLintJson } from './format.js';

const naive = () =>
  circuit(
    [node('cam', 'rtsp-source', { codec: 'jpeg' }), node('n', 'null-sink'), node('lonely', 'null-sink')],
    [edge('e1', 'cam', 'n')],
  );

describe('toLintJson', () => {
  it('has exactly the command line shape', () => {
    const json = toLintJson(analyze(naive()));

    expect(Object.keys(json)).toEqual(['circuitClass', 'classes', 'findings']);
    expect(json.circuitClass).toBe('mixed');
    expect(json.classes).toEqual({
      nodes: { cam: 'realtime', n: 'realtime', lonely: 'capacity' },
      edges: { e1: 'realtime' },
    });
    for (const finding of json.findings) {
      expect(Object.keys(finding)).toEqual(['rule', 'severity', 'nodes', 'edges', 'message', 'fix']);
    }
    expect(json.findings.map((finding) => finding.rule)).toEqual([
      'structure',
      'realtime-blocking-socket',
      'realtime-missing-timeout',
    ]);
  });

  it('survives a JSON round trip unchanged', () => {
    const json = toLintJson(analyze(naive()));

    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('formatFindingsText', () => {
  it('lists errors first and counts by severity', () => {
    const text = formatFindingsText(analyze(naive()));

    const lines = text.split('\n');
    expect(lines[0]).toBe('error realtime-blocking-socket (nodes: cam, n; edges: e1)');
    expect(lines[1]).toMatch(/^ {2}Edge "e1" \(cam -> n\) uses dealer-router/);
    expect(lines[2]).toMatch(/^ {2}Fix: Switch edge "e1"/);
    expect(text.indexOf('warning structure')).toBeLessThan(text.indexOf('warning realtime-missing-timeout'));
    expect(text.endsWith('mixed circuit: 1 error, 2 warnings, 0 info\n')).toBe(true);
  });

  it('says so when there is nothing to report', () => {
    expect(formatFindingsText(analyze(fileToMongo()))).toBe('capacity circuit: no findings\n');
  });
});
