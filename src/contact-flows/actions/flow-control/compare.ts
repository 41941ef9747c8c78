// Compare (Check contact attributes): the ComparisonValue (one dynamic value) against the Conditions in order.
import type { ActionModule } from '../../flow-types.js';
import { requireParam } from '../action-helpers.js';

export const compare: ActionModule = {
  type: 'Compare',
  category: 'flow-control',
  errors: ['NoMatchingCondition'],
  conditions: 'any',
  check: (a) => requireParam(a, 'ComparisonValue'),
  run: (ctx) => ({ result: ctx.text(ctx.action.Parameters.ComparisonValue) ?? '' }),
};
