import { describe, expect, it } from 'vitest';
import { addNode, moveNodes, setNodeConfigValue, setNodeLabel, updateEdgeFields } from '../circuit/edits.js';
import { exampleCircuit } from '../circuit/example.js';
import { changesSinceDeploy, sameJson } from './deploy-changes.js';

describe('changesSinceDeploy', () => {
  const deployed = exampleCircuit();

  it('finds nothing in the deployed circuit itself', () => {
    const changes = changesSinceDeploy(deployed, deployed);

    expect([...changes.nodes]).toEqual([]);
    expect([...changes.edges]).toEqual([]);
  });

  it('marks a node whose config was edited', () => {
    const edited = setNodeConfigValue(deployed, 'module-1', 'processingMs', 40);

    const changes = changesSinceDeploy(deployed, edited);

    expect([...changes.nodes]).toEqual(['module-1']);
    expect([...changes.edges]).toEqual([]);
  });

  it('clears the mark when the value is set back', () => {
    const edited = setNodeConfigValue(deployed, 'module-1', 'processingMs', 40);
    const restored = setNodeConfigValue(edited, 'module-1', 'processingMs', 10);

    expect([...changesSinceDeploy(deployed, restored).nodes]).toEqual([]);
  });

  it('marks an edge whose settings were edited', () => {
    const edited = updateEdgeFields(deployed, 'e2', { hwm: 4 });

    const changes = changesSinceDeploy(deployed, edited);

    expect([...changes.edges]).toEqual(['e2']);
    expect([...changes.nodes]).toEqual([]);
  });

  it('counts a cleared optional field as unchanged', () => {
    const withHwm = updateEdgeFields(deployed, 'e2', { hwm: 4 });
    const cleared = updateEdgeFields(withHwm, 'e2', { hwm: undefined });

    expect([...changesSinceDeploy(deployed, cleared).edges]).toEqual([]);
  });

  it('ignores position and label', () => {
    const moved = moveNodes(deployed, new Map([['module-1', { x: 500, y: 500 }]]));
    const labelled = setNodeLabel(moved, 'null-sink-1', 'Counter');

    const changes = changesSinceDeploy(deployed, labelled);

    expect([...changes.nodes]).toEqual([]);
  });

  it('marks a node added after the deploy', () => {
    const result = addNode(deployed, 'module', { x: 0, y: 300 });
    if (!result.ok) throw new Error(result.message);

    expect([...changesSinceDeploy(deployed, result.circuit).nodes]).toEqual([result.id]);
  });
});

describe('sameJson', () => {
  it('compares nested values', () => {
    expect(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson(1, '1')).toBe(false);
  });
});
