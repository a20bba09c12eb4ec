import type { EdgeMetrics, NodeMetrics, ServerMessage } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import { exampleCircuit } from '../circuit/example.js';
import type { RunSummary } from '../run/active-run.js';
import { applyServerMessage, createRunStore, EVENT_LIMIT, initialRun, type RunSnapshot } from './run-store.js';

const CIRCUIT = exampleCircuit();

function nodeMetrics(framesIn: number, framesOut: number): NodeMetrics {
  return { state: 'running', framesIn, framesOut, dropped: {}, errors: 0, latencyMs: { p50: 1, p95: 2, p99: 3 } };
}

function edgeMetrics(received: number, dropped = 0): EdgeMetrics {
  return { sent: received + dropped, received, dropped, inFlight: 0 };
}

function deployed(runId = 'run-1'): RunSnapshot {
  return applyServerMessage({ ...initialRun(), phase: 'deploying' }, { type: 'deployed', runId }, 1000);
}

describe('applyServerMessage', () => {
  it('starts a run on deployed', () => {
    const run = deployed();

    expect(run.runId).toBe('run-1');
    expect(run.phase).toBe('starting');
    expect(run.events.at(-1)?.text).toBe('run run-1 deployed');
  });

  it('merges metrics of the current run', () => {
    const run = applyServerMessage(
      deployed(),
      { type: 'metrics', runId: 'run-1', at: 5000, nodes: { a: nodeMetrics(3, 2) }, edges: { e1: edgeMetrics(2) } },
      5000,
    );

    expect(run.totals.nodes.a?.metrics?.framesIn).toBe(3);
    expect(run.totals.edges.e1?.metrics.received).toBe(2);
  });

  it('ignores metrics of another run', () => {
    const before = deployed();

    const after = applyServerMessage(
      before,
      { type: 'metrics', runId: 'run-0', at: 5000, nodes: { a: nodeMetrics(3, 2) }, edges: {} },
      5000,
    );

    expect(after).toBe(before);
  });

  it('sets the run phase from a run status', () => {
    const run = applyServerMessage(deployed(), { type: 'status', runId: 'run-1', state: 'running' }, 2000);

    expect(run.phase).toBe('running');
  });

  it('sets a node state from a node status and logs failures as errors', () => {
    const run = applyServerMessage(
      deployed(),
      { type: 'status', runId: 'run-1', state: 'failed', nodeId: 'sink', message: 'connection refused' },
      2000,
    );

    expect(run.phase).toBe('starting');
    expect(run.totals.nodes.sink).toEqual({ state: 'failed', message: 'connection refused' });
    expect(run.events.at(-1)).toMatchObject({ level: 'error', text: 'sink: failed, connection refused' });
  });

  it('keeps the rejection and returns to idle', () => {
    const findings = [
      { rule: 'structure', severity: 'error' as const, nodes: ['a'], edges: [], message: 'a is not connected' },
    ];

    const run = applyServerMessage({ ...initialRun(), phase: 'deploying' }, { type: 'rejected', findings }, 1000);

    expect(run.phase).toBe('idle');
    expect(run.rejection).toEqual({ errors: [], findings });
  });

  it('takes the final totals from a report', () => {
    const report = {
      durationMs: 1000,
      accounted: true,
      nodes: { a: nodeMetrics(10, 10) },
      edges: { e1: edgeMetrics(9, 1) },
    };

    const run = applyServerMessage(deployed(), { type: 'report', runId: 'run-1', report }, 3000);

    expect(run.totals.edges.e1?.metrics).toEqual(edgeMetrics(9, 1));
    expect(run.events.at(-1)?.text).toBe('run report: every frame accounted for');
  });

  it('gives up a pending deploy on a server error', () => {
    const run = applyServerMessage(
      { ...initialRun(), phase: 'deploying' },
      { type: 'error', message: 'too large' },
      1000,
    );

    expect(run.phase).toBe('idle');
    expect(run.deployFailure).toBe('too large');
    expect(run.events.at(-1)).toMatchObject({ level: 'error', text: 'server error: too large' });
  });

  it('keeps a running run on a server error', () => {
    const running = applyServerMessage(deployed(), { type: 'status', runId: 'run-1', state: 'running' }, 2000);

    const run = applyServerMessage(running, { type: 'error', message: 'unknown message type' }, 3000);

    expect(run.phase).toBe('running');
    expect(run.deployFailure).toBeUndefined();
  });
});

