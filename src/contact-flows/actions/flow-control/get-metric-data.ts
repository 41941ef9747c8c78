// GetMetricData (Get queue metrics): loads the working queue's (or QueueId's) metrics where Amazon's flows read
// them: $.Metrics.Queue.Name / .ARN / .Size / .OldestContactAge (seconds) and $.Metrics.Agents.Online / .Available /
// .Staffed .Count. As Amazon documents, the agent metrics are left out when no agent is online.
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
    const value = async (metric: (typeof QUEUE_METRICS)[number]) => String((await ctx.env.metric(queue.id, metric)) ?? 0);
    const metrics: Record<string, string> = {
      'Queue.Name': queue.name, 'Queue.ARN': queue.arn,
      'Queue.Size': await value('NumberOfContactsInQueue'), 'Queue.OldestContactAge': await value('OldestContactInQueueAgeSeconds'),
    };
    const online = await value('NumberOfAgentsOnline');
    if (online !== '0') {
      Object.assign(metrics, {
        'Agents.Online.Count': online, 'Agents.Available.Count': await value('NumberOfAgentsAvailable'),
        'Agents.Staffed.Count': await value('NumberOfAgentsStaffed'),
      });
    }
    ctx.state.metrics = metrics;
    return { next: true };
  },
};
