// MessageParticipantIteratively (Loop prompts), used in customer queue flows: sends its messages in turn, one
// each InterruptFrequencySeconds; when the interval elapses and the flow has a MessagesInterrupted condition,
// that branch is taken (Amazon's "interrupt" output). Without an interval each message is sent once and the
// run waits until the contact leaves the queue.
import { numberParam } from '../../flow-definition.js';
import type { ActionContext, ActionModule, ActionOutcome } from '../../flow-types.js';
import { messageFor } from '../action-helpers.js';

function sendNext(ctx: ActionContext): ActionOutcome {
  const messages = (ctx.action.Parameters.Messages as { Text?: string }[] | undefined) ?? [];
  const texts = messages.map((m) => ctx.text(m.Text)).filter((t): t is string => t !== undefined);
  if (!texts.length) return { error: 'NoMatchingError' };
  const id = ctx.action.Identifier;
  const interval = numberParam(ctx.action.Parameters.InterruptFrequencySeconds);
  if (!interval) {
    for (const t of texts) ctx.emit({ type: 'message', ...messageFor(t) });
    return { wait: { kind: 'prompts' } };
  }
  const n = ctx.state.counters[id] ?? 0;
  ctx.emit({ type: 'message', ...messageFor(texts[n % texts.length]!) });
  ctx.state.counters[id] = n + 1;
  return { wait: { kind: 'prompts', deadline: ctx.env.now() + interval * 1000 } };
}

export const messageParticipantIteratively: ActionModule = {
  type: 'MessageParticipantIteratively',
  category: 'participant',
  conditions: ['MessagesInterrupted'],
  check: (a) => (Array.isArray(a.Parameters.Messages) && a.Parameters.Messages.length
    ? []
    : [`${a.Identifier} (${a.Type}): Messages must be a non-empty list.`]),
  run: sendNext,
  resume(ctx) {
    const interrupts = ctx.action.Transitions.Conditions?.some((c) => c.Condition.Operands?.[0] === 'MessagesInterrupted');
    if (ctx.event.type === 'timeout' && interrupts) return { result: 'MessagesInterrupted' };
    return sendNext(ctx);
  },
};
