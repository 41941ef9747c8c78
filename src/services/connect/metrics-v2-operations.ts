// GetMetricDataV2 for the chat metrics Switchboard records: contacts created, queued, handled and abandoned, queue
// answer time, handle time and contact duration, per queue, channel, agent or routing profile, over TOTAL or
// fixed intervals. Every other metric name is answered as Amazon answers a metric without data: its Collection
// without a Value.
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import { idFromArnOrId } from '../../chat/arns.js';
import type { ChatContext } from '../../chat/chat-context.js';
import { ChatError } from '../../chat/chat-errors.js';
import { searchContacts } from '../../chat/contact-search.js';
import type { Instances } from '../../chat/instances.js';
import type { InstanceResources } from '../../routing/instance-resources.js';
import type { UserData } from '../../routing/resource-types.js';
import type { ContactRecord } from '../../storage/store.js';
import { paginate } from './pagination.js';

type Ctx = OperationContext;

const INTERVAL_MS: Record<string, number> = { FIFTEEN_MIN: 900_000, THIRTY_MIN: 1_800_000, HOUR: 3_600_000, DAY: 86_400_000, WEEK: 604_800_000 };
/** API reference: the time range is at most 35 days (and starts at most 35 days back). */
const MAX_RANGE_MS = 35 * 86_400_000;
const average = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);
const handled = (c: ContactRecord) => !!c.agentInfo;
const abandoned = (c: ContactRecord) => !!c.queueInfo && !c.agentInfo && c.state === 'ENDED' && c.disconnectReason === 'CUSTOMER_DISCONNECT';

/** Each known metric over a set of contact segments (seconds for times), undefined when there is no data. */
const METRICS: Record<string, (cs: ContactRecord[]) => number | undefined> = {
  CONTACTS_CREATED: (cs) => cs.length,
  CONTACTS_QUEUED: (cs) => cs.filter((c) => c.queueInfo).length,
  CONTACTS_HANDLED: (cs) => cs.filter(handled).length,
  CONTACTS_ABANDONED: (cs) => cs.filter(abandoned).length,
  AVG_QUEUE_ANSWER_TIME: (cs) => average(cs.filter((c) => c.agentInfo && c.queueInfo).map((c) => (c.agentInfo!.connectedAt - c.queueInfo!.enqueuedAt) / 1000)),
  AVG_HANDLE_TIME: (cs) => average(cs.filter((c) => c.agentInfo && c.disconnectedAt).map((c) => (c.disconnectedAt! - c.agentInfo!.connectedAt) / 1000)),
  AVG_CONTACT_DURATION: (cs) => average(cs.filter((c) => c.disconnectedAt).map((c) => (c.disconnectedAt! - c.initiatedAt) / 1000)),
};

export class MetricsV2Operations {
  constructor(private readonly ctx: ChatContext, private readonly instances: Instances, private readonly resources: InstanceResources) {}

  async GetMetricDataV2(input: C.GetMetricDataV2Request, _ctx: Ctx): Promise<C.GetMetricDataV2Response> {
    const instance = await this.instances.get(input.ResourceArn!);
    const start = input.StartTime!.getTime();
    const end = input.EndTime!.getTime();
    if (end <= start) throw new ChatError('InvalidParameter', 'EndTime must be after StartTime.');
    if (end - start > MAX_RANGE_MS) throw new ChatError('InvalidParameter', 'The time range can be at most 35 days.');
    const period = input.Interval?.IntervalPeriod ?? 'TOTAL';
    const step = INTERVAL_MS[period];
    if (step && (end - start) % step) throw new ChatError('InvalidParameter', `StartTime to EndTime must be a whole number of ${period} intervals.`);
    const filters = new Map((input.Filters ?? []).map((f) => [f.FilterKey!, new Set((f.FilterValues ?? []).map(idFromArnOrId))]));
    // API reference: "at least one filter must be passed from queues, routing profiles, agents, or user hierarchy groups".
    if (!['QUEUE', 'ROUTING_PROFILE', 'AGENT', 'AGENT_HIERARCHY_LEVEL_ONE'].some((k) => filters.has(k))) {
      throw new ChatError('InvalidParameter', 'Filters needs at least one of QUEUE, ROUTING_PROFILE or AGENT.');
    }
    const profileOf = new Map((await this.resources.list<UserData>(this.ctx.store, instance.id, 'user')).map((u) => [u.id, u.data.RoutingProfileId]));
    const dimension = (c: ContactRecord, key: string): string | undefined => {
      switch (key) {
        case 'QUEUE': return c.queueInfo?.queueId.startsWith('agent:') ? undefined : c.queueInfo?.queueId;
        case 'CHANNEL': return c.channel;
        case 'AGENT': return c.agentInfo?.userId;
        case 'ROUTING_PROFILE': return c.agentInfo ? profileOf.get(c.agentInfo.userId) : undefined;
        default: return undefined;
      }
    };
    const contacts = (await searchContacts(this.ctx.store, instance.id, { timeRange: { type: 'INITIATION_TIMESTAMP', start, end: end - 1 } }))
      .filter((c) => [...filters].every(([key, values]) => values.has(dimension(c, key) ?? '')));
    const groupings = input.Groupings ?? [];
    const groups = new Map<string, { dims: Record<string, string>; members: ContactRecord[] }>();
    for (const c of contacts) {
      const dims = Object.fromEntries(groupings.map((g) => [g, dimension(c, g) ?? '']));
      if (Object.values(dims).some((v) => v === '')) continue;
      const bucket = step ? start + Math.floor((c.initiatedAt - start) / step) * step : start;
      const key = JSON.stringify([dims, bucket]);
      const group = groups.get(key) ?? { dims, members: [] };
      group.members.push(c);
      groups.set(key, group);
    }
    const results: C.MetricResultV2[] = [...groups.entries()].map(([key, g]) => {
      const bucket = JSON.parse(key)[1] as number;
      return {
        Dimensions: g.dims,
        MetricInterval: { Interval: period as C.IntervalPeriod, StartTime: new Date(bucket), EndTime: new Date(step ? bucket + step : end) },
        Collections: (input.Metrics ?? []).map((metric) => {
          const value = METRICS[metric.Name!]?.(g.members);
          return value === undefined ? { Metric: metric } : { Metric: metric, Value: value };
        }),
      };
    });
    const { page, next } = paginate(results, input.MaxResults ?? 100, input.NextToken);
    return { MetricResults: page, NextToken: next };
  }
}
