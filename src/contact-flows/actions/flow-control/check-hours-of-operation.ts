// CheckHoursOfOperation: "True" when now is inside the hours (HoursOfOperationId, else the working queue's
// hours), "False" otherwise; the flow must branch on exactly Equals True and Equals False.
import type { ActionModule } from '../../flow-types.js';

export const checkHoursOfOperation: ActionModule = {
  type: 'CheckHoursOfOperation',
  category: 'flow-control',
  conditions: ['True', 'False'],
  async run(ctx) {
    const ref = ctx.text(ctx.action.Parameters.HoursOfOperationId);
    const open = await ctx.env.hoursOpen(ref, ctx.data);
    if (open === undefined) return { error: 'NoMatchingError' };
    return { result: open ? 'True' : 'False' };
  },
};
