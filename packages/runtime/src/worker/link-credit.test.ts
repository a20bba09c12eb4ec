import { describe, expect, it } from 'vitest';
import { CreditLedger, creditBatch, decodeCreditGrant, encodeCreditGrant } from './link-credit.js';

describe('creditBatch', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 1],
    [4, 2],
    [1000, 500],
  ])('gives hwm %i batches of %i', (hwm, batch) => {
    expect(creditBatch(hwm)).toBe(batch);
  });
});

describe('credit grant', () => {
  it('round-trips a count', () => {
    expect(decodeCreditGrant(encodeCreditGrant(500))).toBe(500);
  });

  it('rejects a part of the wrong size', () => {
    expect(decodeCreditGrant(Buffer.from([1]))).toMatch(/1 bytes long; expected 4/);
    expect(decodeCreditGrant(undefined)).toMatch(/0 bytes long/);
  });
});

describe('CreditLedger', () => {
  const peerA = Buffer.from([0, 1, 0, 0, 0]);
  const peerB = Buffer.from([0, 2, 0, 0, 0]);

  it('grants once a batch was taken', () => {
    const ledger = new CreditLedger(3);

    const grants = [1, 2, 3, 4, 5, 6].map(() => ledger.taken(peerA));

    expect(grants).toEqual([0, 0, 3, 0, 0, 3]);
  });

  it('counts each peer apart', () => {
    const ledger = new CreditLedger(2);

    const grants = [peerA, peerB, peerA, peerB, peerB].map((peer) => ledger.taken(peer));

    expect(grants).toEqual([0, 0, 2, 2, 0]);
  });

  it('matches a peer by its bytes', () => {
    const ledger = new CreditLedger(2);

    ledger.taken(Buffer.from(peerA));

    expect(ledger.taken(Buffer.from(peerA))).toBe(2);
  });
});
