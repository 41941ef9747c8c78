// CheckMetricData (Check queue status / Check staffing): one queue metric of the working queue (or QueueId /
// AgentId) compared by the Conditions.
import type { ActionModule } from '../../flow-types.js';
import { oneOf } from '../action-helpers.js';

export const QUEUE_METRICS = [
  'NumberOfAgentsAvailable', 'NumberOfAgentsStaffed', 'NumberOfAgentsOnline', 'OldestContactInQueueAgeSeconds', 'NumberOfContactsInQueue',
];

export const checkMetricData: ActionModule = {
  type: 'CheckMetricData',
  category: 'flow-control',
  errors: ['NoMatchingCondition'],
  conditions: 'any',
  check: (a) => oneOf(a, 'MetricType', QUEUE_METRICS, true),
  async run(ctx) {
    const ref = ctx.text(ctx.action.Parameters.QueueId);
    const queue = ref ? await ctx.env.queue(ref) : ctx.data.queue;
    if (!queue) return { error: 'NoMatchingError' };
    const value = await ctx.env.metric(queue.id, String(ctx.action.Parameters.MetricType));
    if (value === undefined) return { error: 'NoMatchingError' };
    return { result: String(value) };
  },
};
