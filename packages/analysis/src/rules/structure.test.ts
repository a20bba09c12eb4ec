import { describe, expect, it } from 'vitest';
import { circuit, edge, fileToMongo, findingsOf, node } from '../fixtures.js';

describe('structure', () => {
  it('finds nothing in a sound circuit', () => {
    expect(findingsOf(fileToMongo(), 'structure')).toEqual([]);
  });

  it('reports a cycle with its nodes and edges', () => {
    const input = circuit(
      [node('src', 'file-source'), node('a', 'module'), node('b', 'module'), node('n', 'null-sink')],
      [edge('e1', 'src', 'a'), edge('e2', 'a', 'b'), edge('e3', 'b', 'a'), edge('e4', 'b', 'n')],
    );

    const findings = findingsOf(input, 'structure');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.nodes).toEqual(['a', 'b']);
    expect(findings[0]?.edges.sort()).toEqual(['e2', 'e3']);
    expect(findings[0]?.message).toContain('"a" and "b" form a cycle');
  });

  it('reports an unconnected node', () => {
    const input = circuit([...fileToMongo().nodes, node('lonely', 'module')], fileToMongo().edges);

    const [finding] = findingsOf(input, 'structure');

    expect(finding?.severity).toBe('warning');
    expect(finding?.nodes).toEqual(['lonely']);
    expect(finding?.message).toBe('Module "lonely" is not connected to anything; it takes no part in the circuit.');
  });

  it('reports a source with inputs and a sink with outputs', () => {
    const input = circuit(
      [node('a', 'file-source'), node('b', 'file-source'), node('s', 'null-sink'), node('t', 'null-sink')],
      [edge('e1', 'a', 'b'), edge('e2', 'b', 's'), edge('e3', 's', 't')],
    );

    const findings = findingsOf(input, 'structure');

    expect(findings.map((finding) => [finding.nodes, finding.edges])).toEqual([
      [['b'], ['e1']],
      [['s'], ['e3']],
    ]);
    expect(findings[0]?.message).toContain('is a source but has inputs');
    expect(findings[1]?.message).toContain('is a sink but has outputs');
  });

  it('reports stages that are dead ends', () => {
    const input = circuit(
      [node('src', 'file-source'), node('m', 'module'), node('q', 'memory-buffer'), node('n', 'null-sink')],
      [edge('e1', 'src', 'm'), edge('e2', 'q', 'n')],
    );

    const findings = findingsOf(input, 'structure');

    expect(findings.map((finding) => finding.message)).toEqual([
      'Module "m" has no outputs, so every frame it takes is lost at it.',
      'Memory buffer "q" has no inputs, so it never receives a frame.',
    ]);
  });

  it('reports an unknown node type', () => {
    const input = circuit(
      [node('src', 'file-source'), node('x', 'teleporter'), node('n', 'null-sink')],
      [edge('e1', 'src', 'x'), edge('e2', 'x', 'n')],
    );

    const [finding] = findingsOf(input, 'structure');

    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('Node "x" has the unknown type "teleporter"');
  });

  it('names the field, the expected and the found value of invalid config', () => {
    const input = circuit(
      [node('src', 'synthetic-source', { fps: 5000 }), node('n', 'null-sink')],
      [edge('e1', 'src', 'n')],
    );

    const [finding] = findingsOf(input, 'structure');

    expect(finding?.message).toBe(
      'Synthetic source "src" has an invalid config.fps: Frame rate: expected 0 to 1000 fps, found 5000.',
    );
    expect(finding?.quickFix).toEqual({ kind: 'set-node-config', node: 'src', changes: { fps: 30 } });
  });

  it('reports edges to missing nodes and duplicate ids', () => {
    const base = fileToMongo();
    const input = {
      ...base,
      nodes: [...base.nodes, node('store', 'null-sink')],
      edges: [...base.edges, edge('e2', 'detector', 'ghost')],
    };

    const messages = findingsOf(input, 'structure').map((finding) => finding.message);

    expect(messages).toContain(
      'The id "store" is used by more than one node; the analysis and the runtime see only the last one.',
    );
    expect(messages).toContain(
      'The id "e2" is used by more than one edge; the analysis and the runtime see only the last one.',
    );
    expect(messages).toContain('Edge "e2" names "ghost", which is not a node of this circuit, so it carries nothing.');
  });
});
