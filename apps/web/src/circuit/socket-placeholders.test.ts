import { resolveLink } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import { updateEdgeFields } from './edits.js';
import { exampleCircuit } from './example.js';
import { socketPlaceholders } from './socket-placeholders.js';

describe('socketPlaceholders', () => {
  it('writes out the default dealer-router link', () => {
    expect(socketPlaceholders({ pattern: 'dealer-router', bind: 'target' })).toEqual({
      sourceSocket: 'dealer+connect:ipc:///tmp/in.ipc',
      targetSocket: 'router+bind:ipc:///tmp/in.ipc',
    });
  });

  it('follows the pattern, binding side and endpoint of the edge', () => {
    const circuit = updateEdgeFields(exampleCircuit(), 'e1', {
      pattern: 'pub-sub',
      endpoint: 'tcp://127.0.0.1:5600',
    });
    const edge = circuit.edges[0];
    if (!edge) throw new Error('the example circuit has no edge e1');

    expect(socketPlaceholders(resolveLink(circuit, edge))).toEqual({
      sourceSocket: 'pub+bind:tcp://127.0.0.1:5600',
      targetSocket: 'sub+connect:tcp://127.0.0.1:5600',
    });
  });

  it('completes the spec typed on the other side', () => {
    const circuit = updateEdgeFields(exampleCircuit(), 'e1', { sourceSocket: 'req+bind:ipc:///tmp/cs/a.ipc' });
    const edge = circuit.edges[0];
    if (!edge) throw new Error('the example circuit has no edge e1');

    expect(socketPlaceholders(resolveLink(circuit, edge)).targetSocket).toBe('rep+connect:ipc:///tmp/cs/a.ipc');
  });

  it('says that a broker link has no sockets', () => {
    const placeholders = socketPlaceholders({ pattern: 'broker', bind: 'target' });

    expect(placeholders.sourceSocket).toMatch(/^not used/);
    expect(placeholders.targetSocket).toMatch(/^not used/);
  });
});
