import { describe, expect, it } from 'vitest';
import { analyseCircuit } from '../analysis/useAnalysis.js';
import { setNodeConfigValue } from '../circuit/edits.js';
import { exampleCircuit } from '../circuit/example.js';
import { markProblems, toFlowEdges, toFlowNodes } from './flow-elements.js';
import { CLASS_COLORS } from './theme.js';

function liveExample() {
  return setNodeConfigValue(exampleCircuit(), 'synthetic-source-1', 'live', true);
}

describe('toFlowNodes', () => {
  it('carries selection, measured size and path class', () => {
    const circuit = liveExample();
    const { result } = analyseCircuit(circuit);
    const marks = markProblems(result, ['module-1']);

    const nodes = toFlowNodes(
      circuit,
      new Set(['module-1']),
      new Map([['module-1', { width: 180, height: 90 }]]),
      result,
      marks,
    );

    expect(nodes.map((node) => node.id)).toEqual(['synthetic-source-1', 'module-1', 'null-sink-1']);
    expect(nodes[1]).toMatchObject({
      type: 'circuit',
      position: { x: 300, y: 80 },
      selected: true,
      measured: { width: 180, height: 90 },
      data: { pathClass: 'realtime', problem: 'error' },
    });
    expect(nodes[0]?.selected).toBe(false);
    expect(nodes[0]).not.toHaveProperty('measured');
  });
});

describe('toFlowEdges', () => {
  it('resolves the pattern and colours the arrow by class', () => {
    const circuit = exampleCircuit();
    const { result } = analyseCircuit(circuit);

    const edges = toFlowEdges(circuit, new Set(['e2']), result, markProblems(result, []));

    expect(edges[1]).toMatchObject({
      id: 'e2',
      source: 'module-1',
      target: 'null-sink-1',
      selected: true,
      data: { pattern: 'dealer-router', pathClass: 'capacity' },
      markerEnd: { type: 'arrowclosed', color: CLASS_COLORS.capacity },
    });
  });

  it('takes the pattern from socket specs when they pair', () => {
    const circuit = exampleCircuit();
    const edge = {
      ...circuit.edges[0],
      id: 'e1',
      source: 'synthetic-source-1',
      target: 'module-1',
      sourceSocket: 'pub+bind:ipc:///tmp/cs/a.ipc',
      targetSocket: 'sub+connect:ipc:///tmp/cs/a.ipc',
    };
    const specced = { ...circuit, edges: [edge] };
    const { result } = analyseCircuit(specced);

    const edges = toFlowEdges(specced, new Set(), result, markProblems(result, []));

    expect(edges[0]?.data?.pattern).toBe('pub-sub');
  });
});

describe('changes since deploy', () => {
  it('marks the changed nodes and edges', () => {
    const circuit = exampleCircuit();
    const { result } = analyseCircuit(circuit);
    const marks = markProblems(result, []);
    const changes = { nodes: new Set(['module-1']), edges: new Set(['e2']) };

    const nodes = toFlowNodes(circuit, new Set(), new Map(), result, marks, changes);
    const edges = toFlowEdges(circuit, new Set(), result, marks, changes);

    expect(nodes.map((node) => node.data.changed === true)).toEqual([false, true, false]);
    expect(edges.map((edge) => edge.data?.changed === true)).toEqual([false, true]);
  });
});

describe('markProblems', () => {
  it('keeps the worst level per element and skips info', () => {
    const { result } = analyseCircuit(exampleCircuit());
    const findings = [
      { rule: 'structure' as const, severity: 'warning' as const, nodes: ['a'], edges: ['e1'], message: '', fix: '' },
      { rule: 'structure' as const, severity: 'error' as const, nodes: ['a'], edges: [], message: '', fix: '' },
      { rule: 'structure' as const, severity: 'info' as const, nodes: ['b'], edges: ['e2'], message: '', fix: '' },
    ];

    const marks = markProblems({ ...result, findings }, []);

    expect(marks.nodes).toEqual(new Map([['a', 'error']]));
    expect(marks.edges).toEqual(new Map([['e1', 'warning']]));
  });
});
