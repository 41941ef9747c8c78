// The Store implementation shared by SQLite and PostgreSQL: one Kysely query code base; the two
// dialect modules only open the connection. Maps rows (JSON text, 0/1 booleans, ms times) to records.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';
import type {
  ContactRecord, FlowRecord, IdempotencyRecord, InstanceRecord, InstanceResourceRecord, Json, ParticipantRecord,
  ReceiptRecord, Store, TimerRecord, TokenRecord, TranscriptItemRecord, TranscriptQuery,
} from './store.js';

type Row<T extends keyof DB> = DB[T];

const json = (v: unknown) => JSON.stringify(v ?? null);
const parse = <T>(text: string): T => JSON.parse(text) as T;
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly onClose: () => Promise<void> = async () => {},
    private readonly inTransaction = false,
  ) {}

  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    return this.db.transaction().execute((trx: Transaction<DB>) => work(new KyselyStore(trx, async () => {}, true)));
  }

  async close(): Promise<void> {
    await this.onClose();
  }

  // Instances ---------------------------------------------------------------------------------------------------
  async insertInstance(i: InstanceRecord): Promise<void> {
    await this.db.insertInto('instances').values({
      id: i.id, arn: i.arn, alias: i.alias, identity_management_type: i.identityManagementType, status: i.status,
      inbound_calls: i.inboundCallsEnabled ? 1 : 0, outbound_calls: i.outboundCallsEnabled ? 1 : 0,
      created_at: i.createdAt, tags: json(i.tags),
    }).execute();
  }

  async getInstance(id: string): Promise<InstanceRecord | undefined> {
    const row = await this.db.selectFrom('instances').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toInstance(row);
  }

  async listInstances(): Promise<InstanceRecord[]> {
    const rows = await this.db.selectFrom('instances').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toInstance);
  }

  async deleteInstance(id: string): Promise<void> {
    await this.db.deleteFrom('instances').where('id', '=', id).execute();
  }

  // Flows and other instance resources -------------------------------------------------------------------------
  async insertFlow(f: FlowRecord): Promise<void> {
    await this.db.insertInto('contact_flows').values({
      id: f.id, instance_id: f.instanceId, arn: f.arn, name: f.name, type: f.type, state: f.state, status: f.status,
      description: f.description, content: f.content, created_at: f.createdAt, updated_at: f.updatedAt,
    }).execute();
  }

  async getFlow(instanceId: string, id: string): Promise<FlowRecord | undefined> {
    const row = await this.db.selectFrom('contact_flows').selectAll()
      .where('instance_id', '=', instanceId).where('id', '=', id).executeTakeFirst();
    return row && toFlow(row);
  }

  async listFlows(instanceId: string): Promise<FlowRecord[]> {
    const rows = await this.db.selectFrom('contact_flows').selectAll().where('instance_id', '=', instanceId)
      .orderBy('name').execute();
    return rows.map(toFlow);
  }

  async insertResource(r: InstanceResourceRecord): Promise<void> {
    await this.db.insertInto('instance_resources').values({
      instance_id: r.instanceId, kind: r.kind, id: r.id, arn: r.arn, name: r.name, data: json(r.data),
    }).execute();
  }

  async listResources(instanceId: string, kind: string): Promise<InstanceResourceRecord[]> {
    const rows = await this.db.selectFrom('instance_resources').selectAll()
      .where('instance_id', '=', instanceId).where('kind', '=', kind).orderBy('name').execute();
    return rows.map((r) => ({ instanceId: r.instance_id, kind: r.kind, id: r.id, arn: r.arn, name: r.name, data: parse<Json>(r.data) }));
  }

  // Contacts ----------------------------------------------------------------------------------------------------
  async insertContact(c: ContactRecord): Promise<void> {
    await this.db.insertInto('contacts').values(fromContact(c)).execute();
  }

  async getContact(id: string): Promise<ContactRecord | undefined> {
    const row = await this.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toContact(row);
  }

  async updateContact(id: string, patch: Partial<Omit<ContactRecord, 'id'>>): Promise<void> {
    const full = fromContact({ ...(patch as ContactRecord), id });
    const values = Object.fromEntries(
      Object.entries(full).filter(([k]) => k !== 'id' && Object.hasOwn(patch, contactColumnToField[k] ?? '')),
    );
    if (Object.keys(values).length) await this.db.updateTable('contacts').set(values).where('id', '=', id).execute();
  }

  async countActiveContacts(instanceId: string): Promise<number> {
    const row = await this.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n'))
      .where('instance_id', '=', instanceId).where('state', '=', 'ACTIVE').executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // Participants and tokens -------------------------------------------------------------------------------------
  async insertParticipant(p: ParticipantRecord): Promise<void> {
    await this.db.insertInto('participants').values({
      id: p.id, contact_id: p.contactId, initial_contact_id: p.initialContactId, role: p.role,
      display_name: p.displayName, state: p.state, connected: p.connected ? 1 : 0, joined_at: p.joinedAt, left_at: p.leftAt,
    }).execute();
  }

  async getParticipant(id: string): Promise<ParticipantRecord | undefined> {
    const row = await this.db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toParticipant(row);
  }

  async listParticipants(initialContactId: string): Promise<ParticipantRecord[]> {
    const rows = await this.db.selectFrom('participants').selectAll()
      .where('initial_contact_id', '=', initialContactId).orderBy('joined_at').execute();
    return rows.map(toParticipant);
  }

  async updateParticipant(id: string, patch: Partial<Omit<ParticipantRecord, 'id'>>): Promise<void> {
    const values: Partial<Row<'participants'>> = {};
    if (patch.state !== undefined) values.state = patch.state;
    if (patch.connected !== undefined) values.connected = patch.connected ? 1 : 0;
    if (patch.leftAt !== undefined) values.left_at = patch.leftAt;
    if (patch.contactId !== undefined) values.contact_id = patch.contactId;
    if (patch.displayName !== undefined) values.display_name = patch.displayName;
    if (Object.keys(values).length) await this.db.updateTable('participants').set(values).where('id', '=', id).execute();
  }

  async insertToken(t: TokenRecord): Promise<void> {
    await this.db.insertInto('tokens').values({
      hash: t.hash, kind: t.kind, participant_id: t.participantId, contact_id: t.contactId, expires_at: t.expiresAt,
    }).execute();
  }

  async getToken(hash: string): Promise<TokenRecord | undefined> {
    const r = await this.db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
    return r && {
      hash: r.hash, kind: r.kind as TokenRecord['kind'], participantId: r.participant_id, contactId: r.contact_id,
      expiresAt: num(r.expires_at),
    };
  }

  // Transcript --------------------------------------------------------------------------------------------------
  async appendTranscriptItem(i: TranscriptItemRecord): Promise<void> {
    await this.db.insertInto('transcript_items').values({
      id: i.id, initial_contact_id: i.initialContactId, contact_id: i.contactId, type: i.type,
      content_type: i.contentType, content: i.content, participant_id: i.participantId, display_name: i.displayName,
      participant_role: i.participantRole, absolute_time: i.absoluteTime, attachments: json(i.attachments),
      related_contact_id: i.relatedContactId,
    }).execute();
  }

  async getTranscriptItem(id: string): Promise<TranscriptItemRecord | undefined> {
    const row = await this.db.selectFrom('transcript_items').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toItem(row);
  }

  async listTranscriptItems(q: TranscriptQuery): Promise<TranscriptItemRecord[]> {
    let query = this.db.selectFrom('transcript_items').selectAll().where('initial_contact_id', '=', q.initialContactId);
    if (q.contactId) query = query.where('contact_id', '=', q.contactId);
    if (q.afterId) query = query.where('id', '>', q.afterId);
    if (q.beforeId) query = query.where('id', '<', q.beforeId);
    if (q.fromId) query = query.where('id', '>=', q.fromId);
    if (q.toId) query = query.where('id', '<=', q.toId);
    if (q.fromTime !== undefined) query = query.where('absolute_time', '>=', q.fromTime);
    if (q.toTime !== undefined) query = query.where('absolute_time', '<=', q.toTime);
    const rows = await query.orderBy('id', q.order).limit(q.limit).execute();
    return rows.map(toItem);
  }

  async upsertReceipt(r: ReceiptRecord): Promise<void> {
    await this.db.insertInto('receipts').values({
      message_id: r.messageId, initial_contact_id: r.initialContactId, recipient_participant_id: r.recipientParticipantId,
      delivered_at: r.deliveredAt, read_at: r.readAt,
    }).onConflict((oc) => oc.columns(['message_id', 'recipient_participant_id']).doUpdateSet((eb) => ({
      delivered_at: eb.fn.coalesce('receipts.delivered_at', 'excluded.delivered_at'),
      read_at: eb.fn.coalesce('receipts.read_at', 'excluded.read_at'),
    }))).execute();
  }

  async listReceipts(messageIds: string[]): Promise<ReceiptRecord[]> {
    if (!messageIds.length) return [];
    const rows = await this.db.selectFrom('receipts').selectAll().where('message_id', 'in', messageIds).execute();
    return rows.map((r) => ({
      messageId: r.message_id, initialContactId: r.initial_contact_id, recipientParticipantId: r.recipient_participant_id,
      deliveredAt: num(r.delivered_at), readAt: num(r.read_at),
    }));
  }

  // Idempotency and timers --------------------------------------------------------------------------------------
  async putIdempotencyRecord(r: IdempotencyRecord): Promise<IdempotencyRecord> {
    await this.db.insertInto('idempotency').values({
      scope: r.scope, token: r.token, request_hash: r.requestHash, response: json(r.response), created_at: r.createdAt,
    }).onConflict((oc) => oc.columns(['scope', 'token']).doNothing()).execute();
    return (await this.getIdempotencyRecord(r.scope, r.token))!;
  }

  async getIdempotencyRecord(scope: string, token: string): Promise<IdempotencyRecord | undefined> {
    const r = await this.db.selectFrom('idempotency').selectAll().where('scope', '=', scope).where('token', '=', token)
      .executeTakeFirst();
    return r && { scope: r.scope, token: r.token, requestHash: r.request_hash, response: parse<Json>(r.response), createdAt: Number(r.created_at) };
  }

  async scheduleTimer(t: TimerRecord): Promise<void> {
    await this.db.insertInto('timers').values({
      id: t.id, kind: t.kind, contact_id: t.contactId, due_at: t.dueAt, payload: json(t.payload),
    }).execute();
  }

  async dueTimers(now: number, limit: number): Promise<TimerRecord[]> {
    const rows = await this.db.selectFrom('timers').selectAll().where('due_at', '<=', now).orderBy('due_at').limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, contactId: r.contact_id, dueAt: Number(r.due_at), payload: parse<Json>(r.payload) }));
  }

  async claimTimer(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('timers').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async cancelTimers(contactId: string, kind: string): Promise<void> {
    await this.db.deleteFrom('timers').where('contact_id', '=', contactId).where('kind', '=', kind).execute();
  }
}

