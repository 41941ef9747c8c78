// Row ↔ record mapping for the Kysely store: JSON columns as text, 0/1 booleans, millisecond times
// (BIGINT arrives as a string from pg unless parsed; Number() accepts both).
import type { DB } from './schema.js';
import { emptyFlowData } from './store.js';
import type {
  AgentContactRecord, AgentStateRecord, ContactRecord, ContactRoutingRecord, FlowRecord, InstanceRecord, Json,
  ParticipantRecord, TranscriptItemRecord,
} from './store.js';

type Row<T extends keyof DB> = DB[T];

export const json = (v: unknown) => JSON.stringify(v ?? null);
export const parse = <T>(text: string): T => JSON.parse(text) as T;
export const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function toInstance(r: Row<'instances'>): InstanceRecord {
  return {
    id: r.id, arn: r.arn, alias: r.alias, identityManagementType: r.identity_management_type, status: r.status,
    inboundCallsEnabled: !!r.inbound_calls, outboundCallsEnabled: !!r.outbound_calls, createdAt: Number(r.created_at),
    tags: parse(r.tags),
  };
}

export function toFlow(r: Row<'contact_flows'>): FlowRecord {
  return {
    id: r.id, instanceId: r.instance_id, arn: r.arn, name: r.name, type: r.type, state: r.state, status: r.status,
    description: r.description, content: r.content, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

export const contactColumnToField: Record<string, keyof ContactRecord> = {
  instance_id: 'instanceId', initial_contact_id: 'initialContactId', previous_contact_id: 'previousContactId',
  next_contact_id: 'nextContactId', related_contact_id: 'relatedContactId', channel: 'channel',
  initiation_method: 'initiationMethod', state: 'state', contact_flow_id: 'contactFlowId', attributes: 'attributes',
  segment_attributes: 'segmentAttributes', customer_id: 'customerId', supported_content_types: 'supportedContentTypes',
  chat_duration_minutes: 'chatDurationMinutes', disconnect_on_customer_exit: 'disconnectOnCustomerExit',
  participant_configuration: 'participantConfiguration', persistent_chat: 'persistentChat', initiated_at: 'initiatedAt',
  disconnected_at: 'disconnectedAt', last_updated_at: 'lastUpdatedAt', disconnect_reason: 'disconnectReason',
  expires_at: 'expiresAt', flow_data: 'flow', queue_id: 'queueInfo', enqueued_at: 'queueInfo', routing_priority: 'routing',
  routing_adjust_seconds: 'routing', agent_user_id: 'agentInfo', agent_participant_id: 'agentInfo', agent_accepted_at: 'agentInfo',
  agent_connected_at: 'agentInfo', participant_timers: 'participantTimers',
};

export function fromContact(c: ContactRecord): Row<'contacts'> {
  return {
    id: c.id, instance_id: c.instanceId, initial_contact_id: c.initialContactId, previous_contact_id: c.previousContactId,
    next_contact_id: c.nextContactId, related_contact_id: c.relatedContactId, channel: c.channel,
    initiation_method: c.initiationMethod, state: c.state, contact_flow_id: c.contactFlowId, attributes: json(c.attributes),
    segment_attributes: json(c.segmentAttributes), customer_id: c.customerId,
    supported_content_types: json(c.supportedContentTypes), chat_duration_minutes: c.chatDurationMinutes,
    disconnect_on_customer_exit: json(c.disconnectOnCustomerExit), participant_configuration: json(c.participantConfiguration),
    persistent_chat: json(c.persistentChat), initiated_at: c.initiatedAt, disconnected_at: c.disconnectedAt,
    last_updated_at: c.lastUpdatedAt, disconnect_reason: c.disconnectReason, expires_at: c.expiresAt,
    flow_data: json(c.flow), queue_id: c.queueInfo?.queueId ?? null, enqueued_at: c.queueInfo?.enqueuedAt ?? null,
    routing_priority: c.routing?.priority ?? null, routing_adjust_seconds: c.routing?.adjustSeconds ?? null,
    agent_user_id: c.agentInfo?.userId ?? null, agent_participant_id: c.agentInfo?.participantId ?? null,
    agent_accepted_at: c.agentInfo?.acceptedAt ?? null, agent_connected_at: c.agentInfo?.connectedAt ?? null,
    participant_timers: json(c.participantTimers),
  };
}

export function toContact(r: Row<'contacts'>): ContactRecord {
  return {
    id: r.id, instanceId: r.instance_id, initialContactId: r.initial_contact_id, previousContactId: r.previous_contact_id,
    nextContactId: r.next_contact_id, relatedContactId: r.related_contact_id, channel: r.channel,
    initiationMethod: r.initiation_method, state: r.state as ContactRecord['state'], contactFlowId: r.contact_flow_id,
    attributes: parse(r.attributes), segmentAttributes: parse(r.segment_attributes), customerId: r.customer_id,
    supportedContentTypes: parse(r.supported_content_types), chatDurationMinutes: r.chat_duration_minutes,
    disconnectOnCustomerExit: parse(r.disconnect_on_customer_exit), participantConfiguration: parse(r.participant_configuration),
    persistentChat: parse(r.persistent_chat), initiatedAt: Number(r.initiated_at), disconnectedAt: num(r.disconnected_at),
    lastUpdatedAt: Number(r.last_updated_at), disconnectReason: r.disconnect_reason, expiresAt: Number(r.expires_at),
    flow: r.flow_data ? parse(r.flow_data) : emptyFlowData(),
    queueInfo: r.queue_id === null ? null : { queueId: r.queue_id, enqueuedAt: Number(r.enqueued_at) },
    routing: { priority: r.routing_priority, adjustSeconds: r.routing_adjust_seconds },
    agentInfo: r.agent_user_id === null ? null : {
      userId: r.agent_user_id, participantId: r.agent_participant_id!, acceptedAt: Number(r.agent_accepted_at), connectedAt: Number(r.agent_connected_at),
    },
    participantTimers: r.participant_timers ? parse(r.participant_timers) : { config: {}, idle: {} },
  };
}

export function toParticipant(r: Row<'participants'>): ParticipantRecord {
  return {
    id: r.id, contactId: r.contact_id, initialContactId: r.initial_contact_id, role: r.role as ParticipantRecord['role'],
    displayName: r.display_name, state: r.state as ParticipantRecord['state'], connected: !!r.connected,
    joinedAt: Number(r.joined_at), leftAt: num(r.left_at),
  };
}

export function toItem(r: Row<'transcript_items'>): TranscriptItemRecord {
  return {
    id: r.id, initialContactId: r.initial_contact_id, contactId: r.contact_id, type: r.type, contentType: r.content_type,
    content: r.content, participantId: r.participant_id, displayName: r.display_name, participantRole: r.participant_role,
    absoluteTime: Number(r.absolute_time), attachments: parse<Json>(r.attachments), relatedContactId: r.related_contact_id,
  };
}

export function fromFlow(f: FlowRecord): Row<'contact_flows'> {
  return {
    id: f.id, instance_id: f.instanceId, arn: f.arn, name: f.name, type: f.type, state: f.state, status: f.status,
    description: f.description, content: f.content, created_at: f.createdAt, updated_at: f.updatedAt,
  };
}

export function toRouting(r: Row<'contact_routing'>): ContactRoutingRecord {
  return {
    contactId: r.contact_id, instanceId: r.instance_id, queueId: r.queue_id, priority: Number(r.priority),
    enqueuedAt: Number(r.enqueued_at), routingAgeAt: Number(r.routing_age_at), state: r.state as ContactRoutingRecord['state'],
    agentId: r.agent_id, declined: parse(r.declined),
  };
}

export function fromRouting(r: ContactRoutingRecord): Row<'contact_routing'> {
  return {
    contact_id: r.contactId, instance_id: r.instanceId, queue_id: r.queueId, priority: r.priority, enqueued_at: r.enqueuedAt,
    routing_age_at: r.routingAgeAt, state: r.state, agent_id: r.agentId, declined: json(r.declined),
  };
}

export function toAgentState(r: Row<'agent_states'>): AgentStateRecord {
  return {
    userId: r.user_id, instanceId: r.instance_id, status: r.status, routable: !!r.routable, since: Number(r.since),
    idleSince: Number(r.idle_since), missed: Number(r.missed), online: !!r.online,
  };
}

export function toAgentContact(r: Row<'agent_contacts'>): AgentContactRecord {
  return {
    userId: r.user_id, contactId: r.contact_id, instanceId: r.instance_id, state: r.state as AgentContactRecord['state'],
    since: Number(r.since), expiresAt: num(r.expires_at),
  };
}
