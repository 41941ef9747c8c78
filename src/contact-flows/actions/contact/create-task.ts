// CreateTask: recognised so real flows (Amazon's sample inbound flow) load and publish; tasks are not a
// Switchboard channel, so at run time it takes its NoMatchingError branch.
import type { ActionModule } from '../../flow-types.js';
import { requireParam } from '../action-helpers.js';

export const createTask: ActionModule = {
  type: 'CreateTask',
  category: 'contact',
  conditions: 'none',
  unsupported: 'tasks are not a Switchboard channel',
  check: (a) => requireParam(a, 'Name'),
  run: () => ({ error: 'NoMatchingError' }),
};