describe('ended runs', () => {
  function metricsMessage(at: number, received: number): ServerMessage {
    return {
      type: 'metrics',
      runId: 'run-1',
      at,
      nodes: { a: nodeMetrics(received, received) },
      edges: { e1: edgeMetrics(received) },
    };
  }

  it('lose their rates when the run stops', () => {
    let run = applyServerMessage(deployed(), metricsMessage(1000, 10), 1000);
    run = applyServerMessage(run, metricsMessage(2000, 40), 2000);
    expect(run.totals.edges.e1?.fps).toBe(30);

    run = applyServerMessage(run, { type: 'status', runId: 'run-1', state: 'stopped' }, 2100);
    expect(run.totals.edges.e1?.fps).toBeUndefined();
    expect(run.totals.nodes.a?.fpsIn).toBeUndefined();
    expect(run.totals.edges.e1?.metrics.received).toBe(40);

    run = applyServerMessage(run, metricsMessage(2200, 45), 2200);
    expect(run.totals.edges.e1?.fps).toBeUndefined();
    expect(run.totals.edges.e1?.metrics.received).toBe(45);
  });

  it('get no rate from the report', () => {
    const running = applyServerMessage(deployed(), metricsMessage(1000, 10), 1000);
    const report = {
      durationMs: 2000,
      accounted: true,
      nodes: { a: nodeMetrics(50, 50) },
      edges: { e1: edgeMetrics(50) },
    };

    const run = applyServerMessage(running, { type: 'report', runId: 'run-1', report }, 2000);

    expect(run.totals.edges.e1).toEqual({ metrics: edgeMetrics(50) });
    expect(run.totals.nodes.a?.fpsOut).toBeUndefined();
  });

  it('drop the restart message of a node', () => {
    let run = applyServerMessage(
      deployed(),
      { type: 'status', runId: 'run-1', nodeId: 'a', state: 'restarting', message: 'restart 1 in 250 ms' },
      1000,
    );
    run = applyServerMessage(run, { type: 'status', runId: 'run-1', state: 'stopped' }, 2000);

    expect(run.totals.nodes.a).toEqual({ state: 'restarting' });
  });
});

