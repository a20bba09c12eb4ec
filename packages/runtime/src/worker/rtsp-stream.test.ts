import { describe, expect, it } from 'vitest';
import { hidePassword, rtspArguments } from './rtsp-stream.js';

describe('hidePassword', () => {
  it.each([
    ['rtsp://admin:secret@10.0.0.5:554/stream1', 'rtsp://admin:***@10.0.0.5:554/stream1'],
    ['rtsp://admin@10.0.0.5/stream1', 'rtsp://admin@10.0.0.5/stream1'],
    ['rtsp://127.0.0.1:8554/camera', 'rtsp://127.0.0.1:8554/camera'],
    ['rtsp://admin:secret@10.0.0.5:99999/stream1', 'rtsp://***@10.0.0.5:99999/stream1'],
    ['rtsp://admin:se/cret@10.0.0.5/stream1', 'rtsp://***@10.0.0.5/stream1'],
    ['rtsp://admin:secret@[::1/stream1', 'rtsp://***@[::1/stream1'],
  ])('shows %s as %s', (url, shown) => {
    expect(hidePassword(url)).toBe(shown);
  });
});

describe('rtspArguments', () => {
  const settings = {
    url: 'rtsp://127.0.0.1:8554/camera?x=1 -y',
    shownUrl: 'rtsp://127.0.0.1:8554/camera?x=1 -y',
    transport: 'udp' as const,
    timeoutMs: 1500,
    maxGapMs: 1500,
  };

  it('passes the URL as one argument after -i', () => {
    const args = rtspArguments(settings);

    expect(args.filter((arg) => arg === '-i')).toHaveLength(1);
    expect(args[args.indexOf('-i') + 1]).toBe(settings.url);
  });

  it('restricts protocols and sets the socket timeout in microseconds', () => {
    const args = rtspArguments(settings);

    expect(args[args.indexOf('-protocol_whitelist') + 1]).toBe('rtsp,rtp,udp,tcp');
    expect(args[args.indexOf('-timeout') + 1]).toBe('1500000');
    expect(args[args.indexOf('-rtsp_transport') + 1]).toBe('udp');
    expect(args.indexOf('-protocol_whitelist')).toBeLessThan(args.indexOf('-i'));
    expect(args.indexOf('-timeout')).toBeLessThan(args.indexOf('-i'));
  });
});
