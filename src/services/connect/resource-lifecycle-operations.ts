// Connect operations that change and remove routing resources after creation: queue names, quick connects and
// outbound config; routing-profile names, concurrency, queues and default outbound queue; quick connects; agent
// statuses; and deletes that refuse a resource still in use (ResourceInUseException) as Amazon does.
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import { idFromArnOrId } from '../../chat/arns.js';
import type { ChatContext } from '../../chat/chat-context.js';
import { ChatError } from '../../chat/chat-errors.js';
import type { Instances } from '../../chat/instances.js';
import type { InstanceResources, Resource } from '../../routing/instance-resources.js';
import type {
  AgentStatusData, QueueData, QuickConnectData, RoutingProfileData, RoutingProfileQueueConfig, UserData,
} from '../../routing/resource-types.js';
import type { Router } from '../../routing/router.js';
import type { Store } from '../../storage/store.js';
import { paginate } from './pagination.js';

type Ctx = OperationContext;
const modified = (r: Resource<unknown>) => new Date(((r.data as { LastModifiedTime?: number }).LastModifiedTime) ?? 0);
/** ResourceInUseException names the resource by ARN; its ResourceType enum has no member for routing resources. */
const inUse = (what: string, by: string, arn: string) => new ChatError('InUse', `${what} is in use by ${by}; remove that use first.`, { resourceId: arn });

export class ResourceLifecycleOperations {
  constructor(
    private readonly ctx: ChatContext,
    private readonly instances: Instances,
    private readonly resources: InstanceResources,
    private readonly router: Router,
  ) {}

  private get store(): Store {
    return this.ctx.store;
  }

  private async instance(id: string) {
    return (await this.instances.get(id)).id;
  }

  // Queues ---------------------------------------------------------------------------------------------------------
  async UpdateQueueName(input: C.UpdateQueueNameRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    await this.resources.update<QueueData>(this.store, instanceId, 'queue', input.QueueId!, (q) => ({ Name: input.Name, Description: input.Description ?? q.data.Description }));
    return {};
  }

  async UpdateQueueOutboundCallerConfig(input: C.UpdateQueueOutboundCallerConfigRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    await this.resources.update<QueueData>(this.store, instanceId, 'queue', input.QueueId!, () => ({ OutboundCallerConfig: input.OutboundCallerConfig }));
    return {};
  }

  async DisassociateQueueQuickConnects(input: C.DisassociateQueueQuickConnectsRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const gone = new Set((input.QuickConnectIds ?? []).map(idFromArnOrId));
    await this.resources.update<QueueData>(this.store, instanceId, 'queue', input.QueueId!, (q) => ({ QuickConnectIds: (q.data.QuickConnectIds ?? []).filter((id) => !gone.has(id)) }));
    return {};
  }

