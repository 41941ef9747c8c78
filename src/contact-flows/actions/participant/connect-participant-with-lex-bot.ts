// ConnectParticipantWithLexBot (Get customer input with Amazon Lex): recognised so that real flows load and
// publish, but Switchboard has no Lex; at run time the action takes its NoMatchingError branch.
import type { ActionModule } from '../../flow-types.js';
import { requireOne } from '../action-helpers.js';

export const connectParticipantWithLexBot: ActionModule = {
  type: 'ConnectParticipantWithLexBot',
  category: 'participant',
  errors: ['InputTimeLimitExceeded', 'NoMatchingCondition'],
  conditions: 'any',
  unsupported: 'Amazon Lex is not available in Switchboard',
  check: (a) => requireOne(a, ['LexV2Bot', 'LexBot']),
  run: () => ({ error: 'NoMatchingError' }),
};
