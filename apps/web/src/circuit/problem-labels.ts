import { type Circuit, getNodeType } from '@circuit-studio/model';

/** Labels of the edge fields, as the link inspector names them. */
export const EDGE_FIELD_LABELS = {
  id: 'Id',
  source: 'Source',
  target: 'Target',
  pattern: 'Pattern',
  bind: 'Binding side',
  endpoint: 'Endpoint',
  hwm: 'High-water mark',
  timeoutMs: 'Timeout',
  sourceSocket: 'Sender socket',
  targetSocket: 'Receiver socket',
} as const;

function edgeFieldLabel(field: string): string {
  const labels: Readonly<Record<string, string>> = EDGE_FIELD_LABELS;
  return labels[field] ?? field;
}

const NODE_FIELD_LABELS: Readonly<Record<string, string>> = {
  id: 'Id',
  type: 'Type',
  label: 'Label',
  position: 'Position',
  config: 'Config',
};

const DOCUMENT_FIELD_LABELS: Readonly<Record<string, string>> = {
  version: 'Schema version',
  name: 'Name',
  nodes: 'Nodes',
  edges: 'Links',
};

/** `nodes[2]`, `edges[0].hwm` or `nodes[1].config.fps`, with any deeper path after it ignored. */
const ELEMENT_PATH = /^(nodes|edges)\[(\d+)\](?:\.(\w+)(?:\.(\w+))?)?/;

function elementName(kind: 'nodes' | 'edges', index: number, id: unknown): string {
  if (typeof id === 'string' && id !== '') return id;
  return `${kind === 'nodes' ? 'node' : 'link'} ${index + 1}`;
}

function nodeFieldLabel(circuit: Circuit, index: number, field: string, configKey: string | undefined): string {
  if (field !== 'config' || configKey === undefined) return NODE_FIELD_LABELS[field] ?? field;
  const type = circuit.nodes[index]?.type;
  const spec = typeof type === 'string' ? getNodeType(type) : undefined;
  return spec?.config[configKey]?.label ?? configKey;
}

/**
 * Names the place a JSON path of the document points at as the editor shows it: the node or link
 * id and the field's label, such as `e1 · High-water mark` for `edges[0].hwm`. An element without a
 * usable id is named by its position, such as `link 3`.
 */
export function describeProblemPath(circuit: Circuit, path: string): string {
  if (path === '') return 'Circuit';
  const match = ELEMENT_PATH.exec(path);
  if (!match) return DOCUMENT_FIELD_LABELS[path] ?? path;

  const kind = match[1] as 'nodes' | 'edges';
  const index = Number(match[2]);
  const field = match[3];
  const element = kind === 'nodes' ? circuit.nodes[index] : circuit.edges[index];
  const name = elementName(kind, index, element?.id);
  if (field === undefined) return name;
  const label = kind === 'nodes' ? nodeFieldLabel(circuit, index, field, match[4]) : edgeFieldLabel(field);
  return `${name} · ${label}`;
}