  async ListQueueQuickConnects(input: C.ListQueueQuickConnectsRequest, _ctx: Ctx): Promise<C.ListQueueQuickConnectsResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    const queue = await this.resources.get<QueueData>(this.store, instanceId, 'queue', input.QueueId!);
    const ids = new Set(queue.data.QuickConnectIds ?? []);
    const all = (await this.resources.list<QuickConnectData>(this.store, instanceId, 'quick-connect')).filter((q) => ids.has(q.id));
    const { page, next } = paginate(all, input.MaxResults ?? 100, input.NextToken);
    return {
      QuickConnectSummaryList: page.map((q) => ({ Id: q.id, Arn: q.arn, Name: q.name, QuickConnectType: q.data.QuickConnectConfig.QuickConnectType, LastModifiedTime: modified(q) })),
      NextToken: next, LastModifiedTime: modified(queue),
    };
  }

  /** Refused while a routing profile, a quick connect or a waiting contact uses the queue. */
  async DeleteQueue(input: C.DeleteQueueRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const queue = await this.resources.get<QueueData>(this.store, instanceId, 'queue', input.QueueId!);
    for (const p of await this.resources.list<RoutingProfileData>(this.store, instanceId, 'routing-profile')) {
      if (p.data.DefaultOutboundQueueId === queue.id || p.data.QueueConfigs.some((c) => c.QueueReference.QueueId === queue.id)) {
        throw inUse(`Queue ${queue.name}`, `routing profile ${p.name}`, queue.arn);
      }
    }
    for (const qc of await this.resources.list<QuickConnectData>(this.store, instanceId, 'quick-connect')) {
      if (qc.data.QuickConnectConfig.QueueConfig && idFromArnOrId(qc.data.QuickConnectConfig.QueueConfig.QueueId) === queue.id) {
        throw inUse(`Queue ${queue.name}`, `quick connect ${qc.name}`, queue.arn);
      }
    }
    if ((await this.store.listContactRoutingInQueue(instanceId, queue.id)).length) throw inUse(`Queue ${queue.name}`, 'contacts waiting in it', queue.arn);
    await this.resources.delete(this.store, instanceId, 'queue', queue.id);
    return {};
  }

  // Routing profiles -----------------------------------------------------------------------------------------------
  async UpdateRoutingProfileName(input: C.UpdateRoutingProfileNameRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    await this.resources.update<RoutingProfileData>(this.store, instanceId, 'routing-profile', input.RoutingProfileId!, (p) => ({ Name: input.Name, Description: input.Description ?? p.data.Description }));
    return {};
  }

  async UpdateRoutingProfileConcurrency(input: C.UpdateRoutingProfileConcurrencyRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    await this.resources.update<RoutingProfileData>(this.store, instanceId, 'routing-profile', input.RoutingProfileId!, (p) => {
      const byChannel = new Map(p.data.MediaConcurrencies.map((m) => [m.Channel, m]));
      for (const m of input.MediaConcurrencies ?? []) byChannel.set(m.Channel!, { Channel: m.Channel!, Concurrency: m.Concurrency!, CrossChannelBehavior: m.CrossChannelBehavior });
      return { MediaConcurrencies: [...byChannel.values()] };
    });
    // More chat slots may make agents routable for contacts already waiting.
    await this.router.dispatch(instanceId);
    return {};
  }

  async UpdateRoutingProfileDefaultOutboundQueue(input: C.UpdateRoutingProfileDefaultOutboundQueueRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const queue = await this.resources.get(this.store, instanceId, 'queue', input.DefaultOutboundQueueId!);
    await this.resources.update<RoutingProfileData>(this.store, instanceId, 'routing-profile', input.RoutingProfileId!, () => ({ DefaultOutboundQueueId: queue.id }));
    return {};
  }

  /** A queue already in the profile for that channel → InvalidParameterException, as Amazon answers. */
  async AssociateRoutingProfileQueues(input: C.AssociateRoutingProfileQueuesRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const added = await this.queueConfigs(instanceId, input.QueueConfigs ?? []);
    await this.resources.update<RoutingProfileData>(this.store, instanceId, 'routing-profile', input.RoutingProfileId!, (p) => {
      for (const c of added) {
        if (p.data.QueueConfigs.some((x) => sameQueue(x, c))) throw new ChatError('InvalidParameter', `Queue ${c.QueueReference.QueueId} (${c.QueueReference.Channel}) is already in this routing profile.`);
      }
      return { QueueConfigs: [...p.data.QueueConfigs, ...added] };
    });
    await this.router.dispatch(instanceId);
    return {};
  }

  async DisassociateRoutingProfileQueues(input: C.DisassociateRoutingProfileQueuesRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const refs = (input.QueueReferences ?? []).map((r) => ({ QueueReference: { QueueId: idFromArnOrId(r.QueueId!), Channel: r.Channel! } }));
    await this.resources.update<RoutingProfileData>(this.store, instanceId, 'routing-profile', input.RoutingProfileId!, (p) => ({
      QueueConfigs: p.data.QueueConfigs.filter((c) => !refs.some((r) => sameQueue(c, r))),
    }));
    return {};
  }

  /** Changes priority and delay of queues already in the profile; one that is not → InvalidParameterException. */
  async UpdateRoutingProfileQueues(input: C.UpdateRoutingProfileQueuesRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const changed = await this.queueConfigs(instanceId, input.QueueConfigs ?? []);
    await this.resources.update<RoutingProfileData>(this.store, instanceId, 'routing-profile', input.RoutingProfileId!, (p) => {
      for (const c of changed) {
        if (!p.data.QueueConfigs.some((x) => sameQueue(x, c))) throw new ChatError('InvalidParameter', `Queue ${c.QueueReference.QueueId} (${c.QueueReference.Channel}) is not in this routing profile.`);
      }
      return { QueueConfigs: p.data.QueueConfigs.map((x) => changed.find((c) => sameQueue(x, c)) ?? x) };
    });
    await this.router.dispatch(instanceId);
    return {};
  }

  async ListRoutingProfileQueues(input: C.ListRoutingProfileQueuesRequest, _ctx: Ctx): Promise<C.ListRoutingProfileQueuesResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    const profile = await this.resources.get<RoutingProfileData>(this.store, instanceId, 'routing-profile', input.RoutingProfileId!);
    const summaries: C.RoutingProfileQueueConfigSummary[] = [];
    for (const c of profile.data.QueueConfigs) {
      const queue = await this.resources.find(this.store, instanceId, 'queue', c.QueueReference.QueueId);
      if (queue) summaries.push({ QueueId: queue.id, QueueArn: queue.arn, QueueName: queue.name, Priority: c.Priority, Delay: c.Delay, Channel: c.QueueReference.Channel as C.Channel });
    }
    const { page, next } = paginate(summaries, input.MaxResults ?? 100, input.NextToken);
    return { RoutingProfileQueueConfigSummaryList: page, NextToken: next, LastModifiedTime: modified(profile) };
  }

  async DeleteRoutingProfile(input: C.DeleteRoutingProfileRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const profile = await this.resources.get(this.store, instanceId, 'routing-profile', input.RoutingProfileId!);
    const user = (await this.resources.list<UserData>(this.store, instanceId, 'user')).find((u) => u.data.RoutingProfileId === profile.id);
    if (user) throw inUse(`Routing profile ${profile.name}`, `user ${user.data.Username}`, profile.arn);
    await this.resources.delete(this.store, instanceId, 'routing-profile', profile.id);
    return {};
  }

  // Hours of operation ---------------------------------------------------------------------------------------------
  /** The model declares no ResourceInUseException here: hours a queue uses → InvalidRequestException. */
  async DeleteHoursOfOperation(input: C.DeleteHoursOfOperationRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const hours = await this.resources.get(this.store, instanceId, 'hours-of-operation', input.HoursOfOperationId!);
    const queue = (await this.resources.list<QueueData>(this.store, instanceId, 'queue')).find((q) => q.data.HoursOfOperationId === hours.id);
    if (queue) throw inUse(`Hours of operation ${hours.name}`, `queue ${queue.name}`, hours.arn);
    await this.resources.delete(this.store, instanceId, 'hours-of-operation', hours.id);
    return {};
  }

  // Quick connects -------------------------------------------------------------------------------------------------
  async DescribeQuickConnect(input: C.DescribeQuickConnectRequest, _ctx: Ctx): Promise<C.DescribeQuickConnectResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    const q = await this.resources.get<QuickConnectData>(this.store, instanceId, 'quick-connect', input.QuickConnectId!);
    return {
      QuickConnect: {
        QuickConnectARN: q.arn, QuickConnectId: q.id, Name: q.name, Description: q.data.Description,
        QuickConnectConfig: q.data.QuickConnectConfig as C.QuickConnectConfig, Tags: q.data.Tags, LastModifiedTime: modified(q),
      },
    };
  }

  async UpdateQuickConnectName(input: C.UpdateQuickConnectNameRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    await this.resources.update<QuickConnectData>(this.store, instanceId, 'quick-connect', input.QuickConnectId!, (q) => ({ Name: input.Name, Description: input.Description ?? q.data.Description }));
    return {};
  }

  async UpdateQuickConnectConfig(input: C.UpdateQuickConnectConfigRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const cfg = input.QuickConnectConfig!;
    if (cfg.QuickConnectType === 'USER' && !cfg.UserConfig) throw new ChatError('InvalidParameter', 'QuickConnectConfig.UserConfig is required for a USER quick connect.');
    if (cfg.QuickConnectType === 'QUEUE' && !cfg.QueueConfig) throw new ChatError('InvalidParameter', 'QuickConnectConfig.QueueConfig is required for a QUEUE quick connect.');
    if (cfg.UserConfig) await this.resources.get(this.store, instanceId, 'user', cfg.UserConfig.UserId!);
    if (cfg.QueueConfig) await this.resources.get(this.store, instanceId, 'queue', cfg.QueueConfig.QueueId!);
    for (const flowId of [cfg.UserConfig?.ContactFlowId, cfg.QueueConfig?.ContactFlowId]) {
      if (flowId && !(await this.store.getFlow(instanceId, idFromArnOrId(flowId)))) throw new ChatError('NotFound', `Contact flow ${flowId} not found.`);
    }
    await this.resources.update<QuickConnectData>(this.store, instanceId, 'quick-connect', input.QuickConnectId!, () => ({ QuickConnectConfig: cfg as QuickConnectData['QuickConnectConfig'] }));
    return {};
  }

  /** Also removed from every queue it was associated with, so no agent is offered a transfer to nowhere. */
  async DeleteQuickConnect(input: C.DeleteQuickConnectRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    const qc = await this.resources.get(this.store, instanceId, 'quick-connect', input.QuickConnectId!);
    for (const q of await this.resources.list<QueueData>(this.store, instanceId, 'queue')) {
      if (q.data.QuickConnectIds?.includes(qc.id)) {
        await this.resources.update<QueueData>(this.store, instanceId, 'queue', q.id, () => ({ QuickConnectIds: q.data.QuickConnectIds!.filter((id) => id !== qc.id) }));
      }
    }
    await this.resources.delete(this.store, instanceId, 'quick-connect', qc.id);
    return {};
  }

  // Agent statuses -------------------------------------------------------------------------------------------------
  async CreateAgentStatus(input: C.CreateAgentStatusRequest, _ctx: Ctx): Promise<C.CreateAgentStatusResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    // Statuses created through the API are CUSTOM (not routable), as Amazon's are.
    const r = await this.resources.create<AgentStatusData & { Tags?: Record<string, string> }>(this.store, instanceId, 'agent-status', input.Name!, {
      Description: input.Description, Type: 'CUSTOM', DisplayOrder: input.DisplayOrder, State: input.State as AgentStatusData['State'], Tags: input.Tags,
    });
    return { AgentStatusId: r.id, AgentStatusARN: r.arn };
  }

  async DescribeAgentStatus(input: C.DescribeAgentStatusRequest, _ctx: Ctx): Promise<C.DescribeAgentStatusResponse> {
    const instanceId = await this.instance(input.InstanceId!);
    const s = await this.resources.get<AgentStatusData & { Tags?: Record<string, string> }>(this.store, instanceId, 'agent-status', input.AgentStatusId!);
    return {
      AgentStatus: {
        AgentStatusARN: s.arn, AgentStatusId: s.id, Name: s.name, Description: s.data.Description, Type: s.data.Type,
        DisplayOrder: s.data.DisplayOrder, State: s.data.State, Tags: s.data.Tags, LastModifiedTime: modified(s),
      },
    };
  }

  /** Available and Offline stay enabled: an instance needs a routable and an offline status. */
  async UpdateAgentStatus(input: C.UpdateAgentStatusRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instanceId = await this.instance(input.InstanceId!);
    await this.resources.update<AgentStatusData>(this.store, instanceId, 'agent-status', input.AgentStatusId!, (s) => {
      if (input.State === 'DISABLED' && s.data.Type !== 'CUSTOM') throw new ChatError('InvalidRequest', `Agent status ${s.name} is a ${s.data.Type} status and cannot be disabled.`);
      return {
        Name: input.Name, Description: input.Description ?? s.data.Description, State: (input.State as AgentStatusData['State']) ?? s.data.State,
        DisplayOrder: input.ResetOrderNumber ? undefined : input.DisplayOrder ?? s.data.DisplayOrder,
      };
    });
    return {};
  }

  private async queueConfigs(instanceId: string, configs: C.RoutingProfileQueueConfig[]): Promise<RoutingProfileQueueConfig[]> {
    const out: RoutingProfileQueueConfig[] = [];
    for (const c of configs) {
      const queue = await this.resources.get(this.store, instanceId, 'queue', c.QueueReference!.QueueId!);
      out.push({ QueueReference: { QueueId: queue.id, Channel: c.QueueReference!.Channel! }, Priority: c.Priority!, Delay: c.Delay! });
    }
    return out;
  }
}

const sameQueue = (a: Pick<RoutingProfileQueueConfig, 'QueueReference'>, b: Pick<RoutingProfileQueueConfig, 'QueueReference'>) =>
  a.QueueReference.QueueId === b.QueueReference.QueueId && a.QueueReference.Channel === b.QueueReference.Channel;
