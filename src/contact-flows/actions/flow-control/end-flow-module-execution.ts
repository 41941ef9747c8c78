// EndFlowModuleExecution (Return, in a flow module): the module is done; its caller goes on after its Invoke
// module block.
import type { ActionModule } from '../../flow-types.js';

export const endFlowModuleExecution: ActionModule = {
  type: 'EndFlowModuleExecution',
  category: 'flow-control',
  terminal: true,
  conditions: 'none',
  run: () => ({ end: 'moduleReturn' }),
};
