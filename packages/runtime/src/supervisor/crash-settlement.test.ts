import { describe, expect, it } from 'vitest';
import { isConserved, type ReceiverCounts } from '../accounting.js';
import type { LinkPlan, WorkerPlan, WorkerSnapshot } from '../worker-protocol.js';
import { type ProcessRecord, settleCrashes } from './crash-settlement.js';
import { LinkLedger, linkEpochKey } from './link-ledger.js';
import { resumePoint } from './restart.js';

function link(linkId: string, edgeId: string): LinkPlan {
  return {
    linkId,
    edgeId,
    pattern: 'dealer-router',
    endpoint: `ipc:///tmp/circuit-studio/test/${linkId}.ipc`,
    bind: 'target',
    realtime: false,
    hwm: 1000,
    senderReplica: 0,
    receiverReplica: 0,
  };
}

const e1 = link('l1', 'e1');
const e2 = link('l2', 'e2');
const e3 = link('l3', 'e3');

function plan(nodeId: string, epoch: number, inputs: LinkPlan[], outputs: LinkPlan[]): WorkerPlan {
  return {
    runId: 'test',
    nodeId,
    replica: 0,
    type: 'module',
    config: {},
    inputs,
    outputs: outputs.map((output) => ({ edgeId: output.edgeId, links: [output] })),
    epoch,
    reportIntervalMs: 100,
    logLevel: 'silent',
  };
}

function snapshot(counts: Partial<WorkerSnapshot>): WorkerSnapshot {
  return {
    state: 'running',
    framesIn: 0,
    framesOut: 0,
    dropped: {},
    errors: 0,
    latency: [],
    queueDepth: 0,
    senders: {},
    receivers: {},
    ...counts,
  };
}

function receiver(counts: Partial<ReceiverCounts>): ReceiverCounts {
  return { seen: 0, received: 0, gaps: 0, dropped: {}, ...counts };
}

function dead(processPlan: WorkerPlan, report: WorkerSnapshot | undefined): ProcessRecord {
  return { plan: processPlan, report, final: false, exited: true };
}

