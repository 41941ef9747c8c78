// Real-time queue metrics as GetCurrentMetricData and the flow blocks (CheckMetricData, GetMetricData) see
// them: contacts in queue, oldest contact age, and agents online / available / staffed / on contact.
import type { Store } from '../storage/store.js';
import type { InstanceResources } from './instance-resources.js';
import type { RoutingProfileData, UserData } from './resource-types.js';

export interface QueueMetrics {
  CONTACTS_IN_QUEUE: number;
  OLDEST_CONTACT_AGE: number;
  AGENTS_ONLINE: number;
  AGENTS_AVAILABLE: number;
  AGENTS_STAFFED: number;
  AGENTS_ON_CONTACT: number;
}

export async function queueMetrics(
  store: Store, resources: InstanceResources, instanceId: string, queueId: string, now: number,
): Promise<QueueMetrics> {
  const waiting = (await store.listContactRoutingInQueue(instanceId, queueId)).filter((r) => r.state === 'QUEUED');
  const oldest = waiting.reduce((min, r) => Math.min(min, r.enqueuedAt), Number.POSITIVE_INFINITY);
  const agents = await agentsServing(store, resources, instanceId, queueId);
  const busy = new Set((await store.listAgentContacts({ instanceId })).filter((c) => c.state !== 'OFFERED').map((c) => c.userId));
  const online = agents.filter((a) => a.online && a.status !== 'Offline');
  return {
    CONTACTS_IN_QUEUE: waiting.length,
    OLDEST_CONTACT_AGE: waiting.length ? Math.max(0, Math.floor((now - oldest) / 1000)) : 0,
    AGENTS_ONLINE: online.length,
    AGENTS_AVAILABLE: online.filter((a) => a.routable && !busy.has(a.userId)).length,
    AGENTS_STAFFED: online.length,
    AGENTS_ON_CONTACT: online.filter((a) => busy.has(a.userId)).length,
  };
}

/** Logged-in agents whose routing profile serves the queue (CHAT). */
async function agentsServing(store: Store, resources: InstanceResources, instanceId: string, queueId: string) {
  const states = await store.listAgentStates(instanceId);
  const out = [];
  for (const s of states) {
    const user = await resources.find<UserData>(store, instanceId, 'user', s.userId);
    const profile = user && (await resources.find<RoutingProfileData>(store, instanceId, 'routing-profile', user.data.RoutingProfileId));
    if (profile?.data.QueueConfigs.some((q) => q.QueueReference.QueueId === queueId && q.QueueReference.Channel === 'CHAT')) out.push(s);
  }
  return out;
}

/** The flow-language names of the same metrics (CheckMetricData MetricType). */
export function flowMetric(m: QueueMetrics, name: string): number | undefined {
  switch (name) {
    case 'NumberOfContactsInQueue': return m.CONTACTS_IN_QUEUE;
    case 'OldestContactInQueueAgeSeconds': return m.OLDEST_CONTACT_AGE;
    case 'NumberOfAgentsOnline': return m.AGENTS_ONLINE;
    case 'NumberOfAgentsAvailable': return m.AGENTS_AVAILABLE;
    case 'NumberOfAgentsStaffed': return m.AGENTS_STAFFED;
    default: return undefined;
  }
}