describe('run store', () => {
  it('clears old totals and the rejection when a deploy is sent', () => {
    const store = createRunStore(() => 1000);
    store.setState(
      applyServerMessage(
        deployed(),
        { type: 'metrics', runId: 'run-1', at: 1, nodes: {}, edges: { e1: edgeMetrics(1) } },
        1,
      ),
    );
    store.setState({ phase: 'stopped', rejection: { errors: [], findings: [] }, deployFailure: 'timed out' });

    store.getState().deploySent(true, CIRCUIT);

    expect(store.getState().phase).toBe('deploying');
    expect(store.getState().totals.edges).toEqual({});
    expect(store.getState().rejection).toBeUndefined();
    expect(store.getState().deployFailure).toBeUndefined();
    expect(store.getState().runId).toBeUndefined();
  });

  it('keeps the totals of an active run on clearFinishedTotals', () => {
    const store = createRunStore(() => 1000);
    store.setState(
      applyServerMessage(
        deployed(),
        { type: 'metrics', runId: 'run-1', at: 1, nodes: {}, edges: { e1: edgeMetrics(1) } },
        1,
      ),
    );
    store.getState().clearFinishedTotals();
    expect(Object.keys(store.getState().totals.edges)).toEqual(['e1']);

    store.getState().receive({ type: 'status', runId: 'run-1', state: 'stopped' });
    store.getState().clearFinishedTotals();
    expect(store.getState().totals.edges).toEqual({});
  });

  it('keeps the deployed circuit through the run', () => {
    const store = createRunStore(() => 1000);

    store.getState().deploySent(false, CIRCUIT);
    store.getState().receive({ type: 'deployed', runId: 'run-1' });
    store.getState().receive({ type: 'status', runId: 'run-1', state: 'running' });

    expect(store.getState().phase).toBe('running');
    expect(store.getState().deployedCircuit).toBe(CIRCUIT);
  });

  it('abandons only a pending deploy', () => {
    const store = createRunStore(() => 1000);
    store.getState().abandonDeploy('connection closed');
    expect(store.getState().events).toHaveLength(0);

    store.getState().deploySent(false, CIRCUIT);
    store.getState().abandonDeploy('connection closed');
    expect(store.getState().phase).toBe('idle');
    expect(store.getState().deployFailure).toBe('connection closed');
    expect(store.getState().events.at(-1)?.text).toBe('deploy abandoned: connection closed');
  });

  it('keeps the newest events up to the limit', () => {
    const store = createRunStore(() => 1000);

    for (let index = 0; index < EVENT_LIMIT + 10; index += 1) store.getState().log('info', `event ${index}`);

    const { events } = store.getState();
    expect(events).toHaveLength(EVENT_LIMIT);
    expect(events[0]?.text).toBe('event 10');
    expect(new Set(events.map((event) => event.id)).size).toBe(EVENT_LIMIT);
  });
});

describe('attaching to a run', () => {
  const RUNNING: RunSummary = {
    runId: 'run-7',
    name: 'Example',
    state: 'running',
    startedAt: '2025-01-01T10:00:00.000Z',
  };

  it('makes an active run of the server the current run', () => {
    const store = createRunStore(() => 1000);
    store.getState().setOtherRuns([RUNNING]);

    expect(store.getState().attachRun(RUNNING, CIRCUIT)).toBe(true);

    expect(store.getState().runId).toBe('run-7');
    expect(store.getState().phase).toBe('running');
    expect(store.getState().otherRuns).toEqual([]);
    expect(store.getState().events.at(-1)?.text).toBe('attached to run run-7 of "Example" (running)');
    expect(store.getState().deployedCircuit).toBe(CIRCUIT);
  });

  it('takes the metrics of the attached run', () => {
    const store = createRunStore(() => 1000);
    store.getState().attachRun(RUNNING, CIRCUIT);

    store.getState().receive({ type: 'metrics', runId: 'run-7', at: 1, nodes: { a: nodeMetrics(5, 5) }, edges: {} });

    expect(store.getState().totals.nodes.a?.metrics?.framesIn).toBe(5);
  });

  it('leaves an active run of the page alone', () => {
    const store = createRunStore(() => 1000);
    store.getState().deploySent(false, CIRCUIT);

    expect(store.getState().attachRun(RUNNING, CIRCUIT)).toBe(false);

    expect(store.getState().phase).toBe('deploying');
    expect(store.getState().runId).toBeUndefined();
  });

  it('ends a run the server no longer knows', () => {
    const store = createRunStore(() => 1000);
    store.getState().attachRun(RUNNING, CIRCUIT);

    store.getState().loseRun('the server does not list it any more');

    expect(store.getState().phase).toBe('idle');
    expect(store.getState().runId).toBeUndefined();
    expect(store.getState().events.at(-1)).toMatchObject({
      level: 'warning',
      text: 'run run-7 is gone: the server does not list it any more',
    });
  });
});

