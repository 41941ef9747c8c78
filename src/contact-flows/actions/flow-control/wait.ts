// Wait: holds the run until an event it lists happens (CustomerReturned, BotParticipantDisconnected) or the
// time limit passes ("WaitCompleted"). Accepts TimeLimitSeconds (real exports) and TimeoutSeconds (the
// reference page). BotParticipantDisconnected with no bot in the chat takes ParticipantNotFound.
import { numberParam } from '../../flow-definition.js';
import type { ActionModule } from '../../flow-types.js';

const EVENTS = ['CustomerReturned', 'BotParticipantDisconnected'];
const MAX_SECONDS = 604_800;

export const wait: ActionModule = {
  type: 'Wait',
  category: 'flow-control',
  errors: ['ParticipantNotFound'],
  conditions: ['WaitCompleted', ...EVENTS],
  check(a) {
    const seconds = numberParam(a.Parameters.TimeLimitSeconds ?? a.Parameters.TimeoutSeconds);
    const problems: string[] = [];
    const raw = a.Parameters.TimeLimitSeconds ?? a.Parameters.TimeoutSeconds;
    if (raw === undefined) problems.push(`${a.Identifier} (Wait): TimeLimitSeconds (or TimeoutSeconds) is required.`);
    else if (seconds === undefined || seconds < 0 || seconds > MAX_SECONDS) problems.push(`${a.Identifier} (Wait): the time limit must be 0 to ${MAX_SECONDS} seconds.`);
    const events = a.Parameters.Events;
    if (events !== undefined && (!Array.isArray(events) || events.some((e) => !EVENTS.includes(String(e))))) {
      problems.push(`${a.Identifier} (Wait): Events may contain only ${EVENTS.join(', ')}.`);
    }
    const operands = new Set((a.Transitions.Conditions ?? []).map((c) => String(c.Condition?.Operands?.[0])));
    if (!operands.has('WaitCompleted')) problems.push(`${a.Identifier} (Wait): a WaitCompleted condition is required.`);
    for (const e of Array.isArray(events) ? events : []) {
      if (!operands.has(String(e))) problems.push(`${a.Identifier} (Wait): a condition for the event ${String(e)} is required.`);
    }
    return problems;
  },
  async run(ctx) {
    const seconds = numberParam(ctx.text(ctx.action.Parameters.TimeLimitSeconds ?? ctx.action.Parameters.TimeoutSeconds)) ?? 0;
    const events = ((ctx.action.Parameters.Events as string[] | undefined) ?? []).filter((e) => EVENTS.includes(e));
    if (events.includes('BotParticipantDisconnected') && ctx.data.activeBots === 0) return { error: 'ParticipantNotFound' };
    return { wait: { kind: 'wait', deadline: ctx.env.now() + seconds * 1000, events } };
  },
  resume(ctx) {
    switch (ctx.event.type) {
      case 'timeout':
        return { result: 'WaitCompleted' };
      case 'customerReturned':
        return { result: 'CustomerReturned' };
      case 'botParticipantDisconnected':
        return { result: 'BotParticipantDisconnected' };
      default:
        return { error: 'NoMatchingError' };
    }
  },
};
