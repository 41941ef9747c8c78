// Connect operations on routing resources: queues, hours of operation, routing profiles, quick connects,
// agent statuses and current queue metrics. Thin over routing/instance-resources.ts.
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import { idFromArnOrId } from '../../chat/arns.js';
import type { ChatContext } from '../../chat/chat-context.js';
import { ChatError } from '../../chat/chat-errors.js';
import type { Instances } from '../../chat/instances.js';
import { isValidTimeZone } from '../../routing/hours-of-operation.js';
import type { InstanceResources, Resource } from '../../routing/instance-resources.js';
import { queueMetrics } from '../../routing/queue-metrics.js';
import type { AgentStatusData, HoursOfOperationData, QueueData, QuickConnectData, RoutingProfileData } from '../../routing/resource-types.js';
import { paginate } from './pagination.js';

type Ctx = OperationContext;
const modified = (r: Resource<unknown>) => new Date(((r.data as { LastModifiedTime?: number }).LastModifiedTime) ?? 0);

export class RoutingOperations {
  constructor(private readonly ctx: ChatContext, private readonly instances: Instances, private readonly resources: InstanceResources) {}

  private async instance(id: string) {
    return (await this.instances.get(id)).id;
  }

  // Hours of operation ---------------------------------------------------------------------------------------------
  async CreateHoursOfOperation(input: C.CreateHoursOfOperationRequest, _ctx: Ctx): Promise<C.CreateHoursOfOperationResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    checkHours(input.TimeZone!, input.Config!);
    const r = await this.resources.create<HoursOfOperationData>(this.ctx.store, instanceId, 'hours-of-operation', input.Name!, {
      Description: input.Description, TimeZone: input.TimeZone!, Config: input.Config as HoursOfOperationData['Config'], Tags: input.Tags,
    });
    return { HoursOfOperationId: r.id, HoursOfOperationArn: r.arn };
  }

  async DescribeHoursOfOperation(input: C.DescribeHoursOfOperationRequest, _ctx: Ctx): Promise<C.DescribeHoursOfOperationResponse> {
    const r = await this.resources.get<HoursOfOperationData>(this.ctx.store, await this.instance(input.InstanceId!), 'hours-of-operation', input.HoursOfOperationId!);
    return {
      HoursOfOperation: {
        HoursOfOperationId: r.id, HoursOfOperationArn: r.arn, Name: r.name, Description: r.data.Description, TimeZone: r.data.TimeZone,
        Config: r.data.Config, Tags: r.data.Tags, LastModifiedTime: modified(r),
      },
    };
  }

  async ListHoursOfOperations(input: C.ListHoursOfOperationsRequest, _ctx: Ctx): Promise<C.ListHoursOfOperationsResponse> {
    const all = await this.resources.list(this.ctx.store, await this.instance(input.InstanceId!), 'hours-of-operation');
    const { page, next } = paginate(all, input.MaxResults ?? 100, input.NextToken);
    return { HoursOfOperationSummaryList: page.map((r) => ({ Id: r.id, Arn: r.arn, Name: r.name, LastModifiedTime: modified(r) })), NextToken: next };
  }

  async UpdateHoursOfOperation(input: C.UpdateHoursOfOperationRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    await this.resources.update<HoursOfOperationData>(this.ctx.store, instanceId, 'hours-of-operation', input.HoursOfOperationId!, (current) => {
      checkHours(input.TimeZone ?? current.data.TimeZone, input.Config ?? current.data.Config);
      return {
        Name: input.Name, Description: input.Description ?? current.data.Description, TimeZone: input.TimeZone ?? current.data.TimeZone,
        Config: (input.Config as HoursOfOperationData['Config']) ?? current.data.Config,
      };
    });
    return {};
  }

  // Queues ---------------------------------------------------------------------------------------------------------
  async CreateQueue(input: C.CreateQueueRequest, _ctx: Ctx): Promise<C.CreateQueueResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    const hours = await this.resources.get(this.ctx.store, instanceId, 'hours-of-operation', input.HoursOfOperationId!);
    for (const qc of input.QuickConnectIds ?? []) await this.resources.get(this.ctx.store, instanceId, 'quick-connect', qc);
    const r = await this.resources.create<QueueData>(this.ctx.store, instanceId, 'queue', input.Name!, {
      Description: input.Description, HoursOfOperationId: hours.id, MaxContacts: input.MaxContacts, Status: 'ENABLED', QueueType: 'STANDARD',
      QuickConnectIds: (input.QuickConnectIds ?? []).map(idFromArnOrId), Tags: input.Tags,
    });
    return { QueueId: r.id, QueueArn: r.arn };
  }

  async DescribeQueue(input: C.DescribeQueueRequest, _ctx: Ctx): Promise<C.DescribeQueueResponse> {
    const r = await this.resources.get<QueueData>(this.ctx.store, await this.instance(input.InstanceId!), 'queue', input.QueueId!);
    return {
      Queue: {
        Name: r.name, QueueArn: r.arn, QueueId: r.id, Description: r.data.Description, HoursOfOperationId: r.data.HoursOfOperationId,
        MaxContacts: r.data.MaxContacts, Status: r.data.Status, Tags: r.data.Tags, LastModifiedTime: modified(r),
      },
    };
  }

  async ListQueues(input: C.ListQueuesRequest, _ctx: Ctx): Promise<C.ListQueuesResponse> {
    const all = (await this.resources.list<QueueData>(this.ctx.store, await this.instance(input.InstanceId!), 'queue'))
      .filter((q) => !input.QueueTypes?.length || input.QueueTypes.includes(q.data.QueueType));
    const { page, next } = paginate(all, input.MaxResults ?? 100, input.NextToken);
    return { QueueSummaryList: page.map((q) => ({ Id: q.id, Arn: q.arn, Name: q.name, QueueType: q.data.QueueType, LastModifiedTime: modified(q) })), NextToken: next };
  }

  async UpdateQueueMaxContacts(input: C.UpdateQueueMaxContactsRequest, _ctx: Ctx): Promise<Record<string, never>> {
    await this.resources.update<QueueData>(this.ctx.store, await this.instance(input.InstanceId!), 'queue', input.QueueId!, () => ({ MaxContacts: input.MaxContacts }));
    return {};
  }

  async UpdateQueueStatus(input: C.UpdateQueueStatusRequest, _ctx: Ctx): Promise<Record<string, never>> {
    await this.resources.update<QueueData>(this.ctx.store, await this.instance(input.InstanceId!), 'queue', input.QueueId!, () => ({ Status: input.Status }));
    return {};
  }

  async UpdateQueueHoursOfOperation(input: C.UpdateQueueHoursOfOperationRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const hours = await this.resources.get(this.ctx.store, instanceId, 'hours-of-operation', input.HoursOfOperationId!);
    await this.resources.update<QueueData>(this.ctx.store, instanceId, 'queue', input.QueueId!, () => ({ HoursOfOperationId: hours.id }));
    return {};
  }

  async AssociateQueueQuickConnects(input: C.AssociateQueueQuickConnectsRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const ids: string[] = [];
    for (const qc of input.QuickConnectIds ?? []) ids.push((await this.resources.get(this.ctx.store, instanceId, 'quick-connect', qc)).id);
    await this.resources.update<QueueData>(this.ctx.store, instanceId, 'queue', input.QueueId!, (q) => ({ QuickConnectIds: [...new Set([...(q.data.QuickConnectIds ?? []), ...ids])] }));
    return {};
  }

  // Routing profiles -----------------------------------------------------------------------------------------------
  async CreateRoutingProfile(input: C.CreateRoutingProfileRequest, _ctx: Ctx): Promise<C.CreateRoutingProfileResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    const store = this.ctx.store;
    const outbound = await this.resources.get(store, instanceId, 'queue', input.DefaultOutboundQueueId!);
    const configs = [];
    for (const c of input.QueueConfigs ?? []) {
      const queue = await this.resources.get(store, instanceId, 'queue', c.QueueReference!.QueueId!);
      configs.push({ QueueReference: { QueueId: queue.id, Channel: c.QueueReference!.Channel! }, Priority: c.Priority!, Delay: c.Delay! });
    }
    const r = await this.resources.create<RoutingProfileData>(store, instanceId, 'routing-profile', input.Name!, {
      Description: input.Description, DefaultOutboundQueueId: outbound.id,
      MediaConcurrencies: (input.MediaConcurrencies ?? []).map((m) => ({ Channel: m.Channel!, Concurrency: m.Concurrency! })),
      QueueConfigs: configs, Tags: input.Tags,
    });
    return { RoutingProfileId: r.id, RoutingProfileArn: r.arn };
  }

  async DescribeRoutingProfile(input: C.DescribeRoutingProfileRequest, _ctx: Ctx): Promise<C.DescribeRoutingProfileResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    const r = await this.resources.get<RoutingProfileData>(this.ctx.store, instanceId, 'routing-profile', input.RoutingProfileId!);
    return {
      RoutingProfile: {
        InstanceId: instanceId, Name: r.name, RoutingProfileArn: r.arn, RoutingProfileId: r.id, Description: r.data.Description,
        MediaConcurrencies: r.data.MediaConcurrencies as C.MediaConcurrency[], DefaultOutboundQueueId: r.data.DefaultOutboundQueueId,
        NumberOfAssociatedQueues: r.data.QueueConfigs.length, Tags: r.data.Tags, LastModifiedTime: modified(r),
      },
    };
  }

  async ListRoutingProfiles(input: C.ListRoutingProfilesRequest, _ctx: Ctx): Promise<C.ListRoutingProfilesResponse> {
    const all = await this.resources.list(this.ctx.store, await this.instance(input.InstanceId!), 'routing-profile');
    const { page, next } = paginate(all, input.MaxResults ?? 100, input.NextToken);
    return { RoutingProfileSummaryList: page.map((r) => ({ Id: r.id, Arn: r.arn, Name: r.name, LastModifiedTime: modified(r) })), NextToken: next };
  }

  // Quick connects and agent statuses ------------------------------------------------------------------------------
  async CreateQuickConnect(input: C.CreateQuickConnectRequest, _ctx: Ctx): Promise<C.CreateQuickConnectResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    const cfg = input.QuickConnectConfig!;
    const store = this.ctx.store;
    if (cfg.QuickConnectType === 'USER' && !cfg.UserConfig) throw new ChatError('InvalidParameter', 'QuickConnectConfig.UserConfig is required for a USER quick connect.');
    if (cfg.QuickConnectType === 'QUEUE' && !cfg.QueueConfig) throw new ChatError('InvalidParameter', 'QuickConnectConfig.QueueConfig is required for a QUEUE quick connect.');
    if (cfg.UserConfig) {
      await this.resources.get(store, instanceId, 'user', cfg.UserConfig.UserId!);
      await this.flowExists(instanceId, cfg.UserConfig.ContactFlowId!);
    }
    if (cfg.QueueConfig) {
      await this.resources.get(store, instanceId, 'queue', cfg.QueueConfig.QueueId!);
      await this.flowExists(instanceId, cfg.QueueConfig.ContactFlowId!);
    }
    const r = await this.resources.create<QuickConnectData>(store, instanceId, 'quick-connect', input.Name!, {
      Description: input.Description, QuickConnectConfig: cfg as QuickConnectData['QuickConnectConfig'], Tags: input.Tags,
    });
    return { QuickConnectId: r.id, QuickConnectARN: r.arn };
  }

  async ListQuickConnects(input: C.ListQuickConnectsRequest, _ctx: Ctx): Promise<C.ListQuickConnectsResponse> {
    const all = (await this.resources.list<QuickConnectData>(this.ctx.store, await this.instance(input.InstanceId!), 'quick-connect'))
      .filter((q) => !input.QuickConnectTypes?.length || input.QuickConnectTypes.includes(q.data.QuickConnectConfig.QuickConnectType));
    const { page, next } = paginate(all, input.MaxResults ?? 100, input.NextToken);
    return {
      QuickConnectSummaryList: page.map((q) => ({ Id: q.id, Arn: q.arn, Name: q.name, QuickConnectType: q.data.QuickConnectConfig.QuickConnectType, LastModifiedTime: modified(q) })),
      NextToken: next,
    };
  }

  async ListAgentStatuses(input: C.ListAgentStatusRequest, _ctx: Ctx): Promise<C.ListAgentStatusResponse> {
    const all = (await this.resources.list<AgentStatusData>(this.ctx.store, await this.instance(input.InstanceId!), 'agent-status'))
      .filter((s) => !input.AgentStatusTypes?.length || input.AgentStatusTypes.includes(s.data.Type))
      .sort((a, b) => (a.data.DisplayOrder ?? 99) - (b.data.DisplayOrder ?? 99));
    const { page, next } = paginate(all, input.MaxResults ?? 100, input.NextToken);
    return { AgentStatusSummaryList: page.map((s) => ({ Id: s.id, Arn: s.arn, Name: s.name, Type: s.data.Type, LastModifiedTime: modified(s) })), NextToken: next };
  }

  // Metrics --------------------------------------------------------------------------------------------------------
  async GetCurrentMetricData(input: C.GetCurrentMetricDataRequest, _ctx: Ctx): Promise<C.GetCurrentMetricDataResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    const queueRefs = input.Filters?.Queues ?? [];
    if (!queueRefs.length) throw new ChatError('InvalidParameter', 'Filters.Queues is required: current metrics are per queue.');
    const channels = input.Filters?.Channels ?? ['CHAT'];
    const results: C.CurrentMetricResult[] = [];
    for (const ref of queueRefs) {
      const queue = await this.resources.get(this.ctx.store, instanceId, 'queue', ref);
      const m = channels.includes('CHAT')
        ? await queueMetrics(this.ctx.store, this.resources, instanceId, queue.id, this.ctx.clock.now())
        : undefined;
      const collections = (input.CurrentMetrics ?? []).map((metric) => ({
        Metric: metric,
        Value: m && metric.Name && metric.Name in m ? m[metric.Name as keyof typeof m] : 0,
      }));
      const dimensions: C.Dimensions = input.Groupings?.includes('QUEUE') || !input.Groupings?.length ? { Queue: { Id: queue.id, Arn: queue.arn } } : {};
      if (input.Groupings?.includes('CHANNEL')) dimensions.Channel = 'CHAT';
      results.push({ Dimensions: dimensions, Collections: collections });
    }
    return { MetricResults: results, DataSnapshotTime: new Date(this.ctx.clock.now()), ApproximateTotalCount: results.length };
  }

  private async flowExists(instanceId: string, idOrArn: string) {
    if (!(await this.ctx.store.getFlow(instanceId, idFromArnOrId(idOrArn)))) {
      throw new ChatError('NotFound', `Contact flow ${idOrArn} not found.`);
    }
  }
}

function checkHours(timeZone: string, config: C.HoursOfOperationConfig[]): void {
  if (!isValidTimeZone(timeZone)) throw new ChatError('InvalidParameter', `TimeZone ${timeZone} is not a valid IANA time zone.`);
  for (const c of config) {
    for (const t of [c.StartTime!, c.EndTime!]) {
      if (t.Hours! > 23 || t.Minutes! > 59) throw new ChatError('InvalidParameter', `Hours of operation times must be 00:00 to 23:59 (${c.Day}).`);
    }
  }
}
