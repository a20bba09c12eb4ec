import { type CircuitNode, getNodeType, resolveConfig } from '@circuit-studio/model';

/** Formats a rate in frames per second with one decimal, or a dash when unknown. */
export function formatFps(fps: number | undefined): string {
  if (fps === undefined || !Number.isFinite(fps)) return '–';
  return fps >= 100 ? fps.toFixed(0) : fps.toFixed(1);
}

/** Formats a frame count as plain digits, so that the exact total can be read and copied. */
export function formatCount(count: number | undefined): string {
  if (count === undefined || !Number.isFinite(count)) return '–';
  return String(Math.round(count));
}

/** Formats a count with the singular or plural form of its noun, such as `1 link` or `2 links`. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * Describes a selection of several elements, such as `2 nodes and 1 link selected`. A kind with
 * nothing selected is left out. The canvas calls edges links, as the inspector does.
 */
export function describeSelection(nodeCount: number, edgeCount: number): string {
  const parts = [];
  if (nodeCount > 0) parts.push(countOf(nodeCount, 'node'));
  if (edgeCount > 0) parts.push(countOf(edgeCount, 'link'));
  if (parts.length === 0) return 'Nothing selected';
  return `${parts.join(' and ')} selected`;
}

/** Returns the label a node shows: its own `label` field, or else its id. */
export function nodeTitle(node: CircuitNode): string {
  return typeof node.label === 'string' && node.label !== '' ? node.label : node.id;
}

/**
 * Returns a short line of the config values that matter most for the node's type, such as
 * `30 fps · 640×480` or `10 ms ± 2 · ×2`.
 */
export function configSummary(node: CircuitNode): string {
  const spec = getNodeType(node.type);
  if (!spec) return `unknown type ${node.type}`;
  const config = resolveConfig(node);
  switch (spec.type) {
    case 'synthetic-source':
      return `${config.fps} fps · ${config.width}×${config.height}${config.live ? ' · live' : ''}`;
    case 'file-source':
      return `${config.path}${Number(config.fps) > 0 ? ` · ${config.fps} fps` : ''}`;
    case 'rtsp-source':
    case 'rtsp-sink':
      return String(config.url);
    case 'module': {
      const jitter = Number(config.jitterMs) > 0 ? ` ± ${config.jitterMs}` : '';
      const replicas = Number(config.replicas) > 1 ? ` · ×${config.replicas}` : '';
      return `${config.processingMs} ms${jitter}${replicas}`;
    }
    case 'memory-buffer':
      return `${config.capacity} frames · ${config.overflow}`;
    case 'graphite-sink':
      return `${config.host}:${config.port} · ${config.protocol}`;
    case 'file-sink':
      return String(config.path);
    case 'null-sink':
      return 'discards frames';
    case 'kafka-queue':
    case 'mqtt-queue':
      return `topic ${config.topic}`;
    case 'redis-list-queue':
    case 'redis-sink':
      return `key ${config.key}`;
    case 'rabbitmq-queue':
      return `queue ${config.queue}`;
    case 'nats-queue':
      return `subject ${config.subject}${config.jetstream ? ' · JetStream' : ''}`;
    case 'mongodb-sink':
      return `collection ${config.collection}`;
    case 'postgres-sink':
      return `table ${config.table}`;
    case 'http-sink':
      return String(config.url);
    default: {
      const unhandled: never = spec.type;
      return String(unhandled);
    }
  }
}
