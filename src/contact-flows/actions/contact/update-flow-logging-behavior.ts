// UpdateFlowLoggingBehavior (Set logging behavior): recorded on the contact and inherited by later segments.
import type { ActionModule } from '../../flow-types.js';
import { oneOf } from '../action-helpers.js';

export const updateFlowLoggingBehavior: ActionModule = {
  type: 'UpdateFlowLoggingBehavior',
  category: 'contact',
  conditions: 'none',
  check: (a) => oneOf(a, 'FlowLoggingBehavior', ['Enabled', 'Disabled'], true),
  run(ctx) {
    ctx.emit({ type: 'record', key: 'flowLogging', value: ctx.action.Parameters.FlowLoggingBehavior });
    return { next: true };
  },
};
