/** Size limits applied to every circuit that arrives from outside. */
export interface CircuitLimits {
  maxBytes: number;
  maxNodes: number;
  maxEdges: number;
  maxIdLength: number;
  maxNameLength: number;
  /** Maximum length of any string value found anywhere in the document. */
  maxStringLength: number;
  /** Maximum nesting depth of objects and arrays, which bounds the cost of copying unknown fields. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: CircuitLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxNodes: 2000,
  maxEdges: 4000,
  maxIdLength: 100,
  maxNameLength: 200,
  maxStringLength: 10_000,
  maxDepth: 16,
};
