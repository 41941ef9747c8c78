// The Store port's records: what each table of the durable truth holds, as the domain sees it (the port itself and
// its guarantees are in store.ts, which re-exports these).
/** An insert or update that would break a unique key (a name or alias already taken). */
export class UniqueViolation extends Error {
  constructor(cause?: unknown) {
    super('A unique key would be duplicated.', { cause });
  }
}

/**
 * Inside a transaction, a ClientToken's (scope, token) that another request recorded first: the transaction fails
 * (putIdempotencyRecord) and this carries what the first request stored, to be replayed or refused.
 */
export class IdempotencyTaken extends Error {
  constructor(readonly attempted: IdempotencyRecord, readonly stored: IdempotencyRecord) {
    super(`ClientToken ${attempted.token} was recorded first by another request.`);
  }
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface InstanceRecord {
  id: string;
  arn: string;
  alias: string | null;
  identityManagementType: string;
  status: string;
  inboundCallsEnabled: boolean;
  outboundCallsEnabled: boolean;
  createdAt: number;
  tags: Record<string, string>;
}

export interface FlowRecord {
  id: string;
  instanceId: string;
  arn: string;
  name: string;
  type: string;
  state: string;
  status: string;
  description: string | null;
  content: string;
  createdAt: number;
  updatedAt: number;
}

/** Queues, routing profiles, hours of operation…: named instance resources kept as JSON for now. */
export interface InstanceResourceRecord {
  instanceId: string;
  kind: string;
  id: string;
  arn: string;
  name: string;
  data: Json;
}

export interface ContactRecord {
  id: string;
  instanceId: string;
  initialContactId: string;
  previousContactId: string | null;
  nextContactId: string | null;
  relatedContactId: string | null;
  channel: string;
  initiationMethod: string;
  state: 'ACTIVE' | 'ENDED';
  contactFlowId: string;
  attributes: Record<string, string>;
  segmentAttributes: Json;
  customerId: string | null;
  supportedContentTypes: string[];
  chatDurationMinutes: number;
  disconnectOnCustomerExit: string[];
  participantConfiguration: Json;
  persistentChat: Json;
  initiatedAt: number;
  disconnectedAt: number | null;
  lastUpdatedAt: number;
  disconnectReason: string | null;
  expiresAt: number;
  /** What flows set on the contact (owner: contact-flows/flow-runner.ts). */
  flow: ContactFlowData;
  /** The queue the contact was last placed in (owner: routing/router.ts); DescribeContact's QueueInfo. */
  queueInfo: { queueId: string; enqueuedAt: number } | null;
  /** Routing priority and age adjustment set by flows or UpdateContactRoutingData (owner: routing/router.ts). */
  routing: { priority: number | null; adjustSeconds: number | null };
  /** The agent who took the contact (owner: routing/agent-desk.ts); DescribeContact's AgentInfo. */
  agentInfo: { userId: string; participantId: string; acceptedAt: number; connectedAt: number } | null;
  /** UpdateParticipantRoleConfig timers and who is idle (owner: routing/participant-timers.ts). */
  participantTimers: ParticipantTimerState;
}

export type ParticipantRole = 'CUSTOMER' | 'AGENT' | 'CUSTOM_BOT' | 'SYSTEM' | 'SUPERVISOR';

export interface ParticipantRecord {
  id: string;
  contactId: string;
  initialContactId: string;
  role: ParticipantRole;
  displayName: string;
  state: 'JOINED' | 'LEFT';
  connected: boolean;
  joinedAt: number;
  leftAt: number | null;
}

export type TokenKind = 'participant' | 'connection' | 'websocket' | 'agent-session' | 'view' | 'admin-session';

export interface TokenRecord {
  hash: string;
  kind: TokenKind;
  participantId: string;
  contactId: string;
  expiresAt: number | null;
}

export interface TokenSession {
  token: TokenRecord;
  participant: ParticipantRecord;
  contact: ContactRecord;
}

export interface TranscriptItemRecord {
  id: string;
  initialContactId: string;
  contactId: string;
  type: string;
  contentType: string;
  content: string | null;
  participantId: string | null;
  displayName: string | null;
  participantRole: string | null;
  absoluteTime: number;
  attachments: Json;
  relatedContactId: string | null;
}

export interface ReceiptRecord {
  messageId: string;
  initialContactId: string;
  recipientParticipantId: string;
  deliveredAt: number | null;
  readAt: number | null;
}

/** Flow-set data of a contact: event hooks, working queue or agent, recorded values, contact data. */
export interface ContactFlowData {
  eventHooks: Record<string, string>;
  targetQueue: string | null;
  targetAgent: string | null;
  record: Record<string, Json>;
  contactData: Record<string, Json>;
}

export type TimerRole = 'CUSTOMER' | 'AGENT';

export interface ParticipantTimerState {
  config: Partial<Record<TimerRole, { IDLE?: number; DISCONNECT_NONCUSTOMER?: number }>>;
  idle: Partial<Record<TimerRole, boolean>>;
}

export const emptyFlowData = (): ContactFlowData => ({ eventHooks: {}, targetQueue: null, targetAgent: null, record: {}, contactData: {} });

/** A flow run of a contact (owner: contact-flows/flow-runner.ts): the interpreter's state, kept while it waits. */
export interface FlowRunRecord {
  contactId: string;
  kind: 'main' | 'queue';
  /** The interpreter's run state (contact-flows/flow-types.ts FlowRunState). */
  state: Json;
  waiting: boolean;
}

export interface IdempotencyRecord {
  scope: string;
  token: string;
  requestHash: string;
  response: Json;
  createdAt: number;
}

export interface TimerRecord {
  id: string;
  kind: string;
  contactId: string;
  dueAt: number;
  payload: Json;
}

/** A contact waiting in (or offered from) a queue. queueId "agent:<userId>" is that agent's personal queue. */
export interface ContactRoutingRecord {
  contactId: string;
  instanceId: string;
  queueId: string;
  priority: number;
  enqueuedAt: number;
  /** Ordering time: enqueue time moved by QueueTimeAdjustmentSeconds (older is served first). */
  routingAgeAt: number;
  state: 'QUEUED' | 'OFFERED';
  agentId: string | null;
  /** Agents who rejected or missed this contact, not offered it again. */
  declined: string[];
}

export interface AgentStateRecord {
  userId: string;
  instanceId: string;
  status: string;
  routable: boolean;
  since: number;
  /** When the agent last had no contact: the longest idle agent is offered first. */
  idleSince: number;
  missed: number;
  online: boolean;
}

export interface AgentContactRecord {
  userId: string;
  contactId: string;
  instanceId: string;
  state: 'OFFERED' | 'CONNECTED' | 'ACW';
  since: number;
  expiresAt: number | null;
}

/** An attachment of a chat: announced (PENDING_UPLOAD), UPLOADED, then APPROVED or REJECTED on completion. */
export interface AttachmentRecord {
  id: string;
  initialContactId: string;
  contactId: string;
  participantId: string;
  name: string;
  contentType: string;
  declaredSize: number;
  size: number | null;
  status: 'PENDING_UPLOAD' | 'UPLOADED' | 'APPROVED' | 'REJECTED';
  createdAt: number;
}

/** A chat continued from a past contact (persistent chat). */
export interface PersistentLinkRecord {
  continuedFromContactId: string;
  /** The new chat (its initial contact). */
  initialContactId: string;
  instanceId: string;
  rehydrationType: string;
  sourceContactId: string;
  createdAt: number;
}

/** A StartContactStreaming stream (owner: chat/chat-streams.ts): where a chat's items go and how far they went. */
export interface ContactStreamRecord {
  id: string;
  instanceId: string;
  initialContactId: string;
  endpointArn: string;
  createdAt: number;
  stoppedAt: number | null;
  /** The last transcript item delivered (items go in id order), or null before the first. */
  deliveredThrough: string | null;
  /** Delivery is leased to one node at a time, so items go out once and in order. */
  leaseUntil: number | null;
  /** Failed deliveries in a row (the back-off grows with it). */
  failures: number;
}

/** One action of a contact's path through its flows (owner: contact-flows/flow-runner.ts). */
export interface FlowTraceRecord {
  /** Time-ordered (UUIDv7), so id order is the order of execution. */
  id: string;
  initialContactId: string;
  contactId: string;
  at: number;
  entry: Json;
}

/** One contact event, as delivered (owner: chat/contact-events.ts). Ids are UUIDv7: id order is the order made. */
export interface ContactEventRecord {
  id: string;
  instanceId: string;
  contactId: string;
  at: number;
  body: Json;
}

/** How far contact events went to one endpoint; leased to one node at a time (owner: chat/contact-events.ts). */
export interface ContactEventCursorRecord {
  endpoint: string;
  deliveredThrough: string | null;
  leaseUntil: number | null;
  failures: number;
}

/** The chat an external conversation is in (owner: chat/chat-integrations.ts). */
export interface IntegrationChatRecord {
  destinationId: string;
  sourceId: string;
  subtype: string;
  initialContactId: string;
  updatedAt: number;
}

export interface TranscriptQuery {
  initialContactId: string;
  contactId?: string;
  /** Items strictly after / before this item id (ids are time-ordered). */
  afterId?: string;
  beforeId?: string;
  /** Inclusive id bounds (used for StartPosition.Id). */
  fromId?: string;
  toId?: string;
  fromTime?: number;
  toTime?: number;
  order: 'asc' | 'desc';
  limit: number;
}
