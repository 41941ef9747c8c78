// UpdateFlowAttributes: flow-scoped values ($.FlowAttributes.x), kept with the run and not carried to other flows.
import type { ActionModule } from '../../flow-types.js';
import { isObject } from '../action-helpers.js';

export const updateFlowAttributes: ActionModule = {
  type: 'UpdateFlowAttributes',
  category: 'contact',
  conditions: 'none',
  check: (a) => (isObject(a.Parameters.FlowAttributes) ? [] : [`${a.Identifier} (${a.Type}): FlowAttributes must be an object.`]),
  run(ctx) {
    for (const [name, spec] of Object.entries((ctx.action.Parameters.FlowAttributes as Record<string, unknown>) ?? {})) {
      const value = isObject(spec) ? spec.Value : spec;
      ctx.state.flowAttributes[name] = ctx.text(value) ?? '';
    }
    return { next: true };
  },
};
