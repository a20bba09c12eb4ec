import { describe, expect, it } from 'vitest';
import {
  attachableRuns,
  chooseActiveRun,
  parseRunList,
  parseRunNodeIds,
  type RunSummary,
  sameNodeIds,
} from './active-run.js';

function summary(runId: string, state: RunSummary['state'], startedAt: string): RunSummary {
  return { runId, name: `circuit of ${runId}`, state, startedAt };
}

const OLD = summary('old', 'running', '2025-01-01T10:00:00.000Z');
const NEW = summary('new', 'starting', '2025-01-01T11:00:00.000Z');
const ENDED = summary('ended', 'completed', '2025-01-01T12:00:00.000Z');
const STOPPING = summary('stopping', 'stopping', '2025-01-01T12:30:00.000Z');

describe('attachableRuns', () => {
  it('keeps starting and running runs, newest first', () => {
    expect(attachableRuns([OLD, ENDED, NEW, STOPPING], undefined).map((run) => run.runId)).toEqual(['new', 'old']);
  });

  it('puts the remembered run first', () => {
    expect(attachableRuns([OLD, NEW], 'old').map((run) => run.runId)).toEqual(['old', 'new']);
  });

  it('ignores a remembered run that has ended', () => {
    expect(attachableRuns([OLD, ENDED], 'ended').map((run) => run.runId)).toEqual(['old']);
  });
});

describe('sameNodeIds', () => {
  it('ignores order', () => {
    expect(sameNodeIds(['a', 'b', 'c'], ['c', 'a', 'b'])).toBe(true);
  });

  it('rejects a missing or an extra id', () => {
    expect(sameNodeIds(['a', 'b'], ['a', 'b', 'c'])).toBe(false);
    expect(sameNodeIds(['a', 'b', 'c'], ['a', 'b'])).toBe(false);
    expect(sameNodeIds(['a', 'b'], ['a', 'x'])).toBe(false);
  });
});

describe('chooseActiveRun', () => {
  const canvas = ['source', 'module', 'sink'];

  it('finds nothing without candidates', () => {
    expect(chooseActiveRun([], canvas)).toEqual({ kind: 'none' });
  });

  it('attaches to the first run of the same nodes', () => {
    const choice = chooseActiveRun(
      [
        { run: NEW, nodeIds: ['camera', 'sink'] },
        { run: OLD, nodeIds: ['sink', 'module', 'source'] },
      ],
      canvas,
    );

    expect(choice).toEqual({ kind: 'attach', run: OLD });
  });

  it('lists the runs of other circuits when none matches', () => {
    const choice = chooseActiveRun(
      [
        { run: NEW, nodeIds: ['camera', 'sink'] },
        { run: OLD, nodeIds: ['source', 'module'] },
      ],
      canvas,
    );

    expect(choice).toEqual({ kind: 'other', runs: [NEW, OLD] });
  });
});

describe('parseRunList', () => {
  it('reads the summaries and skips malformed entries', () => {
    const body = [
      { runId: 'r1', name: 'Example', state: 'running', startedAt: '2025-01-01T10:00:00.000Z', extra: 1 },
      { runId: 'r2', name: 'Example', state: 'dancing', startedAt: '2025-01-01T10:00:00.000Z' },
      { runId: 3, name: 'Example', state: 'running', startedAt: '2025-01-01T10:00:00.000Z' },
      'r4',
    ];

    expect(parseRunList(body)).toEqual([
      { runId: 'r1', name: 'Example', state: 'running', startedAt: '2025-01-01T10:00:00.000Z' },
    ]);
  });

  it('rejects a body that is not an array', () => {
    expect(() => parseRunList({ runs: [] })).toThrow('expected a JSON array of runs, found {"runs":[]}');
  });
});

describe('parseRunNodeIds', () => {
  const node = { state: 'running', framesIn: 0, framesOut: 0, dropped: {}, errors: 0 };

  it('reads the node ids of an active run from its metrics', () => {
    const body = { runId: 'r1', state: 'running', metrics: { at: 1, nodes: { a: node, b: node }, edges: {} } };

    expect(parseRunNodeIds(body)).toEqual(['a', 'b']);
  });

  it('reads the node ids of an ended run from its report', () => {
    const body = { runId: 'r1', state: 'stopped', report: { durationMs: 5, nodes: { c: node }, edges: {} } };

    expect(parseRunNodeIds(body)).toEqual(['c']);
  });

  it('rejects a run without per-node totals', () => {
    expect(() => parseRunNodeIds({ runId: 'r1', state: 'running' })).toThrow(
      'the run has neither metrics nor a report with per-node totals',
    );
  });
});
