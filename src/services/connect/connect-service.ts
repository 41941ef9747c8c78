// ConnectService: the Amazon Connect control-plane operations Switchboard implements, one method per
// operation, thin over the chat domain. Inputs and outputs are the AWS SDK's own types; every operation
// of the model without a method here answers NotImplementedException (operation-dispatcher).
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import { ChatError } from '../../chat/chat-errors.js';
import type { ContactLifecycle } from '../../routing/contact-lifecycle.js';
import type { Contacts } from '../../chat/contacts.js';
import type { Instances } from '../../chat/instances.js';
import type { Participants } from '../../chat/participants.js';
import type { ChatStarter } from '../../chat/start-chat.js';
import type { ContactRecord, InstanceRecord, Store } from '../../storage/store.js';
import { arns } from '../../chat/arns.js';
import type { ChatSettings } from '../../chat/chat-context.js';
import { paginate } from './pagination.js';
import { searchContacts } from '../../chat/contact-search.js';
import { startChatContact } from './start-chat-contact.js';
import type { ParticipantTimers } from '../../routing/participant-timers.js';
import type { PersistentChats, RehydrationType } from '../../chat/persistent-chat.js';

export interface ConnectServiceDeps {
  store: Store;
  settings: ChatSettings;
  instances: Instances;
  contacts: Contacts;
  lifecycle: ContactLifecycle;
  participants: Participants;
  starter: ChatStarter;
  participantTimers: ParticipantTimers;
  persistent: PersistentChats;
}

type Ctx = OperationContext;

export class ConnectService {
  constructor(private readonly d: ConnectServiceDeps) {}

  async CreateInstance(input: C.CreateInstanceRequest, _ctx: Ctx): Promise<C.CreateInstanceResponse> {
    const { id, arn } = await this.d.instances.create({
      identityManagementType: input.IdentityManagementType!, alias: input.InstanceAlias,
      inboundCallsEnabled: input.InboundCallsEnabled!, outboundCallsEnabled: input.OutboundCallsEnabled!,
      tags: input.Tags, clientToken: input.ClientToken,
    });
    return { Id: id, Arn: arn };
  }

  async DescribeInstance(input: C.DescribeInstanceRequest, _ctx: Ctx): Promise<C.DescribeInstanceResponse> {
    const i = await this.d.instances.get(input.InstanceId!);
    return { Instance: { ...instanceSummary(i), Tags: i.tags } };
  }

  async ListInstances(input: C.ListInstancesRequest, _ctx: Ctx): Promise<C.ListInstancesResponse> {
    const all = await this.d.instances.list();
    const { page, next } = paginate(all, input.MaxResults ?? 10, input.NextToken);
    return { InstanceSummaryList: page.map(instanceSummary), NextToken: next };
  }

  async DeleteInstance(input: C.DeleteInstanceRequest, _ctx: Ctx): Promise<Record<string, never>> {
    await this.d.instances.delete(input.InstanceId!);
    return {};
  }

  StartChatContact(input: C.StartChatContactRequest, _ctx: Ctx): Promise<C.StartChatContactResponse> {
    return startChatContact(this.d.starter, input);
  }

  async DescribeContact(input: C.DescribeContactRequest, _ctx: Ctx): Promise<C.DescribeContactResponse> {
    const instance = await this.d.instances.get(input.InstanceId!);
    const c = await this.d.contacts.get(this.d.store, instance.id, input.ContactId!);
    const next = c.nextContactId ? await this.d.store.getContact(c.nextContactId) : undefined;
    return { Contact: this.describe(c, next) };
  }

  async StopContact(input: C.StopContactRequest, _ctx: Ctx): Promise<C.StopContactResponse> {
    const instance = await this.d.instances.get(input.InstanceId!);
    await this.d.lifecycle.stop(instance.id, input.ContactId!, input.DisconnectReason?.Code ?? null);
    return {};
  }

  async UpdateContactAttributes(input: C.UpdateContactAttributesRequest, _ctx: Ctx): Promise<C.UpdateContactAttributesResponse> {
    const instance = await this.d.instances.get(input.InstanceId!);
    await this.d.contacts.updateAttributes(instance.id, input.InitialContactId!, input.Attributes ?? {});
    return {};
  }

