// EndFlowExecution (End flow / Resume): ends this flow without disconnecting; used in whisper and customer
// queue flows (the contact keeps waiting in queue).
import type { ActionModule } from '../../flow-types.js';

export const endFlowExecution: ActionModule = {
  type: 'EndFlowExecution',
  category: 'flow-control',
  terminal: true,
  conditions: 'none',
  run: () => ({ end: 'endFlow' }),
};
