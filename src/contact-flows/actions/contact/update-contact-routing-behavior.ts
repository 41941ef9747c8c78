// UpdateContactRoutingBehavior (Change routing priority / age): QueuePriority (lower is sooner) or
// QueueTimeAdjustmentSeconds (treat the contact as older by that much).
import { numberParam } from '../../flow-definition.js';
import type { ActionModule } from '../../flow-types.js';
import { requireOne } from '../action-helpers.js';

export const updateContactRoutingBehavior: ActionModule = {
  type: 'UpdateContactRoutingBehavior',
  category: 'contact',
  conditions: 'none',
  check: (a) => requireOne(a, ['QueuePriority', 'QueueTimeAdjustmentSeconds']),
  run(ctx) {
    const priority = numberParam(ctx.text(ctx.action.Parameters.QueuePriority));
    const adjust = numberParam(ctx.text(ctx.action.Parameters.QueueTimeAdjustmentSeconds));
    if (priority !== undefined && priority <= 0) return { error: 'NoMatchingError' };
    ctx.emit({ type: 'routingBehavior', queuePriority: priority, queueTimeAdjustmentSeconds: adjust });
    return { next: true };
  },
};
