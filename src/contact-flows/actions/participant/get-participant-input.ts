// GetParticipantInput (Get customer input) for chat: sends the prompt, waits for the customer's next message
// and matches it against the Conditions; StoreInput "True" keeps it as $.StoredCustomerInput. No answer within
// InputTimeLimitSeconds takes InputTimeLimitExceeded. Amazon's default limit is 5 seconds, meant for voice;
// for chat Switchboard defaults to 300 seconds when the flow gives none (docs/flows.md).
import { booleanParam, numberParam } from '../../flow-definition.js';
import type { ActionModule } from '../../flow-types.js';
import { messageFor, numberInRange, requireOne } from '../action-helpers.js';

export const CHAT_DEFAULT_INPUT_SECONDS = 300;

export const getParticipantInput: ActionModule = {
  type: 'GetParticipantInput',
  category: 'participant',
  errors: ['InputTimeLimitExceeded', 'NoMatchingCondition'],
  conditions: 'any',
  check: (a) => [...requireOne(a, ['Text', 'PromptId', 'SSML', 'Media']), ...numberInRange(a, 'InputTimeLimitSeconds', 1, 604_800)],
  run(ctx) {
    const text = ctx.text(ctx.action.Parameters.Text);
    if (text === undefined) return { error: 'NoMatchingError' };
    ctx.emit({ type: 'message', ...messageFor(text) });
    const seconds = numberParam(ctx.action.Parameters.InputTimeLimitSeconds) ?? CHAT_DEFAULT_INPUT_SECONDS;
    return { wait: { kind: 'input', deadline: ctx.env.now() + seconds * 1000 } };
  },
  resume(ctx) {
    if (ctx.event.type === 'timeout') return { error: 'InputTimeLimitExceeded' };
    if (ctx.event.type !== 'customerMessage') return { error: 'NoMatchingError' };
    const input = answerOf(ctx.event.content, ctx.event.contentType);
    if (booleanParam(ctx.action.Parameters.StoreInput)) ctx.data.storedCustomerInput = input;
    return { result: input };
  },
};

/**
 * The customer's answer as conditions and $.StoredCustomerInput see it: the text of a plain message, and the chosen
 * item's title of an interactive response (a list picker or quick reply answer), as Amazon stores it.
 */
function answerOf(content: string, contentType: string): string {
  if (contentType.endsWith('.interactive.response')) {
    try {
      const title = (JSON.parse(content) as { data?: { content?: { title?: unknown } } }).data?.content?.title;
      if (typeof title === 'string') return title.trim();
    } catch {
      // not JSON: the text as sent
    }
  }
  return content.trim();
}
