import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LinkPlan, SocketPattern } from '../worker-protocol.js';
import { Faults } from './faults.js';
import type { Frame } from './frame.js';
import { InputLink } from './input-link.js';
import { OutputLink } from './output-link.js';

// Both ends of a link run in this process, over a real ZeroMQ ipc socket pair.

const logger = pino({ level: 'silent' });
let folder: string;
let links = 0;
let open: Array<{ close(): void }> = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'runtime-link-'));
});

afterEach(() => {
  for (const end of open) end.close();
  open = [];
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function plan(pattern: SocketPattern, options: Partial<LinkPlan> = {}): LinkPlan {
  links += 1;
  return {
    linkId: `link-${links}`,
    edgeId: `e${links}`,
    pattern,
    endpoint: `ipc://${folder}/${links}.ipc`,
    bind: 'target',
    realtime: false,
    hwm: 4,
    senderReplica: 0,
    receiverReplica: 0,
    ...options,
  };
}

/** Opens both ends of `link`, the binding end first, and waits for the sender's handshake or subscription. */
async function connect(link: LinkPlan): Promise<{ output: OutputLink; input: InputLink }> {
  const input = new InputLink(link, logger);
  const output = new OutputLink(link, 0, new Faults(), logger);
  open.push(output, input);
  if (link.bind === 'target') {
    await input.open();
    await output.open(5000);
  } else {
    const opened = output.open(5000);
    await input.open();
    await opened;
  }
  return { output, input };
}

function frame(frameNumber: number, payloadBytes = 64): Frame {
  return { sourceId: 'src', frameNumber, captureTime: Date.now(), payload: Buffer.alloc(payloadBytes), arrivedAt: 0 };
}

/** A node that keeps each frame waiting until `release` is called, then takes the rest at once. */
function gatedNode(): { deliver: (frame: Frame) => Promise<void>; delivered: number[]; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const delivered: number[] = [];
  const deliver = async (frame: Frame) => {
    delivered.push(frame.frameNumber);
    await gate;
  };
  return { deliver, delivered, release };
}

/** Sends frames without waiting until the link reports `full`, at most `limit` of them, and returns how many were sent. */
async function sendUntilFull(output: OutputLink, limit: number): Promise<number> {
  for (let index = 0; index < limit; index++) {
    const outcome = await output.send(frame(index), false);
    if (outcome === 'full') return index;
    expect(outcome).toBe('sent');
  }
  return limit;
}

describe('dealer-router credit', () => {
  it('keeps at most hwm frames unanswered', async () => {
    const { output, input } = await connect(plan('dealer-router', { hwm: 4 }));
    const node = gatedNode();
    const receiving = input.run(node.deliver);

    const sentWhileHeld = await sendUntilFull(output, 50);

    expect(sentWhileHeld).toBe(4);
    node.release();
    for (let index = 4; index < 24; index++) {
      expect(await output.send(frame(index), true)).toBe('sent');
    }
    expect(await output.end()).toBe(true);
    await receiving;
    expect(node.delivered).toEqual(Array.from({ length: 24 }, (_, index) => index));
    expect(output.counts).toEqual({ transmitted: 24, dropped: {} });
    expect(input.counts.get(0)).toMatchObject({ seen: 24, received: 24, gaps: 0, dropped: {} });
  });

  it('drops on a real-time link without credit', async () => {
    const { output } = await connect(plan('dealer-router', { hwm: 2, realtime: true }));

    // The receiving node never reads, so no credit comes back.
    const outcomes = [];
    for (let index = 0; index < 3; index++) outcomes.push(await output.send(frame(index), true));

    expect(outcomes).toEqual(['sent', 'sent', 'dropped']);
    expect(output.counts).toEqual({ transmitted: 2, dropped: { hwm: 1 } });
  });

  it('times out a capacity send without credit', async () => {
    const { output } = await connect(plan('dealer-router', { hwm: 1, timeoutMs: 100 }));

    const first = await output.send(frame(0), true);
    const second = await output.send(frame(1), true);

    expect([first, second]).toEqual(['sent', 'dropped']);
    expect(output.counts).toEqual({ transmitted: 1, dropped: { timeout: 1 } });
  });
});

describe('req-rep credit', () => {
  it('keeps one frame unanswered', async () => {
    const { output, input } = await connect(plan('req-rep', { hwm: 4 }));
    const node = gatedNode();
    const receiving = input.run(node.deliver);

    const sentWhileHeld = await sendUntilFull(output, 10);

    expect(sentWhileHeld).toBe(1);
    node.release();
    for (let index = 1; index < 10; index++) {
      expect(await output.send(frame(index), true)).toBe('sent');
    }
    expect(await output.end()).toBe(true);
    await receiving;
    expect(node.delivered).toHaveLength(10);
    expect(input.counts.get(0)).toMatchObject({ seen: 10, received: 10, gaps: 0 });
  });
});

describe('pub-sub capacity send', () => {
  it('waits for room, then drops with reason timeout', async () => {
    const { output } = await connect(plan('pub-sub', { hwm: 1, timeoutMs: 150, bind: 'source' }));

    // The subscriber never reads: the socket queues and kernel buffers fill, then a send waits.
    let outcome = 'sent';
    let sends = 0;
    let lastSendMs = 0;
    while (outcome === 'sent' && sends < 1000) {
      const started = performance.now();
      outcome = await output.send(frame(sends, 65_536), true);
      lastSendMs = performance.now() - started;
      sends += 1;
    }

    expect(outcome).toBe('dropped');
    expect(output.counts.dropped).toEqual({ timeout: 1 });
    expect(output.counts.transmitted).toBe(sends - 1);
    expect(lastSendMs).toBeGreaterThanOrEqual(140);
  });
});

describe('message parts', () => {
  // Header of source id 'src': 37 fixed bytes and 3 of id, so 88 payload bytes fill a 128-byte part.
  const sizes = [0, 1, 64, 88, 89, 200, 65_536];

  it.each(['dealer-router', 'pub-sub', 'req-rep'] as const)(
    'delivers every payload size intact over %s',
    async (pattern) => {
      const { output, input } = await connect(
        plan(pattern, { hwm: 16, bind: pattern === 'pub-sub' ? 'source' : 'target' }),
      );
      const payloads: Buffer[] = [];
      const receiving = input.run(async (received) => {
        payloads.push(received.payload);
      });

      for (const [index, size] of sizes.entries()) {
        const sent = frame(index, size);
        sent.payload.fill(index + 1);
        expect(await output.send(sent, true)).toBe('sent');
      }
      expect(await output.end()).toBe(true);
      await receiving;

      expect(payloads.map((payload) => payload.length)).toEqual(sizes);
      for (const [index, payload] of payloads.entries()) {
        expect(payload.every((byte) => byte === index + 1)).toBe(true);
      }
      expect(input.counts.get(0)).toMatchObject({ seen: sizes.length, received: sizes.length, gaps: 0 });
    },
  );
});
