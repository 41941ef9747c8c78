// MessageParticipant (Play prompt): sends Text to the customer. "PromptId and SSML are only supported for the
// voice channel. All other channels support only the Text option" — so those take NoMatchingError in chat.
import type { ActionModule } from '../../flow-types.js';
import { messageFor, requireOne } from '../action-helpers.js';

export const messageParticipant: ActionModule = {
  type: 'MessageParticipant',
  category: 'participant',
  conditions: 'none',
  check: (a) => requireOne(a, ['Text', 'PromptId', 'SSML', 'Media']),
  run(ctx) {
    const text = ctx.text(ctx.action.Parameters.Text);
    if (text === undefined || ctx.data.channel === 'VOICE') return { error: 'NoMatchingError' };
    ctx.emit({ type: 'message', ...messageFor(text) });
    return { next: true };
  },
};
