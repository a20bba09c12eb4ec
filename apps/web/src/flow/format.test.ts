import { describe, expect, it } from 'vitest';
import { countOf, describeSelection } from './format.js';

describe('countOf', () => {
  it('uses the singular for one', () => {
    expect(countOf(1, 'link')).toBe('1 link');
    expect(countOf(0, 'link')).toBe('0 links');
    expect(countOf(2, 'link')).toBe('2 links');
  });
});

describe('describeSelection', () => {
  it('joins nodes and links with their plurals', () => {
    expect(describeSelection(2, 1)).toBe('2 nodes and 1 link selected');
    expect(describeSelection(1, 2)).toBe('1 node and 2 links selected');
  });

  it('leaves out a kind with nothing selected', () => {
    expect(describeSelection(3, 0)).toBe('3 nodes selected');
    expect(describeSelection(0, 2)).toBe('2 links selected');
    expect(describeSelection(0, 0)).toBe('Nothing selected');
  });
});
