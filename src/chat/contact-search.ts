// SearchContacts: contacts of an instance in a time range, filtered by channel, initiation method, queue, agent and
// searchable contact attributes, sorted and paged. Scans the instance's 10,000 most recent contacts (a documented
// bound; Amazon's search is an index over 24 months).
import type { ContactRecord, Store } from '../storage/store.js';

export const SEARCH_SCAN_LIMIT = 10_000;

export interface ContactSearch {
  timeRange: { type: string; start: number; end: number };
  channels?: string[];
  initiationMethods?: string[];
  queueIds?: string[];
  agentIds?: string[];
  attributes?: { criteria: { key: string; values: string[] }[]; matchType: 'MATCH_ALL' | 'MATCH_ANY' };
  sort?: { field: string; order: 'ASCENDING' | 'DESCENDING' };
}

export async function searchContacts(store: Store, instanceId: string, q: ContactSearch): Promise<ContactRecord[]> {
  const timeOf = (c: ContactRecord, type: string): number | undefined => {
    switch (type) {
      case 'INITIATION_TIMESTAMP': return c.initiatedAt;
      case 'DISCONNECT_TIMESTAMP': return c.disconnectedAt ?? undefined;
      case 'CONNECTED_TO_AGENT_TIMESTAMP': return c.agentInfo?.connectedAt;
      case 'ENQUEUE_TIMESTAMP': return c.queueInfo?.enqueuedAt;
      default: return undefined;
    }
  };
  const matches = (c: ContactRecord) => {
    const t = timeOf(c, q.timeRange.type);
    if (t === undefined || t < q.timeRange.start || t > q.timeRange.end) return false;
    if (q.channels?.length && !q.channels.includes(c.channel)) return false;
    if (q.initiationMethods?.length && !q.initiationMethods.includes(c.initiationMethod)) return false;
    if (q.queueIds?.length && !q.queueIds.includes(c.queueInfo?.queueId ?? '')) return false;
    if (q.agentIds?.length && !q.agentIds.includes(c.agentInfo?.userId ?? '')) return false;
    if (q.attributes?.criteria.length) {
      const hits = q.attributes.criteria.map((k) => k.values.includes(c.attributes[k.key] ?? '\u0000'));
      if (q.attributes.matchType === 'MATCH_ANY' ? !hits.some(Boolean) : !hits.every(Boolean)) return false;
    }
    return true;
  };
  const found = (await store.listContacts(instanceId, SEARCH_SCAN_LIMIT)).filter(matches);
  const field = q.sort?.field ?? 'INITIATION_TIMESTAMP';
  const key = (c: ContactRecord): string | number =>
    field === 'CHANNEL' ? c.channel : field === 'INITIATION_METHOD' ? c.initiationMethod : timeOf(c, field) ?? 0;
  const dir = (q.sort?.order ?? 'DESCENDING') === 'ASCENDING' ? 1 : -1;
  return found.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * dir);
}