  async GetContactAttributes(input: C.GetContactAttributesRequest, _ctx: Ctx): Promise<C.GetContactAttributesResponse> {
    const instance = await this.d.instances.get(input.InstanceId!);
    const c = await this.d.contacts.get(this.d.store, instance.id, input.InitialContactId!);
    return { Attributes: c.attributes };
  }

  async CreateParticipant(input: C.CreateParticipantRequest, _ctx: Ctx): Promise<C.CreateParticipantResponse> {
    const instance = await this.d.instances.get(input.InstanceId!);
    const details = input.ParticipantDetails!;
    // API reference: "Only CUSTOM_BOT is currently supported" as the role of an added chat participant.
    if (details.ParticipantRole !== 'CUSTOM_BOT') {
      throw new ChatError('InvalidRequest', 'ParticipantDetails.ParticipantRole must be CUSTOM_BOT for chat contacts.');
    }
    if (!details.DisplayName) throw new ChatError('InvalidRequest', 'ParticipantDetails.DisplayName is required.');
    const added = await this.d.participants.addBot(instance.id, input.ContactId!, details.DisplayName, input.ClientToken);
    const contact = await this.d.store.getContact(input.ContactId!);
    return {
      ParticipantId: added.participantId,
      ParticipantCredentials: {
        ParticipantToken: added.participantToken,
        // The token lives as long as the participant is in the chat, at most until the chat expires.
        Expiry: new Date(contact?.expiresAt ?? Date.now()).toISOString(),
      },
    };
  }

  async SearchContacts(input: C.SearchContactsRequest, _ctx: Ctx): Promise<C.SearchContactsResponse> {
    const instance = await this.d.instances.get(input.InstanceId!);
    const c = input.SearchCriteria ?? {};
    const found = await searchContacts(this.d.store, instance.id, {
      timeRange: { type: input.TimeRange!.Type!, start: input.TimeRange!.StartTime!.getTime(), end: input.TimeRange!.EndTime!.getTime() },
      channels: c.Channels, initiationMethods: c.InitiationMethods, queueIds: c.QueueIds, agentIds: c.AgentIds,
      attributes: c.SearchableContactAttributes && {
        criteria: (c.SearchableContactAttributes.Criteria ?? []).map((k) => ({ key: k.Key!, values: k.Values ?? [] })),
        matchType: (c.SearchableContactAttributes.MatchType ?? 'MATCH_ALL') as 'MATCH_ALL' | 'MATCH_ANY',
      },
      sort: input.Sort && { field: input.Sort.FieldName!, order: input.Sort.Order as 'ASCENDING' | 'DESCENDING' },
    });
    const { page, next } = paginate(found, input.MaxResults ?? 100, input.NextToken);
    return {
      Contacts: page.map((x) => {
        const d = this.describe(x);
        return {
          Arn: d.Arn, Id: d.Id, InitialContactId: d.InitialContactId, PreviousContactId: d.PreviousContactId, InitiationMethod: d.InitiationMethod,
          Channel: d.Channel, InitiationTimestamp: d.InitiationTimestamp, DisconnectTimestamp: d.DisconnectTimestamp,
          QueueInfo: d.QueueInfo && { Id: d.QueueInfo.Id, EnqueueTimestamp: d.QueueInfo.EnqueueTimestamp },
          AgentInfo: d.AgentInfo && { Id: d.AgentInfo.Id, ConnectedToAgentTimestamp: d.AgentInfo.ConnectedToAgentTimestamp },
        };
      }),
      NextToken: next,
      TotalCount: found.length,
    };
  }

  async CreatePersistentContactAssociation(
    input: C.CreatePersistentContactAssociationRequest,
    _ctx: Ctx,
  ): Promise<C.CreatePersistentContactAssociationResponse> {
    const instance = await this.d.instances.get(input.InstanceId!);
    const continued = await this.d.persistent.associate(
      instance.id, input.InitialContactId!, input.RehydrationType as RehydrationType, input.SourceContactId!, input.ClientToken,
    );
    return { ContinuedFromContactId: continued };
  }

