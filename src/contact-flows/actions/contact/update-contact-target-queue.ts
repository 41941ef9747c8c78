// UpdateContactTargetQueue (Set working queue): QueueId, or AgentId for the agent's own queue; ID or ARN,
// static or one dynamic value. An unknown queue or agent takes NoMatchingError.
import type { ActionModule } from '../../flow-types.js';
import { requireOne } from '../action-helpers.js';

export const updateContactTargetQueue: ActionModule = {
  type: 'UpdateContactTargetQueue',
  category: 'contact',
  conditions: 'none',
  check: (a) => requireOne(a, ['QueueId', 'AgentId']),
  async run(ctx) {
    const queueRef = ctx.text(ctx.action.Parameters.QueueId);
    if (queueRef) {
      const queue = await ctx.env.queue(queueRef);
      if (!queue) return { error: 'NoMatchingError' };
      ctx.data.queue = { id: queue.id, arn: queue.arn, name: queue.name };
      ctx.emit({ type: 'setTargetQueue', queueId: queue.id });
      return { next: true };
    }
    const agentRef = ctx.text(ctx.action.Parameters.AgentId);
    const agent = agentRef ? await ctx.env.agent(agentRef) : undefined;
    if (!agent) return { error: 'NoMatchingError' };
    ctx.data.agent = agent;
    ctx.emit({ type: 'setTargetAgent', userId: agent.id });
    return { next: true };
  },
};
