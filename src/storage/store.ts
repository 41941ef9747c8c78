// The Store port: the durable truth of Switchboard. The domain talks only to this interface.
// Guarantees every implementation keeps (checked by test/contracts/store.contract.ts):
//  - a write has reached durable storage when its promise resolves;
//  - transaction() is atomic and isolated: concurrent transactions behave as if run one after another;
//  - putIdempotencyRecord and claimTimer are first-writer-wins across processes sharing the store;
//  - names that must be unique (instance aliases, flow names, resource names per kind) are unique by index: a
//    second insert throws UniqueViolation, whichever node makes it;
//  - transcript items of a chat list in creation order (their ids are time-ordered UUIDv7s).
// The records the port reads and writes are in store-records.ts.
import type {
  InstanceRecord, FlowRecord, InstanceResourceRecord, ContactRecord, ParticipantRecord, TokenKind, TokenRecord,
  TokenSession, TranscriptItemRecord, ReceiptRecord, FlowRunRecord, IdempotencyRecord, TimerRecord,
  ContactRoutingRecord, AgentStateRecord, AgentContactRecord, AttachmentRecord, PersistentLinkRecord,
  ContactStreamRecord, FlowTraceRecord, ContactEventRecord, ContactEventCursorRecord, IntegrationChatRecord,
  TranscriptQuery,
} from './store-records.js';

export * from './store-records.js';

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
   * path). Inside a transaction the contact row is locked, as getContact locks it, and the participant is read
   * after the lock is held: a change committed while the transaction waited for it (the participant left) is seen.
   * Undefined when the token, its participant or the contact is missing.
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

  /**
   * Inserts unless (scope, token) exists; returns the record that is stored afterwards. Inside a transaction, a
   * (scope, token) another request recorded first fails the transaction with IdempotencyTaken instead — at this
   * call, or when the transaction commits (PostgreSQL sends the insert with the transaction's next statement).
   */
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
