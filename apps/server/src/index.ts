export * from './circuit-checks.js';
export * from './circuit-store.js';
export * from './errors.js';
export * from './paths.js';
export * from './run-registry.js';
export * from './server.js';
