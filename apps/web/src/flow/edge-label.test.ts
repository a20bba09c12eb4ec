import { describe, expect, it } from 'vitest';
import { edgeLabelTitle, predictionText } from './edge-label.js';

describe('predictionText', () => {
  it('shows the rate and any drop share', () => {
    expect(predictionText({ predictedFps: 30 })).toBe('≈30.0 fps');
    expect(predictionText({ predictedFps: 30, predictedDropPercent: 12.4 })).toBe('≈30.0 fps · 12% drop');
    expect(predictionText({})).toBeUndefined();
  });
});

describe('edgeLabelTitle', () => {
  it('names the link before a run', () => {
    const title = edgeLabelTitle('e1', { pattern: 'pub-sub', pathClass: 'realtime', predictedFps: 25 }, undefined);

    expect(title.split('\n')).toEqual(['Real-time link e1 · pub-sub', 'Predicted by the analysis: ≈25.0 fps']);
  });

  it('lists what the label leaves out during a run', () => {
    const live = {
      fps: 29.5,
      metrics: { sent: 120, received: 100, dropped: 15, inFlight: 5, droppedByReason: { hwm: 10, gap: 5 } },
    };

    const lines = edgeLabelTitle('e2', { pattern: 'pub-sub', predictedFps: 30, changed: true }, live).split('\n');

    expect(lines[0]).toBe('Capacity link e2 · pub-sub');
    expect(lines[1]).toBe('Measured: 29.5 fps · 120 sent · 100 received');
    expect(lines[2]).toBe('15 dropped (hwm 10, gap 5) · 5 in flight');
    expect(lines[3]).toBe('Predicted by the analysis: ≈30.0 fps');
    expect(lines[4]).toMatch(/^Changed since deploy/);
  });
});
