import type { AnalysisContext } from './context.js';

/** Names a node for a message by its catalog label and id, for example `Module "detector"`. */
export function nodeName(context: AnalysisContext, id: string): string {
  const label = context.info.get(id)?.spec?.label ?? 'Node';
  return `${label} "${id}"`;
}

/** Names an edge for a message by its id and ends, for example `edge "e1" (camera -> detector)`. */
export function edgeName(context: AnalysisContext, id: string): string {
  const edge = context.graph.edges.get(id);
  return edge ? `edge "${id}" (${edge.source} -> ${edge.target})` : `edge "${id}"`;
}

/** Returns the text with its first letter in upper case, for a name that starts a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Formats a number with at most one decimal, dropping a trailing `.0`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'unlimited' : '-unlimited';
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

export function formatFps(value: number): string {
  return Number.isFinite(value) ? `${formatNumber(value)} fps` : 'an unlimited rate';
}

export function formatMs(value: number): string {
  return `${formatNumber(value)} ms`;
}

/** Formats a duration in seconds, switching to minutes and hours where they read better. */
export function formatSeconds(value: number): string {
  if (value < 120) return `${formatNumber(value)} s`;
  if (value < 7200) return `${formatNumber(value / 60)} min`;
  return `${formatNumber(value / 3600)} h`;
}

/** Joins names as `a`, `a and b`, or `a, b and c`. */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Names up to three nodes and adds `others` when there are more. */
export function nodeNames(context: AnalysisContext, ids: readonly string[]): string {
  const named = ids.slice(0, 3).map((id) => nodeName(context, id));
  if (ids.length > named.length) named.push('others');
  return listNames(named);
}

/** Names the live sources whose stall reaches this node. */
export function liveSourceNames(context: AnalysisContext, nodeId: string): string {
  return nodeNames(context, context.liveOrigins.get(nodeId) ?? []);
}

/** Names the real-time path a node lies on, by its live sources, or else by the live sinks it feeds. */
export function realtimePathName(context: AnalysisContext, nodeId: string): string {
  const origins = context.liveOrigins.get(nodeId) ?? [];
  const sources = origins.filter((id) => id !== nodeId);
  if (sources.length > 0) return `the real-time path of ${nodeNames(context, sources)}`;
  if (origins.length > 0) return 'its own real-time path';
  const targets = context.liveTargets.get(nodeId) ?? [];
  const sinks = targets.filter((id) => id !== nodeId);
  if (sinks.length > 0) return `the real-time path to ${nodeNames(context, sinks)}`;
  if (targets.length > 0) return 'its own real-time path';
  return 'a real-time path';
}