describe('settleCrashes', () => {
  it('counts frames a killed module forwarded after its last report', () => {
    // src sent 151 frames. The module reported 140 in and 139 out, with one frame held and one
    // queued on e1. It forwarded 8 more before it died, and its successor first took seq 148.
    const ledger = new LinkLedger([e1, e2]);
    ledger.recordSender('l1', 0, { transmitted: 151, dropped: {} });
    const deadReport = snapshot({
      framesIn: 140,
      framesOut: 139,
      senders: { l2: { transmitted: 139, dropped: {} } },
      receivers: { l1: { '0': receiver({ seen: 141, received: 140 }) } },
    });
    ledger.recordReceiver('l1', 0, deadReport.receivers.l1 ?? {});
    ledger.recordSender('l2', 0, deadReport.senders.l2 ?? { transmitted: 0, dropped: {} });
    ledger.recordReceiver('l1', 1, { '0': receiver({ seen: 151, base: 141, received: 3, gaps: 7, resumeGap: 7 }) });
    ledger.recordReceiver('l2', 0, { '0': receiver({ seen: 147, received: 147 }) });

    const settlement = settleCrashes(
      [dead(plan('mod', 0, [e1], [e2]), deadReport), { ...dead(plan('mod', 1, [e1], [e2]), undefined), exited: false }],
      ledger,
    );
    const e1Totals = ledger.edgeTotals('e1', settlement.links).totals;

    expect(settlement.framesOut).toBe(8);
    expect(settlement.framesIn).toBe(7);
    expect(settlement.dropped).toEqual({});
    expect(settlement.links.get(linkEpochKey('l1', 0))).toEqual({
      received: 7,
      fromGaps: 6,
      receiverDropped: {},
      senderDropped: {},
    });
    expect(e1Totals).toMatchObject({ sent: 151, received: 150, dropped: 1, droppedByReason: { gap: 1 } });
    expect(isConserved(e1Totals)).toBe(true);
  });

  it('drops held and queued frames that never came out', () => {
    const ledger = new LinkLedger([e1, e2]);
    ledger.recordSender('l1', 0, { transmitted: 60, dropped: {} });
    const deadReport = snapshot({
      framesIn: 50,
      framesOut: 47,
      dropped: { error: 1 },
      senders: { l2: { transmitted: 47, dropped: {} } },
      receivers: { l1: { '0': receiver({ seen: 54, received: 50 }) } },
    });
    ledger.recordReceiver('l1', 0, deadReport.receivers.l1 ?? {});
    ledger.recordReceiver('l2', 0, { '0': receiver({ seen: 48, received: 48 }) });

    const settlement = settleCrashes([dead(plan('mod', 0, [e1], [e2]), deadReport)], ledger);

    expect(settlement.framesOut).toBe(1);
    expect(settlement.framesIn).toBe(0);
    expect(settlement.dropped).toEqual({ error: 1 });
    expect(settlement.links.get(linkEpochKey('l1', 0))).toMatchObject({ received: 0, receiverDropped: { error: 4 } });
  });

  it('raises every fan-out edge to the frames the node emitted', () => {
    const ledger = new LinkLedger([e2, e3]);
    const deadReport = snapshot({
      framesOut: 10,
      senders: { l2: { transmitted: 10, dropped: {} }, l3: { transmitted: 10, dropped: {} } },
    });
    ledger.recordReceiver('l2', 0, { '0': receiver({ seen: 13, received: 13 }) });
    ledger.recordReceiver('l3', 0, { '0': receiver({ seen: 12, received: 12 }) });

    const settlement = settleCrashes([dead(plan('src', 0, [], [e2, e3]), deadReport)], ledger);
    const e3Totals = ledger.edgeTotals('e3', settlement.links).totals;

    expect(settlement.framesOut).toBe(3);
    expect(settlement.links.get(linkEpochKey('l3', 0))?.senderDropped).toEqual({ error: 1 });
    expect(settlement.links.has(linkEpochKey('l2', 0))).toBe(false);
    expect(e3Totals).toMatchObject({ sent: 13, received: 12, dropped: 1 });
  });

  it('drops frames queued in a dead sink', () => {
    const ledger = new LinkLedger([e2]);
    const deadReport = snapshot({ framesIn: 17, receivers: { l2: { '0': receiver({ seen: 20, received: 17 }) } } });

    const settlement = settleCrashes([dead(plan('sink', 0, [e2], []), deadReport)], ledger);

    expect(settlement.framesIn).toBe(0);
    expect(settlement.framesOut).toBe(0);
    expect(settlement.dropped).toEqual({});
    expect(settlement.links.get(linkEpochKey('l2', 0))?.receiverDropped).toEqual({ error: 3 });
  });

  it('takes a lost tail once the link epoch is closed', () => {
    const ledger = new LinkLedger([e1, e2]);
    ledger.recordSender('l1', 0, { transmitted: 30, dropped: {} });
    const deadReport = snapshot({
      framesIn: 20,
      framesOut: 20,
      senders: { l2: { transmitted: 20, dropped: {} } },
      receivers: { l1: { '0': receiver({ seen: 20, received: 20 }) } },
    });
    ledger.recordReceiver('l1', 0, deadReport.receivers.l1 ?? {});
    ledger.recordReceiver('l2', 0, { '0': receiver({ seen: 25, received: 25 }) });
    const processes = [dead(plan('mod', 0, [e1], [e2]), deadReport)];

    const whileOpen = settleCrashes(processes, ledger);
    ledger.close('l1', 0, 'gap');
    const afterClose = settleCrashes(processes, ledger);
    const e1Totals = ledger.edgeTotals('e1', afterClose.links).totals;

    expect(whileOpen.framesIn).toBe(0);
    expect(afterClose.framesIn).toBe(5);
    expect(afterClose.links.get(linkEpochKey('l1', 0))).toMatchObject({ received: 5, fromGaps: 0 });
    expect(e1Totals).toMatchObject({ sent: 30, received: 25, dropped: 5, inFlight: 0 });
  });

  it('leaves a process with a final report alone', () => {
    const ledger = new LinkLedger([e1, e2]);
    const finalReport = snapshot({
      framesIn: 5,
      framesOut: 4,
      senders: { l2: { transmitted: 4, dropped: {} } },
      receivers: { l1: { '0': receiver({ seen: 6, received: 5 }) } },
    });
    ledger.recordReceiver('l2', 0, { '0': receiver({ seen: 4, received: 4 }) });

    const settlement = settleCrashes([{ ...dead(plan('mod', 0, [e1], [e2]), finalReport), final: true }], ledger);

    expect(settlement).toEqual({ framesIn: 0, framesOut: 0, dropped: {}, links: new Map() });
  });
});

describe('resumePoint', () => {
  it('continues a source after the frames its receivers saw', () => {
    const report = snapshot({ framesOut: 50, dropped: { late: 2 } });

    const point = resumePoint([{ plan: plan('src', 0, [], [e1]), report }], 3);

    expect(point).toEqual({ position: 55, seen: {} });
  });

  it('starts each input epoch where the last report left it', () => {
    const first = plan('mod', 0, [e1], []);
    const second = { ...plan('mod', 1, [e1], []), resume: { position: 0, seen: { l1: { '0': 141 } } } };
    const report = snapshot({
      receivers: { l1: { '0': receiver({ seen: 160, base: 141 }), '1': receiver({ seen: 4 }) } },
    });

    const point = resumePoint(
      [
        { plan: first, report: snapshot({ receivers: { l1: { '0': receiver({ seen: 141 }) } } }) },
        { plan: second, report },
      ],
      0,
    );

    expect(point.seen).toEqual({ l1: { '0': 160, '1': 4 } });
  });
});
