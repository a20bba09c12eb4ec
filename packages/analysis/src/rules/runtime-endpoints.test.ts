import type { CircuitEdge } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import { circuit, edge, findingsOf, node } from '../fixtures.js';
import { applyQuickFix } from '../quick-fix.js';
import type { QuickFix } from '../types.js';

function linked(fields: Partial<CircuitEdge>, replicas = 1) {
  return circuit(
    [node('src', 'synthetic-source'), node('det', 'module', { replicas }), node('dst', 'null-sink')],
    [edge('e1', 'src', 'det', fields), edge('e2', 'det', 'dst')],
  );
}

/** A path of 108 bytes under /tmp, one more than a Unix socket path holds. */
const LONG_IPC = `ipc:///tmp/${'a'.repeat(99)}.ipc`;
/** A file of the same name directly under /tmp, short enough to be accepted. */
const LONG_NAME = `ipc:///tmp/cs/run-1/${'b'.repeat(90)}.ipc`;

describe('socket-mismatch on endpoints the runtime rejects', () => {
  it.each([
    ['tcp://0.0.0.0:5999', 'host 0.0.0.0 listens on every network interface', 'tcp://127.0.0.1:5999'],
    ['tcp://*:5999', 'host * listens on every network interface', 'tcp://127.0.0.1:5999'],
    ['tcp://[::]:5999', 'host [::] listens on every network interface', 'tcp://127.0.0.1:5999'],
    ['tcp://192.168.1.20:6000', 'host 192.168.1.20 is not a loopback address', 'tcp://127.0.0.1:6000'],
    ['tcp://camera.local:6000', 'host camera.local is not a loopback address', 'tcp://127.0.0.1:6000'],
    ['ipc:///var/run/x.ipc', '/var/run/x.ipc is not a file under /tmp/', 'ipc:///tmp/x.ipc'],
    ['ipc:///tmpfiles/x.ipc', '/tmpfiles/x.ipc is not a file under /tmp/', 'ipc:///tmp/x.ipc'],
    [LONG_IPC, 'its path is 108 bytes long', undefined],
    [LONG_NAME, 'its path is 108 bytes long', `ipc:///tmp/${'b'.repeat(90)}.ipc`],
  ])('rejects %s', (endpoint, reason, replacement) => {
    const findings = findingsOf(linked({ endpoint }), 'socket-mismatch');

    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.severity).toBe('error');
    expect(finding?.edges).toEqual(['e1']);
    expect(finding?.nodes).toEqual(['src', 'det']);
    expect(finding?.message).toContain(`Edge "e1" (src -> det) uses ${endpoint} as its endpoint, but ${reason}.`);
    expect(finding?.fix).toContain('or leave it empty so that the runtime allocates one');
    if (replacement === undefined) {
      expect(finding?.quickFix).toBeUndefined();
    } else {
      expect(finding?.fix).toContain(`Set the endpoint of edge "e1" (src -> det) to ${replacement}`);
      expect(finding?.quickFix).toEqual({ kind: 'set-edge', edge: 'e1', changes: { endpoint: replacement } });
    }
  });

  it.each([
    'tcp://127.0.0.1:5999',
    'tcp://127.8.9.10:5999',
    'tcp://localhost:5999',
    'tcp://[::1]:5999',
    'ipc:///tmp/cs/e1.ipc',
    'ipc:///tmp/./e1.ipc',
  ])('accepts %s', (endpoint) => {
    expect(findingsOf(linked({ endpoint }), 'socket-mismatch')).toEqual([]);
  });

  it('names the base ipc folder without a file', () => {
    const [finding] = findingsOf(linked({ endpoint: 'ipc:///tmp/' }), 'socket-mismatch');

    expect(finding?.message).toContain('/tmp/ is not a file under /tmp/');
    expect(finding?.fix).toContain('to a file under /tmp/');
    expect(finding?.quickFix).toBeUndefined();
  });

  it('rewrites both socket specs', () => {
    const input = linked({
      sourceSocket: 'dealer+connect:tcp://0.0.0.0:5999',
      targetSocket: 'router+bind:tcp://0.0.0.0:5999',
    });

    const [finding] = findingsOf(input, 'socket-mismatch');

    expect(finding?.message).toContain('uses tcp://0.0.0.0:5999 in sourceSocket and targetSocket');
    expect(finding?.fix).toContain('or remove sourceSocket and targetSocket so that the runtime allocates an endpoint');
    expect(finding?.quickFix).toEqual({
      kind: 'set-edge',
      edge: 'e1',
      changes: {
        sourceSocket: 'dealer+connect:tcp://127.0.0.1:5999',
        targetSocket: 'router+bind:tcp://127.0.0.1:5999',
      },
    });
  });

  it('leaves the endpoint of a broker edge to the broker warning', () => {
    const input = circuit(
      [node('src', 'synthetic-source'), node('q', 'redis-list-queue'), node('dst', 'null-sink')],
      [edge('e1', 'src', 'q', { endpoint: 'tcp://0.0.0.0:5999' }), edge('e2', 'q', 'dst')],
    );

    const findings = findingsOf(input, 'socket-mismatch');

    expect(findings.map((finding) => finding.severity)).toEqual(['warning']);
    expect(findings[0]?.message).toContain('ignores its ZeroMQ settings: endpoint');
  });
});

describe('socket-mismatch on a fixed endpoint with replicas', () => {
  it('rejects an endpoint into a replicated module', () => {
    const input = linked({ endpoint: 'ipc:///tmp/cs/e1.ipc' }, 3);

    const findings = findingsOf(input, 'socket-mismatch');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.message).toBe(
      'Edge "e1" (src -> det) sets ipc:///tmp/cs/e1.ipc as its endpoint, but Module "det" runs 3 replicas, so the ' +
        'edge needs 3 socket pairs, each on its own endpoint. The runtime rejects one fixed endpoint for them.',
    );
    expect(findings[0]?.quickFix).toEqual({ kind: 'set-edge', edge: 'e1', changes: { endpoint: null } });
  });

  it('keeps the pattern and bind side when it removes socket specs', () => {
    const input = linked(
      { sourceSocket: 'pub+bind:ipc:///tmp/cs/e1.ipc', targetSocket: 'sub+connect:ipc:///tmp/cs/e1.ipc' },
      2,
    );

    const quickFix = findingsOf(input, 'socket-mismatch')[0]?.quickFix;
    const fixed = applyQuickFix(input, quickFix as QuickFix);

    expect(quickFix).toEqual({
      kind: 'set-edge',
      edge: 'e1',
      changes: { sourceSocket: null, targetSocket: null, pattern: 'pub-sub', bind: 'source' },
    });
    expect(fixed.edges[0]).toEqual({ id: 'e1', source: 'src', target: 'det', pattern: 'pub-sub', bind: 'source' });
  });

  it('accepts an endpoint between single processes', () => {
    expect(findingsOf(linked({ endpoint: 'ipc:///tmp/cs/e1.ipc' }, 1), 'socket-mismatch')).toEqual([]);
  });

  it('accepts a replicated module without a fixed endpoint', () => {
    expect(findingsOf(linked({ pattern: 'dealer-router' }, 4), 'socket-mismatch')).toEqual([]);
  });
});
