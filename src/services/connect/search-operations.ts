// SearchQueues, SearchUsers, SearchRoutingProfiles (string conditions nested in And/Or lists, tag filters) and
// GetCurrentUserData (each online agent's status, slots and contacts), over the instance's routing resources.
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import type { ChatContext } from '../../chat/chat-context.js';
import { ChatError } from '../../chat/chat-errors.js';
import { idFromArnOrId } from '../../chat/arns.js';
import type { Instances } from '../../chat/instances.js';
import type { InstanceResources, Resource } from '../../routing/instance-resources.js';
import type { AgentStatusData, QueueData, RoutingProfileData, UserData } from '../../routing/resource-types.js';
import type { AgentContactRecord } from '../../storage/store.js';
import { paginate } from './pagination.js';

type Ctx = OperationContext;
type Tags = Record<string, string>;

/** A search criteria tree as the three Search* operations share it (StringCondition leaves, And/Or lists). */
interface Criteria {
  OrConditions?: Criteria[];
  AndConditions?: Criteria[];
  StringCondition?: C.StringCondition;
}

/** The values of a searchable field of a resource (API reference: FieldName values of each Search* operation). */
type Fields<T> = Record<string, (r: Resource<T>) => (string | undefined)[]>;

const QUEUE_FIELDS: Fields<QueueData> = { name: (r) => [r.name], description: (r) => [r.data.Description], resourceid: (r) => [r.id] };
const PROFILE_FIELDS: Fields<RoutingProfileData> = {
  name: (r) => [r.name], description: (r) => [r.data.Description], resourceid: (r) => [r.id],
  associatedqueueids: (r) => r.data.QueueConfigs.map((c) => c.QueueReference.QueueId),
};
const USER_FIELDS: Fields<UserData> = {
  username: (r) => [r.data.Username], name: (r) => [r.data.Username], firstname: (r) => [r.data.IdentityInfo?.FirstName],
  lastname: (r) => [r.data.IdentityInfo?.LastName], resourceid: (r) => [r.id], routingprofileid: (r) => [r.data.RoutingProfileId],
  securityprofileid: (r) => r.data.SecurityProfileIds, agentgroupid: (r) => [r.data.HierarchyGroupId], hierarchygroupid: (r) => [r.data.HierarchyGroupId],
};

function matches<T>(r: Resource<T>, criteria: Criteria | undefined, fields: Fields<T>): boolean {
  if (!criteria) return true;
  if (criteria.OrConditions?.length && !criteria.OrConditions.some((c) => matches(r, c, fields))) return false;
  if (criteria.AndConditions?.length && !criteria.AndConditions.every((c) => matches(r, c, fields))) return false;
  const s = criteria.StringCondition;
  if (s) {
    const field = fields[(s.FieldName ?? '').toLowerCase()];
    if (!field) throw new ChatError('InvalidParameter', `FieldName ${s.FieldName} cannot be searched; use one of ${Object.keys(fields).join(', ')}.`);
    const wanted = (s.Value ?? '').toLowerCase();
    const test = (v: string) => (s.ComparisonType === 'EXACT' ? v === wanted : s.ComparisonType === 'STARTS_WITH' ? v.startsWith(wanted) : v.includes(wanted));
    if (!field(r).some((v) => v !== undefined && test(v.toLowerCase()))) return false;
  }
  return true;
}

function tagged(tags: Tags | undefined, filter: C.ControlPlaneTagFilter | undefined): boolean {
  if (!filter) return true;
  const has = (c: C.TagCondition) => tags?.[c.TagKey!] !== undefined && (c.TagValue === undefined || tags[c.TagKey!] === c.TagValue);
  if (filter.TagCondition && !has(filter.TagCondition)) return false;
  if (filter.AndConditions?.length && !filter.AndConditions.every(has)) return false;
  if (filter.OrConditions?.length && !filter.OrConditions.some((all) => all.every(has))) return false;
  return true;
}

/** Connect's AgentContactState for the state an agent holds a chat in. */
const CONTACT_STATE: Record<AgentContactRecord['state'], C.ContactState> = { OFFERED: 'INCOMING', CONNECTED: 'CONNECTED', ACW: 'ENDED' };

export class SearchOperations {
  constructor(private readonly ctx: ChatContext, private readonly instances: Instances, private readonly resources: InstanceResources) {}

  private async search<T extends { Tags?: Tags }>(instanceId: string, kind: 'queue' | 'routing-profile' | 'user', criteria: Criteria | undefined,
    fields: Fields<T>, tagFilter: C.ControlPlaneTagFilter | undefined, maxResults: number | undefined, nextToken: string | undefined) {
    const all = (await this.resources.list<T>(this.ctx.store, instanceId, kind)).filter((r) => tagged(r.data.Tags, tagFilter) && matches(r, criteria, fields));
    return { ...paginate(all, maxResults ?? 100, nextToken), total: all.length };
  }