describe('blocked deploys', () => {
  const NODES = [{ nodeId: 'cam', type: 'rtsp-source', typeLabel: 'RTSP source' }];

  it('list the nodes the runtime cannot start until dismissed', () => {
    const store = createRunStore(() => 1000);

    store.getState().deployBlocked(NODES);
    expect(store.getState().unrunnable).toEqual(NODES);
    expect(store.getState().phase).toBe('idle');
    expect(store.getState().events.at(-1)).toMatchObject({
      level: 'error',
      text: 'deploy not sent: the runtime cannot start cam',
    });

    store.getState().dismissDeployProblem();
    expect(store.getState().unrunnable).toBeUndefined();
  });

  it('are cleared by the next deploy', () => {
    const store = createRunStore(() => 1000);
    store.getState().deployBlocked(NODES);

    store.getState().deploySent(false, CIRCUIT);

    expect(store.getState().unrunnable).toBeUndefined();
  });
});

describe('run store faults', () => {
  function runningStore(clock: { now: number }) {
    const store = createRunStore(() => clock.now);
    store.setState(applyServerMessage(deployed(), { type: 'status', runId: 'run-1', state: 'running' }, clock.now));
    return store;
  }

  it('records and logs a sent fault', () => {
    const clock = { now: 1000 };
    const store = runningStore(clock);

    store.getState().faultSent({ target: { kind: 'edge', id: 'e2' }, fault: 'cut', durationMs: 2000 });

    expect(store.getState().faults.active).toEqual([
      { target: { kind: 'edge', id: 'e2' }, fault: 'cut', endsAt: 3000 },
    ]);
    expect(store.getState().events.at(-1)).toMatchObject({ level: 'info', text: 'fault sent to link e2: cut for 2 s' });
  });

  it('shows a server error at the fault that caused it', () => {
    const clock = { now: 1000 };
    const store = runningStore(clock);
    store.getState().faultSent({ target: { kind: 'node', id: 'ghost' }, fault: 'stall' });

    clock.now = 1040;
    store.getState().receive({ type: 'error', message: 'inject failed: run run-1 has no node "ghost"' });

    const { faults, events, phase } = store.getState();
    expect(faults.active).toEqual([]);
    expect(faults.error).toEqual({
      target: { kind: 'node', id: 'ghost' },
      message: 'inject failed: run run-1 has no node "ghost"',
    });
    expect(events.at(-1)).toMatchObject({
      level: 'error',
      text: 'server error: inject failed: run run-1 has no node "ghost"',
    });
    expect(phase).toBe('running');
  });

  it('drops the faults when the run ends', () => {
    const clock = { now: 1000 };
    const store = runningStore(clock);
    store.getState().faultSent({ target: { kind: 'node', id: 'module-1' }, fault: 'stall' });

    store.getState().receive({ type: 'status', runId: 'run-1', state: 'stopping' });
    expect(store.getState().faults.active).toHaveLength(1);

    store.getState().receive({ type: 'status', runId: 'run-1', state: 'stopped' });
    expect(store.getState().faults.active).toEqual([]);
  });

  it('starts a new run with no faults', () => {
    const clock = { now: 1000 };
    const store = runningStore(clock);
    store.getState().faultSent({ target: { kind: 'node', id: 'module-1' }, fault: 'stall' });

    store.getState().deploySent(false, CIRCUIT);
    expect(store.getState().faults.active).toEqual([]);
  });

  it('logs a fault that was not sent', () => {
    const store = runningStore({ now: 1000 });

    store.getState().faultNotSent({ kind: 'node', id: 'module-1' }, 'not connected to the server');

    expect(store.getState().faults.error?.message).toBe('not connected to the server');
    expect(store.getState().events.at(-1)).toMatchObject({
      level: 'error',
      text: 'fault command for module-1 not sent: not connected to the server',
    });
  });

  it('expires a timed fault by the store clock', () => {
    const clock = { now: 1000 };
    const store = runningStore(clock);
    store.getState().faultSent({ target: { kind: 'node', id: 'module-1' }, fault: 'stall', durationMs: 500 });

    clock.now = 1499;
    store.getState().expireFaults();
    expect(store.getState().faults.active).toHaveLength(1);

    clock.now = 1500;
    store.getState().expireFaults();
    expect(store.getState().faults.active).toEqual([]);
  });
});
