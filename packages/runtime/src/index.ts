export * from './errors.js';
export { buildRunPlan, CAPACITY_HWM, type EdgePlan, REALTIME_HWM, type RunPlan } from './plan/build-plan.js';
export { startRun, stopAllRuns } from './start.js';
export { Run } from './supervisor/run.js';
export type { FaultRequest, RunMetrics, RunStatus, StartOptions } from './types.js';
export { SUPPORTED_NODE_TYPES, type SupportedNodeType } from './worker-protocol.js';