function toInstance(r: Row<'instances'>): InstanceRecord {
  return {
    id: r.id, arn: r.arn, alias: r.alias, identityManagementType: r.identity_management_type, status: r.status,
    inboundCallsEnabled: !!r.inbound_calls, outboundCallsEnabled: !!r.outbound_calls, createdAt: Number(r.created_at),
    tags: parse(r.tags),
  };
}

function toFlow(r: Row<'contact_flows'>): FlowRecord {
  return {
    id: r.id, instanceId: r.instance_id, arn: r.arn, name: r.name, type: r.type, state: r.state, status: r.status,
    description: r.description, content: r.content, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

const contactColumnToField: Record<string, keyof ContactRecord> = {
  instance_id: 'instanceId', initial_contact_id: 'initialContactId', previous_contact_id: 'previousContactId',
  next_contact_id: 'nextContactId', related_contact_id: 'relatedContactId', channel: 'channel',
  initiation_method: 'initiationMethod', state: 'state', contact_flow_id: 'contactFlowId', attributes: 'attributes',
  segment_attributes: 'segmentAttributes', customer_id: 'customerId', supported_content_types: 'supportedContentTypes',
  chat_duration_minutes: 'chatDurationMinutes', disconnect_on_customer_exit: 'disconnectOnCustomerExit',
  participant_configuration: 'participantConfiguration', persistent_chat: 'persistentChat', initiated_at: 'initiatedAt',
  disconnected_at: 'disconnectedAt', last_updated_at: 'lastUpdatedAt', disconnect_reason: 'disconnectReason',
  expires_at: 'expiresAt', flow_state: 'flowState',
};

function fromContact(c: ContactRecord): Row<'contacts'> {
  return {
    id: c.id, instance_id: c.instanceId, initial_contact_id: c.initialContactId, previous_contact_id: c.previousContactId,
    next_contact_id: c.nextContactId, related_contact_id: c.relatedContactId, channel: c.channel,
    initiation_method: c.initiationMethod, state: c.state, contact_flow_id: c.contactFlowId, attributes: json(c.attributes),
    segment_attributes: json(c.segmentAttributes), customer_id: c.customerId,
    supported_content_types: json(c.supportedContentTypes), chat_duration_minutes: c.chatDurationMinutes,
    disconnect_on_customer_exit: json(c.disconnectOnCustomerExit), participant_configuration: json(c.participantConfiguration),
    persistent_chat: json(c.persistentChat), initiated_at: c.initiatedAt, disconnected_at: c.disconnectedAt,
    last_updated_at: c.lastUpdatedAt, disconnect_reason: c.disconnectReason, expires_at: c.expiresAt,
    flow_state: json(c.flowState),
  };
}

function toContact(r: Row<'contacts'>): ContactRecord {
  return {
    id: r.id, instanceId: r.instance_id, initialContactId: r.initial_contact_id, previousContactId: r.previous_contact_id,
    nextContactId: r.next_contact_id, relatedContactId: r.related_contact_id, channel: r.channel,
    initiationMethod: r.initiation_method, state: r.state as ContactRecord['state'], contactFlowId: r.contact_flow_id,
    attributes: parse(r.attributes), segmentAttributes: parse(r.segment_attributes), customerId: r.customer_id,
    supportedContentTypes: parse(r.supported_content_types), chatDurationMinutes: r.chat_duration_minutes,
    disconnectOnCustomerExit: parse(r.disconnect_on_customer_exit), participantConfiguration: parse(r.participant_configuration),
    persistentChat: parse(r.persistent_chat), initiatedAt: Number(r.initiated_at), disconnectedAt: num(r.disconnected_at),
    lastUpdatedAt: Number(r.last_updated_at), disconnectReason: r.disconnect_reason, expiresAt: Number(r.expires_at),
    flowState: parse(r.flow_state),
  };
}

function toParticipant(r: Row<'participants'>): ParticipantRecord {
  return {
    id: r.id, contactId: r.contact_id, initialContactId: r.initial_contact_id, role: r.role as ParticipantRecord['role'],
    displayName: r.display_name, state: r.state as ParticipantRecord['state'], connected: !!r.connected,
    joinedAt: Number(r.joined_at), leftAt: num(r.left_at),
  };
}

function toItem(r: Row<'transcript_items'>): TranscriptItemRecord {
  return {
    id: r.id, initialContactId: r.initial_contact_id, contactId: r.contact_id, type: r.type, contentType: r.content_type,
    content: r.content, participantId: r.participant_id, displayName: r.display_name, participantRole: r.participant_role,
    absoluteTime: Number(r.absolute_time), attachments: parse<Json>(r.attachments), relatedContactId: r.related_contact_id,
  };
}
