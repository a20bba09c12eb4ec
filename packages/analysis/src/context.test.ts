import { resolveLink } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import { buildContext } from './context.js';
import { circuit, edge, node } from './fixtures.js';

describe('buildContext links', () => {
  it('resolves every edge as the model does', () => {
    const input = circuit(
      [node('a', 'module'), node('b', 'module'), node('q', 'redis-list-queue')],
      [
        edge('plain', 'a', 'b'),
        edge('pub', 'a', 'b', { pattern: 'pub-sub' }),
        edge('req', 'a', 'b', { pattern: 'req-rep', bind: 'source', endpoint: 'tcp://127.0.0.1:5555' }),
        edge('broker-pattern', 'a', 'b', { pattern: 'broker' }),
        edge('specs', 'a', 'b', {
          sourceSocket: 'pub+connect:ipc:///tmp/x.ipc',
          targetSocket: 'sub+bind:ipc:///tmp/x.ipc',
        }),
        edge('one-spec', 'a', 'b', { targetSocket: 'rep+connect:ipc:///tmp/y.ipc' }),
        edge('into-queue', 'a', 'q', { pattern: 'pub-sub' }),
      ],
    );

    const context = buildContext(input);

    for (const item of input.edges) {
      expect(context.links.get(item.id), item.id).toEqual(resolveLink(input, item));
    }
  });
});
