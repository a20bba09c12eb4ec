import { describe, expect, it } from 'vitest';
import { buildContext } from './context.js';
import { formatNumber, formatSeconds, listNames, nodeNames, realtimePathName } from './describe.js';
import { circuit, edge, node } from './fixtures.js';

describe('formatting helpers', () => {
  it('rounds numbers to one decimal', () => {
    expect(formatNumber(33.333)).toBe('33.3');
    expect(formatNumber(20)).toBe('20');
    expect(formatNumber(19.96)).toBe('20');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('unlimited');
  });

  it('switches seconds to minutes and hours', () => {
    expect(formatSeconds(90)).toBe('90 s');
    expect(formatSeconds(600)).toBe('10 min');
    expect(formatSeconds(36_000)).toBe('10 h');
  });

  it('joins names in a sentence', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['a'])).toBe('a');
    expect(listNames(['a', 'b'])).toBe('a and b');
    expect(listNames(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('naming live paths', () => {
  const cameras = ['c1', 'c2', 'c3', 'c4', 'c5'];
  const context = buildContext(
    circuit(
      [
        ...cameras.map((id) => node(id, 'rtsp-source')),
        node('m', 'module'),
        node('out', 'rtsp-sink'),
        node('file', 'file-source'),
        node('n', 'null-sink'),
      ],
      [
        ...cameras.map((id) => edge(`e-${id}`, id, 'm', { pattern: 'pub-sub' })),
        edge('e1', 'm', 'out'),
        edge('e2', 'file', 'n'),
      ],
    ),
  );

  it('names three sources and mentions the others', () => {
    expect(nodeNames(context, ['c1', 'c2'])).toBe('RTSP source "c1" and RTSP source "c2"');
    expect(realtimePathName(context, 'm')).toBe(
      'the real-time path of RTSP source "c1", RTSP source "c2", RTSP source "c3" and others',
    );
  });

  it('names a live source itself and a path by its sink', () => {
    expect(realtimePathName(context, 'c1')).toBe('its own real-time path');
    expect(realtimePathName(context, 'out')).toContain('RTSP source "c1"');
    expect(context.liveTargets.get('m')).toEqual(['out']);
    expect(context.liveOrigins.has('n')).toBe(false);
  });

  it('names a live sink fed by a file as its own path', () => {
    const fileToScreen = buildContext(
      circuit([node('file', 'file-source'), node('screen', 'rtsp-sink')], [edge('e1', 'file', 'screen')]),
    );

    expect(realtimePathName(fileToScreen, 'screen')).toBe('its own real-time path');
    expect(realtimePathName(fileToScreen, 'file')).toBe('the real-time path to RTSP sink "screen"');
  });
});
