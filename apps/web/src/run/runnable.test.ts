import { listNodeTypes } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import { exampleCircuit } from '../circuit/example.js';
import { unrunnableNodes } from './runnable.js';

describe('unrunnableNodes', () => {
  it('finds none in the example circuit', () => {
    expect(unrunnableNodes(exampleCircuit())).toEqual([]);
  });

  it('names each node of a type the runtime cannot start', () => {
    const drawOnly = listNodeTypes().filter((spec) => !spec.runnable);
    const circuit = exampleCircuit();
    circuit.nodes.push(
      ...drawOnly.map((spec, index) => ({
        id: `draw-${index}`,
        type: spec.type,
        position: { x: 0, y: 200 + index * 100 },
        config: {},
      })),
    );

    expect(drawOnly.length).toBeGreaterThan(0);
    expect(unrunnableNodes(circuit)).toEqual(
      drawOnly.map((spec, index) => ({ nodeId: `draw-${index}`, type: spec.type, typeLabel: spec.label })),
    );
  });

  it('leaves out nodes of unknown types', () => {
    const circuit = exampleCircuit();
    circuit.nodes.push({ id: 'x', type: 'teleporter', position: { x: 0, y: 0 }, config: {} });

    expect(unrunnableNodes(circuit)).toEqual([]);
  });
});
