// GetMetricData (Get queue metrics): loads the working queue's (or QueueId's) metrics into
// $.Metrics-style attributes readable by later blocks ($.External is not touched; values land in flow
// attributes named after the metric, e.g. $.FlowAttributes.NumberOfContactsInQueue).
import type { ActionModule } from '../../flow-types.js';
import { QUEUE_METRICS } from './check-metric-data.js';

export const getMetricData: ActionModule = {
  type: 'GetMetricData',
  category: 'flow-control',
  conditions: 'none',
  async run(ctx) {
    const ref = ctx.text(ctx.action.Parameters.QueueId);
    const queue = ref ? await ctx.env.queue(ref) : ctx.data.queue;
    if (!queue) return { error: 'NoMatchingError' };
    for (const metric of QUEUE_METRICS) {
      const value = await ctx.env.metric(queue.id, metric);
      if (value !== undefined) ctx.state.flowAttributes[metric] = String(value);
    }
    return { next: true };
  },
};
