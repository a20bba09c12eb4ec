export * from './classify.js';
export * from './graph.js';
