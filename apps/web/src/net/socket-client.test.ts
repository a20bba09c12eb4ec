import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, MAX_RETRY_MS, parseServerMessage, reconnectDelay } from './socket-client.js';

describe('reconnectDelay', () => {
  it('doubles from the first delay', () => {
    const noJitter = () => 1;

    expect([1, 2, 3, 4].map((failures) => reconnectDelay(failures, noJitter))).toEqual([
      FIRST_RETRY_MS,
      FIRST_RETRY_MS * 2,
      FIRST_RETRY_MS * 4,
      FIRST_RETRY_MS * 8,
    ]);
  });

  it('stops growing at the maximum', () => {
    expect(reconnectDelay(40, () => 1)).toBe(MAX_RETRY_MS);
  });

  it('takes off at most a fifth as jitter', () => {
    expect(reconnectDelay(30, () => 0)).toBe(MAX_RETRY_MS * 0.8);
  });
});

describe('parseServerMessage', () => {
  it('accepts a known message type', () => {
    const result = parseServerMessage('{"type":"deployed","runId":"r1"}');

    expect(result).toEqual({ ok: true, message: { type: 'deployed', runId: 'r1' } });
  });

  it.each([
    ['not json', /^not JSON: /],
    ['[1,2]', /^expected a JSON object$/],
    ['{"type":"hello"}', /^unknown message type "hello"$/],
    ['{"runId":"r1"}', /^unknown message type undefined$/],
  ])('rejects %s', (text, reason) => {
    const result = parseServerMessage(text);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(reason);
  });
});
