import { RedisEventBus } from '../../src/messaging/redis-event-bus.js';
import { REDIS_URL } from '../helpers/postgres.js';
import { eventBusContract } from './event-bus.contract.js';

eventBusContract('Redis', () => new RedisEventBus(REDIS_URL, `switchboard-test-${process.pid}:`));
