import { describe, expect, it } from 'vitest';
import { updateEdgeFields } from './edits.js';
import { exampleCircuit } from './example.js';
import { describeProblemPath } from './problem-labels.js';
import { documentProblems } from './problems.js';

describe('describeProblemPath', () => {
  const circuit = exampleCircuit();

  it('names an edge field by link id and label', () => {
    expect(describeProblemPath(circuit, 'edges[0].hwm')).toBe('e1 · High-water mark');
    expect(describeProblemPath(circuit, 'edges[1].endpoint')).toBe('e2 · Endpoint');
    expect(describeProblemPath(circuit, 'edges[1].sourceSocket')).toBe('e2 · Sender socket');
  });

  it('names a node config key by its catalog label', () => {
    expect(describeProblemPath(circuit, 'nodes[1].config.replicas')).toBe('module-1 · Replicas');
    expect(describeProblemPath(circuit, 'nodes[0].position')).toBe('synthetic-source-1 · Position');
  });

  it('names a whole element by its id', () => {
    expect(describeProblemPath(circuit, 'nodes[2]')).toBe('null-sink-1');
  });

  it('falls back to the position without an id', () => {
    const broken = { ...circuit, edges: [...circuit.edges, { id: '', source: 'a', target: 'b' }] };

    expect(describeProblemPath(broken, 'edges[2].id')).toBe('link 3 · Id');
    expect(describeProblemPath(circuit, 'edges[9].source')).toBe('link 10 · Source');
  });

  it('keeps unknown fields and document paths readable', () => {
    expect(describeProblemPath(circuit, 'edges[0].colour')).toBe('e1 · colour');
    expect(describeProblemPath(circuit, 'version')).toBe('Schema version');
    expect(describeProblemPath(circuit, '')).toBe('Circuit');
    expect(describeProblemPath(circuit, 'owner.team')).toBe('owner.team');
  });

  it('describes the paths of document problems', () => {
    const invalid = updateEdgeFields(circuit, 'e1', { hwm: 0 });

    const [problem] = documentProblems(invalid);

    expect(problem?.path).toBe('edges[0].hwm');
    expect(describeProblemPath(invalid, problem?.path ?? '')).toBe('e1 · High-water mark');
  });
});
