// InvokeFlowModule (Invoke module): runs a published flow module (ID or ARN, static or one dynamic value) and, when
// the module returns (EndFlowModuleExecution), goes on with NextAction; an unknown module, or a module that fails,
// takes NoMatchingError. Contact attributes are shared with the module; flow attributes are the caller's own.
import type { ActionModule } from '../../flow-types.js';
import { requireParam } from '../action-helpers.js';

export const invokeFlowModule: ActionModule = {
  type: 'InvokeFlowModule',
  category: 'flow-control',
  conditions: 'none',
  check: (a) => requireParam(a, 'FlowModuleId'),
  async run(ctx) {
    const ref = ctx.text(ctx.action.Parameters.FlowModuleId);
    const module = ref ? await ctx.env.flowModule(ref) : undefined;
    if (!module) return { error: 'NoMatchingError' };
    return { invokeModule: module.id };
  },
};