  async SearchQueues(input: C.SearchQueuesRequest, _ctx: Ctx): Promise<C.SearchQueuesResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const { page, next, total } = await this.search<QueueData>(instance.id, 'queue', input.SearchCriteria as Criteria, QUEUE_FIELDS, input.SearchFilter?.TagFilter, input.MaxResults, input.NextToken);
    return {
      Queues: page.map((q) => ({
        Name: q.name, QueueArn: q.arn, QueueId: q.id, Description: q.data.Description, HoursOfOperationId: q.data.HoursOfOperationId,
        MaxContacts: q.data.MaxContacts, Status: q.data.Status, Tags: q.data.Tags,
      })),
      NextToken: next, ApproximateTotalCount: total,
    };
  }

  async SearchRoutingProfiles(input: C.SearchRoutingProfilesRequest, _ctx: Ctx): Promise<C.SearchRoutingProfilesResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const { page, next, total } = await this.search<RoutingProfileData>(instance.id, 'routing-profile', input.SearchCriteria as Criteria, PROFILE_FIELDS, input.SearchFilter?.TagFilter, input.MaxResults, input.NextToken);
    return {
      RoutingProfiles: page.map((r) => ({
        InstanceId: instance.id, Name: r.name, RoutingProfileArn: r.arn, RoutingProfileId: r.id, Description: r.data.Description,
        MediaConcurrencies: r.data.MediaConcurrencies as C.MediaConcurrency[], DefaultOutboundQueueId: r.data.DefaultOutboundQueueId,
        NumberOfAssociatedQueues: r.data.QueueConfigs.length, Tags: r.data.Tags,
      })),
      NextToken: next, ApproximateTotalCount: total,
    };
  }

  async SearchUsers(input: C.SearchUsersRequest, _ctx: Ctx): Promise<C.SearchUsersResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const { page, next, total } = await this.search<UserData>(instance.id, 'user', input.SearchCriteria as Criteria, USER_FIELDS, input.SearchFilter?.TagFilter, input.MaxResults, input.NextToken);
    return {
      Users: page.map((u) => ({
        Arn: u.arn, Id: u.id, Username: u.data.Username, RoutingProfileId: u.data.RoutingProfileId, SecurityProfileIds: u.data.SecurityProfileIds,
        HierarchyGroupId: u.data.HierarchyGroupId, IdentityInfo: u.data.IdentityInfo && { FirstName: u.data.IdentityInfo.FirstName, LastName: u.data.IdentityInfo.LastName },
        PhoneConfig: u.data.PhoneConfig as C.UserPhoneConfig, Tags: u.data.Tags,
      })),
      NextToken: next, ApproximateTotalCount: total,
    };
  }

  /** Agents online now (logged in to the workspace or set to a status through PutUserStatus), filtered as asked. */
  async GetCurrentUserData(input: C.GetCurrentUserDataRequest, _ctx: Ctx): Promise<C.GetCurrentUserDataResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const f = input.Filters ?? {};
    const { store } = this.ctx;
    const users = new Map((await this.resources.list<UserData>(store, instance.id, 'user')).map((u) => [u.id, u]));
    const profiles = new Map((await this.resources.list<RoutingProfileData>(store, instance.id, 'routing-profile')).map((p) => [p.id, p]));
    const statuses = await this.resources.list<AgentStatusData>(store, instance.id, 'agent-status');
    const held = await store.listAgentContacts({ instanceId: instance.id });
    const wantAgents = f.Agents?.length ? new Set(f.Agents.map(idFromArnOrId)) : undefined;
    const wantProfiles = f.RoutingProfiles?.length ? new Set(f.RoutingProfiles.map(idFromArnOrId)) : undefined;
    const wantQueues = f.Queues?.length ? new Set(f.Queues.map(idFromArnOrId)) : undefined;
    const list: C.UserData[] = [];
    for (const state of await store.listAgentStates(instance.id)) {
      const user = users.get(state.userId);
      const profile = user && profiles.get(user.data.RoutingProfileId);
      if (!user || !profile || !state.online) continue;
      if (wantAgents && !wantAgents.has(user.id)) continue;
      if (wantProfiles && !wantProfiles.has(profile.id)) continue;
      if (wantQueues && !profile.data.QueueConfigs.some((c) => wantQueues.has(c.QueueReference.QueueId))) continue;
      const contacts: C.AgentContactReference[] = [];
      for (const h of held.filter((x) => x.userId === user.id)) {
        const contact = await store.getContact(h.contactId);
        const queueId = contact?.queueInfo?.queueId;
        const queue = queueId && !queueId.startsWith('agent:') ? await this.resources.find(store, instance.id, 'queue', queueId) : undefined;
        contacts.push({
          ContactId: h.contactId, Channel: 'CHAT', InitiationMethod: contact?.initiationMethod as C.ContactInitiationMethod,
          AgentContactState: CONTACT_STATE[h.state], StateStartTimestamp: new Date(h.since),
          ConnectedToAgentTimestamp: contact?.agentInfo ? new Date(contact.agentInfo.connectedAt) : undefined,
          Queue: queue ? { Id: queue.id, Arn: queue.arn } : undefined,
        });
      }
      if (f.ContactFilter?.ContactStates?.length && !contacts.some((c) => f.ContactFilter!.ContactStates!.includes(c.AgentContactState!))) continue;
      const max = profile.data.MediaConcurrencies.find((m) => m.Channel === 'CHAT')?.Concurrency ?? 0;
      const active = held.filter((x) => x.userId === user.id).length;
      const status = statuses.find((s) => s.name === state.status);
      list.push({
        User: { Id: user.id, Arn: user.arn }, RoutingProfile: { Id: profile.id, Arn: profile.arn },
        Status: { StatusName: state.status, StatusArn: status?.arn, StatusStartTimestamp: new Date(state.since) },
        MaxSlotsByChannel: { CHAT: max }, ActiveSlotsByChannel: { CHAT: active }, AvailableSlotsByChannel: { CHAT: state.routable ? Math.max(0, max - active) : 0 },
        Contacts: contacts,
      });
    }
    const { page, next } = paginate(list, input.MaxResults ?? 100, input.NextToken);
    return { UserDataList: page, NextToken: next, ApproximateTotalCount: list.length };
  }
}
