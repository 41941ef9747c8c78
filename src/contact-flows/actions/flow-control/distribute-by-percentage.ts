// DistributeByPercentage: a random number 1..100 matched against a chain of NumberLessThan conditions.
import type { ActionModule } from '../../flow-types.js';

export const distributeByPercentage: ActionModule = {
  type: 'DistributeByPercentage',
  category: 'flow-control',
  errors: ['NoMatchingCondition'],
  conditions: 'any',
  run: (ctx) => ({ result: String(Math.floor(ctx.env.random() * 100) + 1) }),
};
