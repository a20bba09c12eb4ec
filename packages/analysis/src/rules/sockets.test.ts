import { describe, expect, it } from 'vitest';
import { circuit, edge, findingsOf, node } from '../fixtures.js';

const IN = 'ipc:///tmp/zmq-sockets/input-video.ipc';

function linked(fields: Parameters<typeof edge>[3]) {
  return circuit([node('src', 'file-source'), node('dst', 'null-sink')], [edge('e1', 'src', 'dst', fields)]);
}

function twoLinks(first: Parameters<typeof edge>[3], second: Parameters<typeof edge>[3]) {
  return circuit(
    [
      node('a', 'file-source'),
      node('b', 'file-source'),
      node('m', 'module'),
      node('n', 'null-sink'),
      node('k', 'null-sink'),
    ],
    [edge('e1', 'a', 'm', first), edge('e2', 'b', 'k', second), edge('e3', 'm', 'n')],
  );
}

describe('socket-mismatch on one edge', () => {
  it('accepts a Savant-style pair', () => {
    const input = linked({ sourceSocket: `dealer+connect:${IN}`, targetSocket: `router+bind:${IN}` });

    expect(findingsOf(input, 'socket-mismatch')).toEqual([]);
  });

  it('rejects a receiving type on the sending side', () => {
    const [finding] = findingsOf(linked({ sourceSocket: `sub+bind:${IN}` }), 'socket-mismatch');

    expect(finding?.severity).toBe('error');
    expect(finding?.edges).toEqual(['e1']);
    expect(finding?.message).toContain('opens a sub socket on the sending side, which expects pub, dealer, req');
  });

  it('rejects types that do not pair', () => {
    const findings = findingsOf(
      linked({ sourceSocket: `pub+bind:${IN}`, targetSocket: `router+connect:${IN}` }),
      'socket-mismatch',
    );

    expect(findings.map((finding) => finding.message)).toEqual([
      'Edge "e1" (src -> dst) pairs a pub sender with a router receiver, which do not talk to each other; no frame crosses this link.',
    ]);
  });

  it('rejects two binding sides', () => {
    const [finding] = findingsOf(
      linked({ sourceSocket: `pub+bind:${IN}`, targetSocket: `sub+bind:${IN}` }),
      'socket-mismatch',
    );

    expect(finding?.message).toContain('Both sides bind');
  });

  it('rejects two connecting sides', () => {
    const [finding] = findingsOf(
      linked({ sourceSocket: `pub+connect:${IN}`, targetSocket: `sub+connect:${IN}` }),
      'socket-mismatch',
    );

    expect(finding?.message).toContain('Both sides connect');
  });

  it('rejects different endpoints', () => {
    const [finding] = findingsOf(
      linked({ sourceSocket: `pub+bind:${IN}`, targetSocket: 'sub+connect:ipc:///tmp/other.ipc' }),
      'socket-mismatch',
    );

    expect(finding?.message).toContain('name different endpoints');
  });

  it('rejects a spec that does not parse', () => {
    const [finding] = findingsOf(linked({ sourceSocket: 'pub:ipc:///tmp/a.ipc' }), 'socket-mismatch');

    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain(
      'sourceSocket of edge "e1" (src -> dst) is invalid: expected TYPE+MODE:ENDPOINT',
    );
  });

  it('rejects a bad endpoint', () => {
    const [finding] = findingsOf(linked({ endpoint: 'udp://127.0.0.1:9' }), 'socket-mismatch');

    expect(finding?.message).toContain('The endpoint of edge "e1" (src -> dst) is invalid');
  });

  it('warns when the pattern contradicts the specs', () => {
    const [finding] = findingsOf(
      linked({ pattern: 'pub-sub', sourceSocket: `dealer+connect:${IN}`, targetSocket: `router+bind:${IN}` }),
      'socket-mismatch',
    );

    expect(finding?.severity).toBe('warning');
    expect(finding?.quickFix).toEqual({ kind: 'set-edge', edge: 'e1', changes: { pattern: 'dealer-router' } });
  });

  it('warns about ZeroMQ settings on a broker edge', () => {
    const input = circuit(
      [node('src', 'file-source'), node('q', 'redis-list-queue')],
      [edge('e1', 'src', 'q', { pattern: 'pub-sub', endpoint: IN })],
    );

    const [finding] = findingsOf(input, 'socket-mismatch');

    expect(finding?.message).toContain('ignores its ZeroMQ settings: pattern and endpoint');
    expect(finding?.quickFix).toEqual({ kind: 'set-edge', edge: 'e1', changes: { pattern: 'broker', endpoint: null } });
  });

  it('warns about the broker pattern between plain nodes', () => {
    const [finding] = findingsOf(linked({ pattern: 'broker' }), 'socket-mismatch');

    expect(finding?.message).toContain('runs as dealer-router');
  });
});

describe('socket-mismatch on shared endpoints', () => {
  it('rejects an endpoint bound by two nodes', () => {
    const input = twoLinks({ endpoint: IN }, { endpoint: IN });

    const findings = findingsOf(input, 'socket-mismatch');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.nodes).toEqual(['m', 'k']);
    expect(findings[0]?.edges).toEqual(['e1', 'e2']);
    expect(findings[0]?.message).toContain(`Endpoint ${IN} is bound by 2 sockets`);
  });

  it('accepts several connects to one bind', () => {
    const input = circuit(
      [node('a', 'file-source'), node('b', 'file-source'), node('m', 'module'), node('n', 'null-sink')],
      [edge('e1', 'a', 'm', { endpoint: IN }), edge('e2', 'b', 'm', { endpoint: IN }), edge('e3', 'm', 'n')],
    );

    expect(findingsOf(input, 'socket-mismatch')).toEqual([]);
  });

  it('accepts one publisher bound for several subscribers', () => {
    const input = circuit(
      [node('cam', 'rtsp-source', { timeoutMs: 100 }), node('a', 'null-sink'), node('b', 'null-sink')],
      [
        edge('e1', 'cam', 'a', { pattern: 'pub-sub', endpoint: IN }),
        edge('e2', 'cam', 'b', { pattern: 'pub-sub', endpoint: IN }),
      ],
    );

    expect(findingsOf(input, 'socket-mismatch')).toEqual([]);
  });

  it('rejects two socket types bound by one node', () => {
    const input = circuit(
      [node('a', 'file-source'), node('b', 'file-source'), node('m', 'module'), node('n', 'null-sink')],
      [
        edge('e1', 'a', 'm', { endpoint: IN }),
        edge('e2', 'b', 'm', { endpoint: IN, pattern: 'pub-sub', bind: 'target' }),
        edge('e3', 'm', 'n'),
      ],
    );

    const [finding] = findingsOf(input, 'socket-mismatch');

    expect(finding?.message).toContain('Module "m" (router, edge "e1") and Module "m" (sub, edge "e2")');
  });

  it('treats a tcp wildcard as clashing with any host on the port', () => {
    const clash = twoLinks({ endpoint: 'tcp://*:5555' }, { endpoint: 'tcp://127.0.0.1:5555' });
    const apart = twoLinks({ endpoint: 'tcp://127.0.0.1:5555' }, { endpoint: 'tcp://127.0.0.1:5556' });

    const messages = findingsOf(clash, 'socket-mismatch').map((finding) => finding.message);

    expect(messages.filter((message) => message.includes('Port 5555 is bound by 2 sockets'))).toHaveLength(1);
    expect(findingsOf(apart, 'socket-mismatch')).toEqual([]);
  });
});
