// UpdateContactEventHooks (Set disconnect / customer queue / whisper / hold flow): one hook per action.
// CustomerRemaining is the disconnect flow; CustomerQueue runs while the customer waits in queue.
import type { ActionModule } from '../../flow-types.js';
import { isObject } from '../action-helpers.js';

export const EVENT_HOOKS = [
  'AgentHold', 'AgentWhisper', 'CustomerHold', 'CustomerQueue', 'CustomerRemaining', 'CustomerWhisper',
  'DefaultAgentUI', 'DisconnectAgentUI', 'PauseContact', 'ResumeContact',
];

export const updateContactEventHooks: ActionModule = {
  type: 'UpdateContactEventHooks',
  category: 'contact',
  conditions: 'none',
  check(a) {
    const hooks = a.Parameters.EventHooks;
    if (!isObject(hooks)) return [`${a.Identifier} (${a.Type}): EventHooks must be an object.`];
    const keys = Object.keys(hooks);
    const problems = keys.length === 1 ? [] : [`${a.Identifier} (${a.Type}): EventHooks must hold exactly one hook, found ${keys.length}.`];
    return [...problems, ...keys.filter((k) => !EVENT_HOOKS.includes(k)).map((k) => `${a.Identifier} (${a.Type}): unknown event hook ${k}.`)];
  },
  async run(ctx) {
    for (const [hook, ref] of Object.entries((ctx.action.Parameters.EventHooks as Record<string, unknown>) ?? {})) {
      const value = ctx.text(ref);
      const flow = value ? await ctx.env.flow(value) : undefined;
      if (!flow) return { error: 'NoMatchingError' };
      ctx.emit({ type: 'setEventHook', hook, flowId: flow.id });
    }
    return { next: true };
  },
};
