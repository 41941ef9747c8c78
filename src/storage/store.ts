// The Store port: the durable truth of Switchboard. The domain talks only to this interface.
// Guarantees every implementation keeps (checked by test/contracts/store.contract.ts):
//  - a write has reached durable storage when its promise resolves;
//  - transaction() is atomic and isolated: concurrent transactions behave as if run one after another;
//  - putIdempotencyRecord and claimTimer are first-writer-wins across processes sharing the store;
//  - names that must be unique (instance aliases, flow names, resource names per kind) are unique by index: a
//    second insert throws UniqueViolation, whichever node makes it;
//  - transcript items of a chat list in creation order (their ids are time-ordered UUIDv7s).

/** An insert or update that would break a unique key (a name or alias already taken). */
export class UniqueViolation extends Error {
  constructor(cause?: unknown) {
    super('A unique key would be duplicated.', { cause });
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

export interface Store {
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;

  insertInstance(instance: InstanceRecord): Promise<void>;
  getInstance(id: string): Promise<InstanceRecord | undefined>;
  /** Replaces the instance's tags (TagResource / UntagResource). */
  updateInstanceTags(id: string, tags: Record<string, string>): Promise<void>;
  listInstances(): Promise<InstanceRecord[]>;
  deleteInstance(id: string): Promise<void>;

  insertFlow(flow: FlowRecord): Promise<void>;
  getFlow(instanceId: string, id: string): Promise<FlowRecord | undefined>;
  listFlows(instanceId: string): Promise<FlowRecord[]>;
  /** The instance's flow of this name (names are unique in an instance). */
  getFlowByName(instanceId: string, name: string): Promise<FlowRecord | undefined>;

  insertResource(resource: InstanceResourceRecord): Promise<void>;
  listResources(instanceId: string, kind: string): Promise<InstanceResourceRecord[]>;
  getResource(instanceId: string, kind: string, id: string): Promise<InstanceResourceRecord | undefined>;
  updateResource(resource: InstanceResourceRecord): Promise<void>;
  deleteResource(instanceId: string, kind: string, id: string): Promise<void>;
  updateFlow(flow: FlowRecord): Promise<void>;
  deleteFlow(instanceId: string, id: string): Promise<void>;

  insertContact(contact: ContactRecord): Promise<void>;
  /**
   * Inside a transaction the contact is held until commit (PostgreSQL: FOR UPDATE), unless `lock` is false: a read
   * that changes nothing must not take the lock out of order (routing reads the contact it offers after holding
   * queue rows).
   */
  getContact(id: string, options?: { lock?: boolean }): Promise<ContactRecord | undefined>;
  updateContact(id: string, patch: Partial<Omit<ContactRecord, 'id'>>): Promise<void>;
  /** Active contacts of the instance (a counter the store keeps with every change of a contact's state). */
  countActiveContacts(instanceId: string): Promise<number>;
  /**
   * Inside a transaction: holds the instance until commit, so that a check-then-insert against an instance-wide
   * quota (concurrent active chats) cannot be overtaken by another node's. A no-op where transactions are exclusive.
   */
  lockInstance(instanceId: string): Promise<void>;
  /** The instance's contacts, newest first (by initiation time), at most `limit`. */
  listContacts(instanceId: string, limit: number): Promise<ContactRecord[]>;

  getFlowRun(contactId: string, kind: FlowRunRecord['kind']): Promise<FlowRunRecord | undefined>;
  /** Inserts or replaces the run of that kind. */
  putFlowRun(run: FlowRunRecord): Promise<void>;
  deleteFlowRun(contactId: string, kind: FlowRunRecord['kind']): Promise<void>;
  /** Whether any run of the contact waits (the message path asks at every customer message). */
  hasWaitingFlowRun(contactId: string): Promise<boolean>;

  insertParticipant(participant: ParticipantRecord): Promise<void>;
  getParticipant(id: string): Promise<ParticipantRecord | undefined>;
  listParticipants(initialContactId: string): Promise<ParticipantRecord[]>;
  updateParticipant(id: string, patch: Partial<Omit<ParticipantRecord, 'id'>>): Promise<void>;

  insertToken(token: TokenRecord): Promise<void>;
  getToken(hash: string): Promise<TokenRecord | undefined>;
  /**
   * The token with its participant and that participant's contact, in one look-up (the Participant Service's hot
   * path). Inside a transaction the contact row is locked, as getContact locks it. Undefined when the token, its
   * participant or the contact is missing.
   */
  getTokenSession(hash: string): Promise<TokenSession | undefined>;
  /** Removes and returns the token of that kind: exactly one caller, on any node, gets it (single-use tokens). */
  consumeToken(hash: string, kind: TokenKind): Promise<TokenRecord | undefined>;
  /**
   * Removes what can no longer be used: tokens and sessions past their expiry, participant tokens of participants
   * who left, and idempotency records and contact events created before `idempotencyBefore` (an endpoint down for
   * longer misses those). Returns how many rows went.
   */
  purgeExpired(now: number, idempotencyBefore: number): Promise<number>;
  /**
   * Writes a consistent copy of the whole store to a file while it runs (the test helper's snapshots). The embedded
   * SQLite store only; PostgreSQL refuses (its tools, pg_dump, do this).
   */
  snapshotTo(file: string): Promise<void>;

  appendTranscriptItem(item: TranscriptItemRecord): Promise<void>;
  getTranscriptItem(id: string): Promise<TranscriptItemRecord | undefined>;
  listTranscriptItems(query: TranscriptQuery): Promise<TranscriptItemRecord[]>;

  upsertReceipt(receipt: ReceiptRecord): Promise<void>;
  listReceipts(messageIds: string[]): Promise<ReceiptRecord[]>;

  /** Inserts unless (scope, token) exists; returns the record that is stored afterwards. */
  putIdempotencyRecord(record: IdempotencyRecord): Promise<IdempotencyRecord>;
  getIdempotencyRecord(scope: string, token: string): Promise<IdempotencyRecord | undefined>;

  upsertContactRouting(record: ContactRoutingRecord): Promise<void>;
  getContactRouting(contactId: string): Promise<ContactRoutingRecord | undefined>;
  deleteContactRouting(contactId: string): Promise<void>;
  /**
   * Queued (not offered) contacts of an instance, by priority then routing age. Inside a transaction the rows are
   * held until commit, and rows another transaction holds are skipped (PostgreSQL: FOR UPDATE SKIP LOCKED), so
   * nodes dispatching at once each work on different contacts instead of queueing behind each other.
   */
  listQueuedContacts(instanceId: string, limit: number): Promise<ContactRoutingRecord[]>;
  listContactRoutingInQueue(instanceId: string, queueId: string): Promise<ContactRoutingRecord[]>;
  /** Moves QUEUED → OFFERED for this agent; false when another node offered it first. */
  claimQueuedContact(contactId: string, agentId: string): Promise<boolean>;

  upsertAgentState(state: AgentStateRecord): Promise<void>;
  getAgentState(userId: string): Promise<AgentStateRecord | undefined>;
  listAgentStates(instanceId: string): Promise<AgentStateRecord[]>;

  upsertAgentContact(record: AgentContactRecord): Promise<void>;
  deleteAgentContact(userId: string, contactId: string): Promise<void>;
  listAgentContacts(filter: { userId?: string; contactId?: string; instanceId?: string }): Promise<AgentContactRecord[]>;

  /** Inserts unless the contact was already continued (or the chat already continues one); true when inserted. */
  insertContactStream(stream: ContactStreamRecord): Promise<void>;
  getContactStream(id: string): Promise<ContactStreamRecord | undefined>;
  listContactStreams(initialContactId: string): Promise<ContactStreamRecord[]>;
  /** Streams not stopped whose lease is free at `now`, oldest first. */
  listDeliverableStreams(now: number, limit: number): Promise<ContactStreamRecord[]>;
  /** Takes the delivery lease of a stream if it is free at `now` (one node wins). */
  claimContactStream(id: string, now: number, leaseUntil: number): Promise<boolean>;
  updateContactStream(id: string, patch: Partial<Pick<ContactStreamRecord, 'stoppedAt' | 'deliveredThrough' | 'leaseUntil' | 'failures'>>): Promise<void>;

  appendContactEvent(event: ContactEventRecord): Promise<void>;
  /** Events after an id (all when null), in id order. */
  listContactEvents(afterId: string | null, limit: number): Promise<ContactEventRecord[]>;
  newestContactEventId(): Promise<string | undefined>;
  /** Creates the endpoint's cursor unless it exists. */
  ensureContactEventCursor(cursor: ContactEventCursorRecord): Promise<void>;
  getContactEventCursor(endpoint: string): Promise<ContactEventCursorRecord | undefined>;
  /** Takes the cursor's lease when it is free or expired; true when this caller holds it now. */
  claimContactEventCursor(endpoint: string, now: number, leaseUntil: number): Promise<boolean>;
  updateContactEventCursor(endpoint: string, patch: Partial<Omit<ContactEventCursorRecord, 'endpoint'>>): Promise<void>;
  appendFlowTrace(entries: FlowTraceRecord[]): Promise<void>;
  /** A chat's trace entries, in execution order, at most `limit`. */
  listFlowTrace(initialContactId: string, limit: number): Promise<FlowTraceRecord[]>;
  countFlowTrace(initialContactId: string): Promise<number>;

  getIntegrationChat(destinationId: string, sourceId: string, subtype: string): Promise<IntegrationChatRecord | undefined>;
  /** Inserts or replaces the chat of that external conversation. */
  putIntegrationChat(record: IntegrationChatRecord): Promise<void>;

  insertPersistentLink(link: PersistentLinkRecord): Promise<boolean>;
  getPersistentLinkForChat(initialContactId: string): Promise<PersistentLinkRecord | undefined>;
  getPersistentLinkFrom(continuedFromContactId: string): Promise<PersistentLinkRecord | undefined>;

  insertAttachment(a: AttachmentRecord): Promise<void>;
  getAttachment(id: string): Promise<AttachmentRecord | undefined>;
  updateAttachment(id: string, patch: Partial<Pick<AttachmentRecord, 'status' | 'size'>>): Promise<void>;
  countAttachments(initialContactId: string): Promise<number>;

  scheduleTimer(timer: TimerRecord): Promise<void>;
  /** Timers due by the domain clock (`now`) and not leased by a live claim at wall-clock time `leaseNow`. */
  dueTimers(now: number, limit: number, leaseNow?: number): Promise<TimerRecord[]>;
  /**
   * Leases a due timer until `leaseUntil` (wall clock): true only for the one caller that got the lease. The timer
   * stays until completeTimer; if the claimer dies first, the lease runs out and another claimer gets it.
   */
  claimTimer(id: string, leaseNow: number, leaseUntil: number): Promise<boolean>;
  /** Removes a timer whose handler finished. */
  completeTimer(id: string): Promise<void>;
  /** Gives a failed timer back to be tried again after `retryAt` (wall clock); returns the attempts made so far. */
  releaseTimer(id: string, retryAt: number): Promise<number>;
  cancelTimers(contactId: string, kind: string): Promise<void>;
}
