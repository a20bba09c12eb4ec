import { describe, expect, it } from 'vitest';
import { isConserved, settleLinkEpoch, sumEdgeTotals } from './accounting.js';

describe('settleLinkEpoch', () => {
  it('counts frames between the two ends as in flight', () => {
    const totals = settleLinkEpoch({
      sender: { transmitted: 10, dropped: { hwm: 2 } },
      receiver: { seen: 7, received: 6, gaps: 1, dropped: {} },
    });

    expect(totals).toEqual({ sent: 12, received: 6, dropped: 3, inFlight: 3, droppedByReason: { hwm: 2, gap: 1 } });
    expect(isConserved(totals)).toBe(true);
  });

  it('trusts the receiver when the sender report is older', () => {
    const totals = settleLinkEpoch({
      sender: { transmitted: 5, dropped: {} },
      receiver: { seen: 8, received: 8, gaps: 0, dropped: {} },
    });

    expect(totals.sent).toBe(8);
    expect(totals.inFlight).toBe(0);
    expect(isConserved(totals)).toBe(true);
  });

  it('counts frames queued at the receiver as in flight', () => {
    const totals = settleLinkEpoch({
      sender: { transmitted: 10, dropped: {} },
      receiver: { seen: 10, received: 4, gaps: 0, dropped: { hwm: 3 } },
    });

    expect(totals.inFlight).toBe(3);
    expect(totals.dropped).toBe(3);
  });

  it('turns what is in flight into drops when closed', () => {
    const totals = settleLinkEpoch({
      sender: { transmitted: 10, dropped: {} },
      receiver: { seen: 6, received: 6, gaps: 0, dropped: {} },
      closedAs: 'timeout',
    });

    expect(totals).toEqual({ sent: 10, received: 6, dropped: 4, inFlight: 0, droppedByReason: { timeout: 4 } });
  });

  it('handles a link only the sender reported', () => {
    const totals = settleLinkEpoch({ sender: { transmitted: 3, dropped: { hwm: 1 } } });

    expect(totals).toEqual({ sent: 4, received: 0, dropped: 1, inFlight: 3, droppedByReason: { hwm: 1 } });
  });
});

describe('sumEdgeTotals', () => {
  it('adds counts and reasons', () => {
    const total = sumEdgeTotals([
      { sent: 4, received: 2, dropped: 1, inFlight: 1, droppedByReason: { hwm: 1 } },
      { sent: 6, received: 3, dropped: 3, inFlight: 0, droppedByReason: { hwm: 1, gap: 2 } },
    ]);

    expect(total).toEqual({ sent: 10, received: 5, dropped: 4, inFlight: 1, droppedByReason: { hwm: 2, gap: 2 } });
  });
});

describe('isConserved', () => {
  it('rejects totals that lose a frame', () => {
    expect(isConserved({ sent: 10, received: 5, dropped: 4, inFlight: 0 })).toBe(false);
  });
});
