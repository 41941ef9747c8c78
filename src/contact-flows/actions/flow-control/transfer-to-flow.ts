// TransferToFlow: ends this flow and starts another (ID or ARN, static or one dynamic value). Flow attributes
// do not travel; contact attributes do. An unknown flow takes NoMatchingError.
import type { ActionModule } from '../../flow-types.js';
import { requireParam } from '../action-helpers.js';

export const transferToFlow: ActionModule = {
  type: 'TransferToFlow',
  category: 'flow-control',
  conditions: 'none',
  check: (a) => requireParam(a, 'ContactFlowId'),
  async run(ctx) {
    const ref = ctx.text(ctx.action.Parameters.ContactFlowId);
    const flow = ref ? await ctx.env.flow(ref) : undefined;
    if (!flow) return { error: 'NoMatchingError' };
    return { transferToFlow: flow.id };
  },
};
