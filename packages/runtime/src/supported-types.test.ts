import { listNodeTypes } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_NODE_TYPES } from './worker-protocol.js';

describe('supported node types', () => {
  it('match the runnable catalog entries', () => {
    const runnable = listNodeTypes()
      .filter((spec) => spec.runnable)
      .map((spec) => spec.type);

    expect([...SUPPORTED_NODE_TYPES].sort()).toEqual([...runnable].sort());
  });
});
