// DequeueContactAndTransferToQueue (Transfer to queue inside a customer queue flow): moves the waiting contact
// to another queue; "a new contact segment is created with the existing contact as its previous contact"
// (InitiationMethod QUEUE_TRANSFER).
import type { ActionModule } from '../../flow-types.js';
import { requireOne } from '../action-helpers.js';

export const dequeueContactAndTransferToQueue: ActionModule = {
  type: 'DequeueContactAndTransferToQueue',
  category: 'contact',
  errors: ['QueueAtCapacity'],
  conditions: 'none',
  check: (a) => requireOne(a, ['QueueId', 'AgentId']),
  async run(ctx) {
    const ref = ctx.text(ctx.action.Parameters.QueueId);
    const agentRef = ctx.text(ctx.action.Parameters.AgentId);
    if (agentRef) {
      const agent = await ctx.env.agent(agentRef);
      if (!agent) return { error: 'NoMatchingError' };
      ctx.emit({ type: 'dequeueToQueue', queueId: `agent:${agent.id}` });
      return { end: 'endFlow' };
    }
    const queue = ref ? await ctx.env.queue(ref) : undefined;
    if (!queue) return { error: 'NoMatchingError' };
    if (queue.atCapacity) return { error: 'QueueAtCapacity' };
    ctx.emit({ type: 'dequeueToQueue', queueId: queue.id });
    return { end: 'endFlow' };
  },
};
