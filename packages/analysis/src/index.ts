export * from './analyze.js';
export * from './classify.js';
export * from './format.js';
export * from './graph.js';
export * from './quick-fix.js';
export * from './types.js';