  /** No authentication session exists here (see Participants.authenticationSession): every State is unknown. */
  async UpdateParticipantAuthentication(input: C.UpdateParticipantAuthenticationRequest, _ctx: Ctx): Promise<C.UpdateParticipantAuthenticationResponse> {
    await this.d.instances.get(input.InstanceId!);
    throw new ChatError('InvalidRequest', 'No authentication session has this State: customer authentication (the Authenticate Customer flow block, Amazon Cognito) is not available in Switchboard.');
  }

  async UpdateParticipantRoleConfig(input: C.UpdateParticipantRoleConfigRequest, _ctx: Ctx): Promise<C.UpdateParticipantRoleConfigResponse> {
    const instance = await this.d.instances.get(input.InstanceId!);
    const list = input.ChannelConfiguration?.Chat?.ParticipantTimerConfigList ?? [];
    await this.d.participantTimers.configure(instance.id, input.ContactId!, list.map((t) => ({
      role: t.ParticipantRole as 'CUSTOMER' | 'AGENT',
      type: t.TimerType as 'IDLE' | 'DISCONNECT_NONCUSTOMER',
      minutes: t.TimerValue?.ParticipantTimerDurationInMinutes,
      unset: t.TimerValue?.ParticipantTimerAction === 'Unset',
    })));
    return {};
  }

  private describe(c: ContactRecord, next?: ContactRecord): C.Contact {
    return {
      Arn: arns.child(this.d.settings.arn, c.instanceId, 'contact', c.id),
      Id: c.id,
      InitialContactId: c.initialContactId,
      PreviousContactId: c.previousContactId ?? undefined,
      RelatedContactId: c.relatedContactId ?? undefined,
      InitiationMethod: c.initiationMethod as C.ContactInitiationMethod,
      Channel: c.channel as C.Channel,
      InitiationTimestamp: new Date(c.initiatedAt),
      DisconnectTimestamp: c.disconnectedAt ? new Date(c.disconnectedAt) : undefined,
      LastUpdateTimestamp: new Date(c.lastUpdatedAt),
      DisconnectReason: c.disconnectReason ?? undefined,
      CustomerId: c.customerId ?? undefined,
      Name: typeof c.flow.contactData.Name === 'string' ? c.flow.contactData.Name : undefined,
      Description: typeof c.flow.contactData.Description === 'string' ? c.flow.contactData.Description : undefined,
      QueueInfo: c.queueInfo && !c.queueInfo.queueId.startsWith('agent:')
        ? { Id: c.queueInfo.queueId, EnqueueTimestamp: new Date(c.queueInfo.enqueuedAt) }
        : undefined,
      AgentInfo: c.agentInfo
        ? {
          Id: c.agentInfo.userId,
          AcceptedByAgentTimestamp: new Date(c.agentInfo.acceptedAt),
          ConnectedToAgentTimestamp: new Date(c.agentInfo.connectedAt),
        }
        : undefined,
      QueuePriority: c.routing.priority ?? undefined,
      QueueTimeAdjustmentSeconds: c.routing.adjustSeconds ?? undefined,
      SegmentAttributes: c.segmentAttributes as C.Contact['SegmentAttributes'],
      Attributes: c.attributes,
      // NextContacts lists quick-connect transfers only (the model's NextContactType is QUICK_CONNECT).
      NextContacts: next?.initiationMethod === 'TRANSFER'
        ? [{ Type: 'QUICK_CONNECT', NextContactMetadata: { QuickConnectContactData: { ContactId: next.id, InitiationTimestamp: new Date(next.initiatedAt) } } } as C.NextContactEntry]
        : undefined,
    };
  }
}

function instanceSummary(i: InstanceRecord): C.InstanceSummary {
  return {
    Id: i.id, Arn: i.arn, IdentityManagementType: i.identityManagementType as C.DirectoryType,
    InstanceAlias: i.alias ?? undefined, CreatedTime: new Date(i.createdAt), InstanceStatus: i.status as C.InstanceStatus,
    InboundCallsEnabled: i.inboundCallsEnabled, OutboundCallsEnabled: i.outboundCallsEnabled,
  };
}
