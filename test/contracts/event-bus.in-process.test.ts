import { InProcessEventBus } from '../../src/messaging/in-process-event-bus.js';
import { eventBusContract } from './event-bus.contract.js';

// One process is one node: every "node" shares the same in-process bus.
const shared = new InProcessEventBus();
eventBusContract('in-process', () => shared);
