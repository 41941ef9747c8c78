// TransferContactToQueue (Transfer to queue): places the contact in its working queue and ends this flow; the
// customer queue flow (if set) runs while the customer waits. No working queue → NoMatchingError; a queue at
// its MaxContacts → QueueAtCapacity.
import type { ActionModule } from '../../flow-types.js';

export const transferContactToQueue: ActionModule = {
  type: 'TransferContactToQueue',
  category: 'contact',
  errors: ['QueueAtCapacity'],
  conditions: 'none',
  async run(ctx) {
    if (ctx.data.agent && !ctx.data.queue) {
      ctx.emit({ type: 'enqueue', queueId: `agent:${ctx.data.agent.id}` });
      return { end: 'endFlow' };
    }
    if (!ctx.data.queue) return { error: 'NoMatchingError' };
    const queue = await ctx.env.queue(ctx.data.queue.id);
    if (!queue) return { error: 'NoMatchingError' };
    if (queue.atCapacity) return { error: 'QueueAtCapacity' };
    ctx.emit({ type: 'enqueue', queueId: queue.id });
    return { end: 'endFlow' };
  },
};
