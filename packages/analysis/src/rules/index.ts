import { eosDropRule, lossyBufferRule, unboundedBufferRule } from './buffers.js';
import { latencyBudgetRule } from './latency-budget.js';
import { blockingSocketRule, keyframeLossRule, lossySocketRule } from './links.js';
import { missingTimeoutRule, preferUdpRule, slowRecoveryRule, slowSinkRule } from './outside-systems.js';
import type { Rule } from './rule.js';
import { socketMismatchRule } from './sockets.js';
import { structureRule } from './structure.js';
import { noPersistentQueueRule, rateOverloadRule } from './throughput.js';

export type { Rule, RuleInput } from './rule.js';

/** Every rule, in the order their findings are listed. */
export const RULES: readonly Rule[] = [
  structureRule,
  socketMismatchRule,
  blockingSocketRule,
  lossySocketRule,
  slowSinkRule,
  missingTimeoutRule,
  slowRecoveryRule,
  preferUdpRule,
  unboundedBufferRule,
  eosDropRule,
  lossyBufferRule,
  keyframeLossRule,
  latencyBudgetRule,
  rateOverloadRule,
  noPersistentQueueRule,
];
