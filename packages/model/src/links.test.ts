import { describe, expect, it } from 'vitest';
import type { Circuit, CircuitEdge } from './circuit.js';
import { resolveLink } from './links.js';
import { checkEndpoint, parseSocketSpec } from './socket-spec.js';

function circuitWith(edge: CircuitEdge, targetType = 'module'): Circuit {
  return {
    version: 1,
    name: 'link',
    nodes: [
      { id: 'a', type: 'synthetic-source', position: { x: 0, y: 0 }, config: {} },
      { id: 'b', type: targetType, position: { x: 0, y: 0 }, config: {} },
    ],
    edges: [edge],
  };
}

describe('parseSocketSpec', () => {
  it('parses a Savant socket spec', () => {
    const result = parseSocketSpec('sub+bind:ipc:///tmp/zmq-sockets/input-video.ipc');

    expect(result).toEqual({
      ok: true,
      spec: { type: 'sub', mode: 'bind', endpoint: 'ipc:///tmp/zmq-sockets/input-video.ipc' },
    });
  });

  it('rejects an unknown socket type', () => {
    const result = parseSocketSpec('push+bind:tcp://127.0.0.1:5000');

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('"push"');
  });

  it('rejects text without a mode', () => {
    expect(parseSocketSpec('pub:tcp://127.0.0.1:5000').ok).toBe(false);
  });
});

describe('checkEndpoint', () => {
  it.each([
    ['ipc:///tmp/cs/e1.ipc', true],
    ['tcp://127.0.0.1:5555', true],
    ['tcp://[::1]:5555', true],
    ['tcp://127.0.0.1:70000', false],
    ['ipc://relative.ipc', false],
    ['http://127.0.0.1:80', false],
  ])('%s usable: %s', (endpoint, usable) => {
    expect(checkEndpoint(endpoint) === undefined).toBe(usable);
  });
});

describe('resolveLink', () => {
  it('defaults to dealer-router bound by the receiver', () => {
    const circuit = circuitWith({ id: 'e', source: 'a', target: 'b' });

    expect(resolveLink(circuit, circuit.edges[0] as CircuitEdge)).toEqual({ pattern: 'dealer-router', bind: 'target' });
  });

  it('binds the publisher of a pub-sub edge by default', () => {
    const circuit = circuitWith({ id: 'e', source: 'a', target: 'b', pattern: 'pub-sub' });

    expect(resolveLink(circuit, circuit.edges[0] as CircuitEdge).bind).toBe('source');
  });

  it('takes pattern and bind from paired socket specs', () => {
    const circuit = circuitWith({
      id: 'e',
      source: 'a',
      target: 'b',
      pattern: 'dealer-router',
      sourceSocket: 'pub+connect:ipc:///tmp/zmq-sockets/in.ipc',
      targetSocket: 'sub+bind:ipc:///tmp/zmq-sockets/in.ipc',
    });

    expect(resolveLink(circuit, circuit.edges[0] as CircuitEdge)).toEqual({
      pattern: 'pub-sub',
      bind: 'target',
      endpoint: 'ipc:///tmp/zmq-sockets/in.ipc',
    });
  });

  it('uses the broker client for a broker node', () => {
    const circuit = circuitWith({ id: 'e', source: 'a', target: 'b' }, 'redis-list-queue');

    expect(resolveLink(circuit, circuit.edges[0] as CircuitEdge).pattern).toBe('broker');
  });
});
