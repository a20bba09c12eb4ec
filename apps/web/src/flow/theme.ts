import type { NodeState } from '@circuit-studio/model';
import type { PathClass } from '../analysis/useAnalysis.js';

// Colours used both in CSS and in SVG attributes (edge strokes and arrow markers), so they live in
// code. styles.css repeats them as custom properties for the legend and the panels.

export const CLASS_COLORS: Record<PathClass, string> = {
  realtime: '#f59e0b',
  capacity: '#38bdf8',
};

export const CLASS_LABELS: Record<PathClass, string> = {
  realtime: 'Real-time',
  capacity: 'Capacity',
};

export const STATE_COLORS: Record<NodeState, string> = {
  starting: '#eab308',
  running: '#22c55e',
  restarting: '#f97316',
  stopping: '#a1a1aa',
  stopped: '#71717a',
  completed: '#3b82f6',
  failed: '#ef4444',
};

export const PROBLEM_COLORS = {
  error: '#ef4444',
  warning: '#eab308',
} as const;
