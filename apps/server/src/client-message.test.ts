import { describe, expect, it } from 'vitest';

import { parseClientMessage } from './client-message.js';

describe('parseClientMessage', () => {
  it.each([
    ['{"type":"stop","runId":"r1"}', { type: 'stop', runId: 'r1' }],
    ['{"type":"subscribe","runId":"r1"}', { type: 'subscribe', runId: 'r1' }],
    ['{"type":"deploy","circuit":{"any":1},"force":true}', { type: 'deploy', circuit: { any: 1 }, force: true }],
    ['{"type":"deploy","circuit":{},"force":false}', { type: 'deploy', circuit: {} }],
    [
      '{"type":"inject","runId":"r1","node":"m","fault":"latency","value":50,"durationMs":1000}',
      { type: 'inject', runId: 'r1', node: 'm', fault: 'latency', value: 50, durationMs: 1000 },
    ],
    [
      '{"type":"inject","runId":"r1","edge":"e1","fault":"cut"}',
      { type: 'inject', runId: 'r1', edge: 'e1', fault: 'cut' },
    ],
    ['{"type":"clear","runId":"r1"}', { type: 'clear', runId: 'r1' }],
    ['{"type":"clear","runId":"r1","node":"m"}', { type: 'clear', runId: 'r1', node: 'm' }],
  ])('accepts %s', (text, expected) => {
    expect(parseClientMessage(text)).toEqual({ ok: true, message: expected });
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['[1]', 'expected a JSON object with a "type" field, found an array of 1'],
    ['{"runId":"r1"}', 'unknown message type nothing'],
    [
      '{"type":"launch"}',
      'unknown message type "launch"; "type" must be one of deploy, stop, subscribe, inject, clear',
    ],
    ['{"type":"stop"}', '"stop" needs "runId" as a non-empty string, found nothing'],
    ['{"type":"subscribe","runId":7}', '"subscribe" needs "runId" as a non-empty string, found 7'],
    ['{"type":"deploy"}', '"deploy" needs "circuit"'],
    ['{"type":"deploy","circuit":{},"force":"yes"}', '"deploy" takes "force" as true or false, found "yes"'],
    ['{"type":"inject","runId":"r1","node":"m","fault":"melt"}', 'needs "fault" as one of latency, stall, fail'],
    ['{"type":"inject","runId":"r1","node":"m","fault":"cut"}', 'fault "cut" needs "edge"'],
    ['{"type":"inject","runId":"r1","fault":"stall"}', 'fault "stall" needs "node" or "edge"'],
    ['{"type":"inject","runId":"r1","node":"m","fault":"fail","value":2}', '"value" as a number from 0 to 1'],
    ['{"type":"inject","runId":"r1","node":"m","fault":"stall","durationMs":0}', '"durationMs" as a number from 1'],
    ['{"type":"clear","runId":"r1","edge":""}', '"clear" takes "edge" as a non-empty string id'],
  ])('rejects %s', (text, expected) => {
    const parsed = parseClientMessage(text);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(expected);
  });
});
