// DisconnectParticipant (Disconnect / hang up): ends the contact. Terminal: "Transitions": {}.
import type { ActionModule } from '../../flow-types.js';

export const disconnectParticipant: ActionModule = {
  type: 'DisconnectParticipant',
  category: 'participant',
  terminal: true,
  conditions: 'none',
  run(ctx) {
    ctx.emit({ type: 'disconnect' });
    return { end: 'disconnect' };
  },
};
