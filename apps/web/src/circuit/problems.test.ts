import { describe, expect, it } from 'vitest';
import { analyseCircuit } from '../analysis/useAnalysis.js';
import { setNodeConfigValue, updateEdgeFields } from './edits.js';
import { exampleCircuit } from './example.js';
import { documentProblems, edgeFieldErrors, nodeFieldErrors, problemsBesideFindings } from './problems.js';

describe('documentProblems', () => {
  it('finds none in the example circuit', () => {
    expect(documentProblems(exampleCircuit())).toEqual([]);
  });

  it('locates an invalid config value on its node', () => {
    const circuit = setNodeConfigValue(exampleCircuit(), 'module-1', 'replicas', 0);

    const problems = documentProblems(circuit);

    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('nodes[1].config.replicas');
    expect(problems[0]?.nodeId).toBe('module-1');
  });

  it('locates an invalid edge field on its edge', () => {
    const circuit = updateEdgeFields(exampleCircuit(), 'e2', { timeoutMs: 0 });

    const problems = documentProblems(circuit);

    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('edges[1].timeoutMs');
    expect(problems[0]?.edgeId).toBe('e2');
  });
});

describe('problemsBesideFindings', () => {
  it('counts each invalid config value once', () => {
    let circuit = setNodeConfigValue(exampleCircuit(), 'module-1', 'replicas', 0);
    circuit = setNodeConfigValue(circuit, 'module-1', 'processingMs', -1);
    const analysis = analyseCircuit(circuit);

    const listed = problemsBesideFindings(documentProblems(circuit), analysis.failure !== undefined);

    expect(documentProblems(circuit)).toHaveLength(2);
    expect(listed).toEqual([]);
    expect(analysis.result.findings.filter((finding) => finding.rule === 'structure')).toHaveLength(2);
  });

  it('keeps edge problems, which no finding lists', () => {
    const circuit = updateEdgeFields(exampleCircuit(), 'e2', { timeoutMs: 0 });

    const listed = problemsBesideFindings(documentProblems(circuit), false);

    expect(listed.map((problem) => problem.path)).toEqual(['edges[1].timeoutMs']);
  });

  it('keeps config problems when the analysis failed', () => {
    const circuit = setNodeConfigValue(exampleCircuit(), 'module-1', 'replicas', 0);

    expect(problemsBesideFindings(documentProblems(circuit), true)).toHaveLength(1);
  });
});

describe('field errors', () => {
  it('keys node errors by config key', () => {
    const errors = nodeFieldErrors({ type: 'module', config: { processingMs: -1, replicas: 1.5 } });

    expect(Object.keys(errors).sort()).toEqual(['processingMs', 'replicas']);
    expect(errors.processingMs).toBe('Processing time: expected 0 to 60000 ms, found -1');
  });

  it('reports an unknown node type under type', () => {
    expect(Object.keys(nodeFieldErrors({ type: 'teleporter', config: {} }))).toEqual(['type']);
  });

  it('keys edge errors by field name', () => {
    const circuit = updateEdgeFields(exampleCircuit(), 'e1', {
      hwm: 0,
      endpoint: 'http://127.0.0.1/x',
      sourceSocket: 'pub+bind',
      targetSocket: 'sub+connect:ipc:///tmp/cs/a.ipc',
    });

    const errors = edgeFieldErrors(circuit, 'e1');

    expect(Object.keys(errors).sort()).toEqual(['endpoint', 'hwm', 'sourceSocket']);
    expect(errors.endpoint).toBe(
      'expected "ipc:///absolute/path.ipc" or "tcp://HOST:PORT", found "http://127.0.0.1/x"',
    );
  });

  it('returns no edge errors for another edge', () => {
    const circuit = updateEdgeFields(exampleCircuit(), 'e1', { hwm: 0 });

    expect(edgeFieldErrors(circuit, 'e2')).toEqual({});
  });
});
