// The Store implementation shared by SQLite and PostgreSQL: one Kysely query code base; the two
// dialect modules only open the connection. Maps rows (JSON text, 0/1 booleans, ms times) to records.
import { type Kysely, type Transaction, sql } from 'kysely';
import { IntegrationQueries } from './integration-queries.js';
import { GroupCommit, type StatementSource } from './sqlite/group-commit.js';
import {
  contactColumnToField, fromContact, fromFlow, fromRouting, json, num, parse, toAgentContact, toAgentState, toContact, toFlow,
  toInstance, toItem, toParticipant, toRouting,
} from './row-mappers.js';
import type { DB } from './schema.js';
import type {
  AgentContactRecord, AgentStateRecord, AttachmentRecord, ContactRecord, ContactStreamRecord, FlowTraceRecord, ContactRoutingRecord, FlowRecord, FlowRunRecord, IdempotencyRecord, InstanceRecord,
  InstanceResourceRecord, IntegrationChatRecord, Json, ParticipantRecord, PersistentLinkRecord, ReceiptRecord, Store, TimerRecord, TokenKind, TokenRecord, TokenSession, TranscriptItemRecord,
  TranscriptQuery,
} from './store.js';
import { UniqueViolation } from './store.js';

type Row<T extends keyof DB> = DB[T];

export type Dialect = 'sqlite' | 'postgres';

const TRANSCRIPT_COLUMNS = [
  'id', 'initial_contact_id', 'contact_id', 'type', 'content_type', 'content', 'participant_id', 'display_name',
  'participant_role', 'absolute_time', 'attachments', 'related_contact_id',
] as const;

export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
    private readonly onClose: () => Promise<void> = async () => {},
    private readonly inTransaction = false,
    /** SQLite only: the connection's statements, run synchronously on the hot path (see `fast`). */
    private readonly statements?: StatementSource,
  ) {
    if (dialect === 'sqlite' && statements && !inTransaction) {
      this.group = new GroupCommit(db, statements, (conn) => new KyselyStore(conn, dialect, async () => {}, true, statements));
    }
  }

  /** SQLite: transactions are group-committed (sqlite/group-commit.ts). */
  private readonly group?: GroupCommit;

  /**
   * The message path's queries on SQLite run as prepared statements, synchronously, instead of through Kysely's
   * builder and async driver (each a query compile and several awaits). Only inside a transaction: the
   * transaction holds the one connection, so nothing else can be running on it.
   */
  private get fast(): StatementSource | undefined {
    return this.inTransaction ? this.statements : undefined;
  }

  /** Hot path: INSERT of a row object's defined columns. False when not on the hot path (use Kysely). */
  private fastInsert(table: keyof DB, row: object, upsertKey?: string): boolean {
    if (!this.fast) return false;
    const values = row as Record<string, unknown>;
    const columns = Object.keys(values).filter((c) => values[c] !== undefined);
    const conflict = upsertKey
      ? ` on conflict ("${upsertKey}") do update set ${columns.filter((c) => c !== upsertKey).map((c) => `"${c}" = excluded."${c}"`).join(', ')}`
      : '';
    this.fast.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})${conflict}`)
      .run(...columns.map((c) => values[c]));
    return true;
  }

  /** Hot path: UPDATE of the given columns of the row whose `key` column equals `id`. */
  private fastUpdate(table: keyof DB, values: Record<string, unknown>, key: string, id: string): boolean {
    if (!this.fast) return false;
    const columns = Object.keys(values).filter((c) => values[c] !== undefined);
    if (!columns.length) return true;
    this.fast.prepare(`update "${table}" set ${columns.map((c) => `"${c}" = ?`).join(', ')} where "${key}" = ?`).run(...columns.map((c) => values[c]), id);
    return true;
  }

  /**
   * Transactions behave as if run one after another (the port's promise), for writers on any connection:
   * - PostgreSQL (READ COMMITTED): a transaction locks the rows it reads to change them — the contact (the
   *   aggregate of a chat: attributes, flow state, participants, timers) and the agent state — with FOR UPDATE,
   *   so a concurrent read-modify-write waits and then reads the committed row instead of overwriting it.
   * - SQLite: group commit with BEGIN IMMEDIATE (sqlite/group-commit.ts): one writer at a time, on any connection.
   */
  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    if (this.group) return this.group.run(work);
    return this.db.transaction().execute((trx: Transaction<DB>) => work(new KyselyStore(trx, this.dialect, async () => {}, true)));
  }

  /** Inside a PostgreSQL transaction, reads that precede a write lock the row (see transaction()). */
  private get locking(): boolean {
    return this.inTransaction && this.dialect === 'postgres';
  }

  async close(): Promise<void> {
    await this.onClose();
  }

  // Instances ---------------------------------------------------------------------------------------------------
  async insertInstance(i: InstanceRecord): Promise<void> {
    await unique(this.db.insertInto('instances').values({
      id: i.id, arn: i.arn, alias: i.alias, identity_management_type: i.identityManagementType, status: i.status,
      inbound_calls: i.inboundCallsEnabled ? 1 : 0, outbound_calls: i.outboundCallsEnabled ? 1 : 0,
      created_at: i.createdAt, tags: json(i.tags),
    }).execute());
  }

  async getInstance(id: string): Promise<InstanceRecord | undefined> {
    if (this.fast) {
      const found = this.fast.prepare('select * from "instances" where "id" = ?').get(id) as Row<'instances'> | undefined;
      return found && toInstance(found);
    }
    const row = await this.db.selectFrom('instances').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toInstance(row);
  }

  async updateInstanceTags(id: string, tags: Record<string, string>): Promise<void> {
    await this.db.updateTable('instances').set({ tags: json(tags) }).where('id', '=', id).execute();
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
    await unique(this.db.insertInto('contact_flows').values(fromFlow(f)).execute());
  }

  async updateFlow(f: FlowRecord): Promise<void> {
    await unique(this.db.updateTable('contact_flows').set(fromFlow(f)).where('instance_id', '=', f.instanceId).where('id', '=', f.id).execute());
  }

  async deleteFlow(instanceId: string, id: string): Promise<void> {
    await this.db.deleteFrom('contact_flows').where('instance_id', '=', instanceId).where('id', '=', id).execute();
  }

  async getFlow(instanceId: string, id: string): Promise<FlowRecord | undefined> {
    if (this.fast) {
      const found = this.fast.prepare('select * from "contact_flows" where "instance_id" = ? and "id" = ?').get(instanceId, id) as Row<'contact_flows'> | undefined;
      return found && toFlow(found);
    }
    const row = await this.db.selectFrom('contact_flows').selectAll()
      .where('instance_id', '=', instanceId).where('id', '=', id).executeTakeFirst();
    return row && toFlow(row);
  }

  async listFlows(instanceId: string): Promise<FlowRecord[]> {
    if (this.fast) return (this.fast.prepare('select * from "contact_flows" where "instance_id" = ? order by "name"').all(instanceId) as Row<'contact_flows'>[]).map(toFlow);
    const rows = await this.db.selectFrom('contact_flows').selectAll().where('instance_id', '=', instanceId)
      .orderBy('name').execute();
    return rows.map(toFlow);
  }

  async insertResource(r: InstanceResourceRecord): Promise<void> {
    await unique(this.db.insertInto('instance_resources').values({
      instance_id: r.instanceId, kind: r.kind, id: r.id, arn: r.arn, name: r.name, data: json(r.data),
    }).execute());
  }

  async listResources(instanceId: string, kind: string): Promise<InstanceResourceRecord[]> {
    const rows = await this.db.selectFrom('instance_resources').selectAll()
      .where('instance_id', '=', instanceId).where('kind', '=', kind).orderBy('name').execute();
    return rows.map(toResource);
  }

  async getResource(instanceId: string, kind: string, id: string): Promise<InstanceResourceRecord | undefined> {
    if (this.fast) {
      const found = this.fast.prepare('select * from "instance_resources" where "instance_id" = ? and "kind" = ? and "id" = ?')
        .get(instanceId, kind, id) as Row<'instance_resources'> | undefined;
      return found && toResource(found);
    }
    const row = await this.db.selectFrom('instance_resources').selectAll()
      .where('instance_id', '=', instanceId).where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
    return row && toResource(row);
  }

  async updateResource(r: InstanceResourceRecord): Promise<void> {
    await unique(this.db.updateTable('instance_resources').set({ name: r.name, arn: r.arn, data: json(r.data) })
      .where('instance_id', '=', r.instanceId).where('kind', '=', r.kind).where('id', '=', r.id).execute());
  }

  async deleteResource(instanceId: string, kind: string, id: string): Promise<void> {
    await this.db.deleteFrom('instance_resources').where('instance_id', '=', instanceId).where('kind', '=', kind).where('id', '=', id).execute();
  }

  // Contacts ----------------------------------------------------------------------------------------------------
  async insertContact(c: ContactRecord): Promise<void> {
    if (this.fastInsert('contacts', fromContact(c))) return;
    await this.db.insertInto('contacts').values(fromContact(c)).execute();
  }

  async getContact(id: string, options: { lock?: boolean } = {}): Promise<ContactRecord | undefined> {
    if (this.fast) {
      const row = this.fast.prepare('select * from "contacts" where "id" = ?').get(id) as Row<'contacts'> | undefined;
      return row && toContact(row);
    }
    const query = this.db.selectFrom('contacts').selectAll().where('id', '=', id);
    const row = await (this.locking && options.lock !== false ? query.forUpdate() : query).executeTakeFirst();
    return row && toContact(row);
  }

  async updateContact(id: string, patch: Partial<Omit<ContactRecord, 'id'>>): Promise<void> {
    const full = fromContact({ ...(patch as ContactRecord), id });
    const values = Object.fromEntries(
      Object.entries(full).filter(([k]) => k !== 'id' && Object.hasOwn(patch, contactColumnToField[k] ?? '')),
    );
    if (this.fastUpdate('contacts', values, 'id', id)) return;
    if (Object.keys(values).length) await this.db.updateTable('contacts').set(values).where('id', '=', id).execute();
  }

  async lockInstance(instanceId: string): Promise<void> {
    if (this.locking) await this.db.selectFrom('instances').select('id').where('id', '=', instanceId).forUpdate().execute();
  }

  async countActiveContacts(instanceId: string, atMost = Number.MAX_SAFE_INTEGER): Promise<number> {
    if (this.fast) {
      return Number((this.fast.prepare('select count(*) as "n" from (select 1 from "contacts" where "instance_id" = ? and "state" = ? limit ?)')
        .get(instanceId, 'ACTIVE', atMost) as { n: number }).n);
    }
    const active = this.db.selectFrom('contacts').select('id').where('instance_id', '=', instanceId).where('state', '=', 'ACTIVE').limit(atMost);
    const row = await this.db.selectFrom(active.as('active')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async listContacts(instanceId: string, limit: number): Promise<ContactRecord[]> {
    const rows = await this.db.selectFrom('contacts').selectAll().where('instance_id', '=', instanceId)
      .orderBy('initiated_at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(toContact);
  }

  // Flow runs ------------------------------------------------------------------------------------------------------
  async getFlowRun(contactId: string, kind: FlowRunRecord['kind']): Promise<FlowRunRecord | undefined> {
    const row = this.fast
      ? this.fast.prepare('select * from "flow_runs" where "contact_id" = ? and "kind" = ?').get(contactId, kind) as Row<'flow_runs'> | undefined
      : await this.db.selectFrom('flow_runs').selectAll().where('contact_id', '=', contactId).where('kind', '=', kind).executeTakeFirst();
    return row && { contactId: row.contact_id, kind: row.kind as FlowRunRecord['kind'], state: parse<Json>(row.state), waiting: !!row.waiting };
  }

  async putFlowRun(run: FlowRunRecord): Promise<void> {
    const row = { contact_id: run.contactId, kind: run.kind, state: json(run.state), waiting: run.waiting ? 1 : 0 };
    if (this.fast) {
      this.fast.prepare('insert into "flow_runs" ("contact_id", "kind", "state", "waiting") values (?, ?, ?, ?) on conflict ("contact_id", "kind") do update set "state" = excluded."state", "waiting" = excluded."waiting"')
        .run(row.contact_id, row.kind, row.state, row.waiting);
      return;
    }
    await this.db.insertInto('flow_runs').values(row)
      .onConflict((oc) => oc.columns(['contact_id', 'kind']).doUpdateSet({ state: row.state, waiting: row.waiting })).execute();
  }

  async deleteFlowRun(contactId: string, kind: FlowRunRecord['kind']): Promise<void> {
    if (this.fast) {
      this.fast.prepare('delete from "flow_runs" where "contact_id" = ? and "kind" = ?').run(contactId, kind);
      return;
    }
    await this.db.deleteFrom('flow_runs').where('contact_id', '=', contactId).where('kind', '=', kind).execute();
  }

  async hasWaitingFlowRun(contactId: string): Promise<boolean> {
    if (this.fast) return !!this.fast.prepare('select 1 from "flow_runs" where "contact_id" = ? and "waiting" = 1 limit 1').get(contactId);
    return !!(await this.db.selectFrom('flow_runs').select('kind').where('contact_id', '=', contactId).where('waiting', '=', 1).executeTakeFirst());
  }

  // Participants and tokens -------------------------------------------------------------------------------------
  async insertParticipant(p: ParticipantRecord): Promise<void> {
    const row = {
      id: p.id, contact_id: p.contactId, initial_contact_id: p.initialContactId, role: p.role,
      display_name: p.displayName, state: p.state, connected: p.connected ? 1 : 0, joined_at: p.joinedAt, left_at: p.leftAt,
    };
    if (this.fastInsert('participants', row)) return;
    await this.db.insertInto('participants').values(row).execute();
  }

  async getParticipant(id: string): Promise<ParticipantRecord | undefined> {
    if (this.fast) {
      const found = this.fast.prepare('select * from "participants" where "id" = ?').get(id) as Row<'participants'> | undefined;
      return found && toParticipant(found);
    }
    const row = await this.db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toParticipant(row);
  }

  async listParticipants(initialContactId: string): Promise<ParticipantRecord[]> {
    if (this.fast) {
      return (this.fast.prepare('select * from "participants" where "initial_contact_id" = ? order by "joined_at"').all(initialContactId) as Row<'participants'>[])
        .map(toParticipant);
    }
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
    if (this.fastUpdate('participants', values, 'id', id)) return;
    if (Object.keys(values).length) await this.db.updateTable('participants').set(values).where('id', '=', id).execute();
  }

  async insertToken(t: TokenRecord): Promise<void> {
    const row = { hash: t.hash, kind: t.kind, participant_id: t.participantId, contact_id: t.contactId, expires_at: t.expiresAt };
    if (this.fastInsert('tokens', row)) return;
    await this.db.insertInto('tokens').values(row).execute();
  }

  async getToken(hash: string): Promise<TokenRecord | undefined> {
    const r = this.fast
      ? this.fast.prepare('select * from "tokens" where "hash" = ?').get(hash) as Row<'tokens'> | undefined
      : await this.db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
    return r && toToken(r);
  }

  async getTokenSession(hash: string): Promise<TokenSession | undefined> {
    if (this.dialect === 'postgres') {
      // One round trip instead of three: every query is a network round trip and a wake-up of a PostgreSQL backend.
      // Text JSON columns stay text inside row_to_json, so the row mappers read them as they read plain rows.
      const { rows } = await sql<{ t: Row<'tokens'>; p: Row<'participants'>; c: Row<'contacts'> }>`
        select row_to_json(t) as t, row_to_json(p) as p, row_to_json(c) as c
        from tokens t join participants p on p.id = t.participant_id join contacts c on c.id = p.contact_id
        where t.hash = ${hash} ${this.locking ? sql`for update of c` : sql``}`.execute(this.db);
      const row = rows[0];
      return row && { token: toToken(row.t), participant: toParticipant(row.p), contact: toContact(row.c) };
    }
    const token = await this.getToken(hash);
    const participant = token && (await this.getParticipant(token.participantId));
    const contact = participant && (await this.getContact(participant.contactId));
    return contact && { token: token!, participant: participant!, contact };
  }

  async consumeToken(hash: string, kind: TokenKind): Promise<TokenRecord | undefined> {
    const r = await this.db.deleteFrom('tokens').where('hash', '=', hash).where('kind', '=', kind).returningAll().executeTakeFirst();
    return r && toToken(r);
  }

  async purgeExpired(now: number, idempotencyBefore: number): Promise<number> {
    const expired = await this.db.deleteFrom('tokens').where('expires_at', 'is not', null).where('expires_at', '<=', now).executeTakeFirst();
    const left = await this.db.deleteFrom('tokens').where('kind', '=', 'participant')
      .where('participant_id', 'in', (qb) => qb.selectFrom('participants').select('id').where('state', '=', 'LEFT')).executeTakeFirst();
    const replays = await this.db.deleteFrom('idempotency').where('created_at', '<', idempotencyBefore).executeTakeFirst();
    return Number(expired.numDeletedRows) + Number(left.numDeletedRows) + Number(replays.numDeletedRows);
  }

  // Transcript --------------------------------------------------------------------------------------------------
  async appendTranscriptItem(i: TranscriptItemRecord): Promise<void> {
    const values = {
      id: i.id, initial_contact_id: i.initialContactId, contact_id: i.contactId, type: i.type,
      content_type: i.contentType, content: i.content, participant_id: i.participantId, display_name: i.displayName,
      participant_role: i.participantRole, absolute_time: i.absoluteTime, attachments: json(i.attachments),
      related_contact_id: i.relatedContactId,
    };
    if (this.fast) {
      this.fast.prepare(`insert into "transcript_items" (${TRANSCRIPT_COLUMNS.map((c) => `"${c}"`).join(', ')}) values (${TRANSCRIPT_COLUMNS.map(() => '?').join(', ')})`)
        .run(...TRANSCRIPT_COLUMNS.map((c) => values[c]));
      return;
    }
    await this.db.insertInto('transcript_items').values(values).execute();
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
    const row = { scope: r.scope, token: r.token, request_hash: r.requestHash, response: json(r.response), created_at: r.createdAt };
    // The common case, a first use, is one statement: the insert answers with the row it stored.
    const inserted = this.fast
      ? this.fast.prepare('insert into "idempotency" ("scope", "token", "request_hash", "response", "created_at") values (?, ?, ?, ?, ?) on conflict ("scope", "token") do nothing returning *')
        .get(row.scope, row.token, row.request_hash, row.response, row.created_at) as Row<'idempotency'> | undefined
      : await this.db.insertInto('idempotency').values(row).onConflict((oc) => oc.columns(['scope', 'token']).doNothing()).returningAll().executeTakeFirst();
    return inserted ? toIdempotency(inserted) : (await this.getIdempotencyRecord(r.scope, r.token))!;
  }

  async getIdempotencyRecord(scope: string, token: string): Promise<IdempotencyRecord | undefined> {
    const r = this.fast
      ? this.fast.prepare('select * from "idempotency" where "scope" = ? and "token" = ?').get(scope, token) as Row<'idempotency'> | undefined
      : await this.db.selectFrom('idempotency').selectAll().where('scope', '=', scope).where('token', '=', token).executeTakeFirst();
    return r && toIdempotency(r);
  }

  // Routing -------------------------------------------------------------------------------------------------------
  async upsertContactRouting(r: ContactRoutingRecord): Promise<void> {
    const row = fromRouting(r);
    if (this.fastInsert('contact_routing', row, 'contact_id')) return;
    await this.db.insertInto('contact_routing').values(row)
      .onConflict((oc) => oc.column('contact_id').doUpdateSet({ ...row, contact_id: undefined })).execute();
  }

  async getContactRouting(contactId: string): Promise<ContactRoutingRecord | undefined> {
    if (this.fast) {
      const found = this.fast.prepare('select * from "contact_routing" where "contact_id" = ?').get(contactId) as Row<'contact_routing'> | undefined;
      return found && toRouting(found);
    }
    const row = await this.db.selectFrom('contact_routing').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
    return row && toRouting(row);
  }

  async deleteContactRouting(contactId: string): Promise<void> {
    await this.db.deleteFrom('contact_routing').where('contact_id', '=', contactId).execute();
  }

  async listQueuedContacts(instanceId: string, limit: number): Promise<ContactRoutingRecord[]> {
    const query = this.db.selectFrom('contact_routing').selectAll().where('instance_id', '=', instanceId)
      .where('state', '=', 'QUEUED').orderBy('priority').orderBy('routing_age_at').orderBy('contact_id').limit(limit);
    const rows = await (this.locking ? query.forUpdate().skipLocked() : query).execute();
    return rows.map(toRouting);
  }

  async listContactRoutingInQueue(instanceId: string, queueId: string): Promise<ContactRoutingRecord[]> {
    const rows = await this.db.selectFrom('contact_routing').selectAll().where('instance_id', '=', instanceId)
      .where('queue_id', '=', queueId).orderBy('routing_age_at').execute();
    return rows.map(toRouting);
  }

  async claimQueuedContact(contactId: string, agentId: string): Promise<boolean> {
    const result = await this.db.updateTable('contact_routing').set({ state: 'OFFERED', agent_id: agentId })
      .where('contact_id', '=', contactId).where('state', '=', 'QUEUED').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async upsertAgentState(a: AgentStateRecord): Promise<void> {
    const row = {
      user_id: a.userId, instance_id: a.instanceId, status: a.status, routable: a.routable ? 1 : 0, since: a.since,
      idle_since: a.idleSince, missed: a.missed, online: a.online ? 1 : 0,
    };
    await this.db.insertInto('agent_states').values(row).onConflict((oc) => oc.column('user_id').doUpdateSet({ ...row, user_id: undefined })).execute();
  }

  async getAgentState(userId: string): Promise<AgentStateRecord | undefined> {
    const query = this.db.selectFrom('agent_states').selectAll().where('user_id', '=', userId);
    const row = await (this.locking ? query.forUpdate() : query).executeTakeFirst();
    return row && toAgentState(row);
  }

  async listAgentStates(instanceId: string): Promise<AgentStateRecord[]> {
    const rows = await this.db.selectFrom('agent_states').selectAll().where('instance_id', '=', instanceId).orderBy('idle_since').execute();
    return rows.map(toAgentState);
  }

  async upsertAgentContact(r: AgentContactRecord): Promise<void> {
    const row = { user_id: r.userId, contact_id: r.contactId, instance_id: r.instanceId, state: r.state, since: r.since, expires_at: r.expiresAt };
    await this.db.insertInto('agent_contacts').values(row)
      .onConflict((oc) => oc.columns(['user_id', 'contact_id']).doUpdateSet({ state: r.state, since: r.since, expires_at: r.expiresAt })).execute();
  }

  async deleteAgentContact(userId: string, contactId: string): Promise<void> {
    await this.db.deleteFrom('agent_contacts').where('user_id', '=', userId).where('contact_id', '=', contactId).execute();
  }

  async listAgentContacts(filter: { userId?: string; contactId?: string; instanceId?: string }): Promise<AgentContactRecord[]> {
    if (this.fast && filter.contactId && !filter.userId && !filter.instanceId) {
      return (this.fast.prepare('select * from "agent_contacts" where "contact_id" = ? order by "since"').all(filter.contactId) as Row<'agent_contacts'>[])
        .map(toAgentContact);
    }
    let q = this.db.selectFrom('agent_contacts').selectAll();
    if (filter.userId) q = q.where('user_id', '=', filter.userId);
    if (filter.contactId) q = q.where('contact_id', '=', filter.contactId);
    if (filter.instanceId) q = q.where('instance_id', '=', filter.instanceId);
    return (await q.orderBy('since').execute()).map(toAgentContact);
  }

  // Attachments ---------------------------------------------------------------------------------------------------
  async insertAttachment(a: AttachmentRecord): Promise<void> {
    await this.db.insertInto('attachments').values({
      id: a.id, initial_contact_id: a.initialContactId, contact_id: a.contactId, participant_id: a.participantId, name: a.name,
      content_type: a.contentType, declared_size: a.declaredSize, size: a.size, status: a.status, created_at: a.createdAt,
    }).execute();
  }

  async getAttachment(id: string): Promise<AttachmentRecord | undefined> {
    const r = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    return r && {
      id: r.id, initialContactId: r.initial_contact_id, contactId: r.contact_id, participantId: r.participant_id, name: r.name,
      contentType: r.content_type, declaredSize: Number(r.declared_size), size: num(r.size), status: r.status as AttachmentRecord['status'],
      createdAt: Number(r.created_at),
    };
  }

  async updateAttachment(id: string, patch: Partial<Pick<AttachmentRecord, 'status' | 'size'>>): Promise<void> {
    await this.db.updateTable('attachments').set(patch).where('id', '=', id).execute();
  }

  async countAttachments(initialContactId: string): Promise<number> {
    const row = await this.db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n'))
      .where('initial_contact_id', '=', initialContactId).where('status', '!=', 'REJECTED').executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // Contact streams and integration chats (integration-queries.ts) ------------------------------------------------------------------
  /** The integration and tooling tables (integration-queries.ts). */
  private get streams(): IntegrationQueries {
    return new IntegrationQueries(this.db);
  }

  insertContactStream(stream: ContactStreamRecord): Promise<void> {
    return this.streams.insert(stream);
  }

  getContactStream(id: string): Promise<ContactStreamRecord | undefined> {
    return this.streams.get(id);
  }

  listContactStreams(initialContactId: string): Promise<ContactStreamRecord[]> {
    return this.streams.listForChat(initialContactId);
  }

  listDeliverableStreams(now: number, limit: number): Promise<ContactStreamRecord[]> {
    return this.streams.listDeliverable(now, limit);
  }

  claimContactStream(id: string, now: number, leaseUntil: number): Promise<boolean> {
    return this.streams.claim(id, now, leaseUntil);
  }

  updateContactStream(id: string, patch: Partial<Pick<ContactStreamRecord, 'stoppedAt' | 'deliveredThrough' | 'leaseUntil' | 'failures'>>): Promise<void> {
    return this.streams.update(id, patch);
  }

  appendFlowTrace(entries: FlowTraceRecord[]): Promise<void> {
    return this.streams.appendFlowTrace(entries);
  }

  listFlowTrace(initialContactId: string, limit: number): Promise<FlowTraceRecord[]> {
    return this.streams.listFlowTrace(initialContactId, limit);
  }

  countFlowTrace(initialContactId: string): Promise<number> {
    return this.streams.countFlowTrace(initialContactId);
  }

  getIntegrationChat(destinationId: string, sourceId: string, subtype: string): Promise<IntegrationChatRecord | undefined> {
    return this.streams.getIntegrationChat(destinationId, sourceId, subtype);
  }

  putIntegrationChat(record: IntegrationChatRecord): Promise<void> {
    return this.streams.putIntegrationChat(record);
  }

  // Persistent chat -------------------------------------------------------------------------------------------------
  async insertPersistentLink(l: PersistentLinkRecord): Promise<boolean> {
    const result = await this.db.insertInto('persistent_links').values({
      continued_from_contact_id: l.continuedFromContactId, initial_contact_id: l.initialContactId, instance_id: l.instanceId,
      rehydration_type: l.rehydrationType, source_contact_id: l.sourceContactId, created_at: l.createdAt,
    }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async getPersistentLinkForChat(initialContactId: string): Promise<PersistentLinkRecord | undefined> {
    return this.persistentLink('initial_contact_id', initialContactId);
  }

  async getPersistentLinkFrom(continuedFromContactId: string): Promise<PersistentLinkRecord | undefined> {
    return this.persistentLink('continued_from_contact_id', continuedFromContactId);
  }

  private async persistentLink(column: 'initial_contact_id' | 'continued_from_contact_id', value: string): Promise<PersistentLinkRecord | undefined> {
    const r = await this.db.selectFrom('persistent_links').selectAll().where(column, '=', value).executeTakeFirst();
    return r && {
      continuedFromContactId: r.continued_from_contact_id, initialContactId: r.initial_contact_id, instanceId: r.instance_id,
      rehydrationType: r.rehydration_type, sourceContactId: r.source_contact_id, createdAt: Number(r.created_at),
    };
  }

  // Timers --------------------------------------------------------------------------------------------------------
  async scheduleTimer(t: TimerRecord): Promise<void> {
    const row = { id: t.id, kind: t.kind, contact_id: t.contactId, due_at: t.dueAt, payload: json(t.payload) };
    if (this.fastInsert('timers', row)) return;
    await this.db.insertInto('timers').values(row).execute();
  }

  async dueTimers(now: number, limit: number, leaseNow = Date.now()): Promise<TimerRecord[]> {
    const rows = await this.db.selectFrom('timers').selectAll().where('due_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', leaseNow)]))
      .orderBy('due_at').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, contactId: r.contact_id, dueAt: Number(r.due_at), payload: parse<Json>(r.payload) }));
  }

  async claimTimer(id: string, leaseNow: number, leaseUntil: number): Promise<boolean> {
    const result = await this.db.updateTable('timers').set((eb) => ({ lease_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id).where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', leaseNow)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async completeTimer(id: string): Promise<void> {
    await this.db.deleteFrom('timers').where('id', '=', id).execute();
  }

  async releaseTimer(id: string, retryAt: number): Promise<number> {
    await this.db.updateTable('timers').set({ lease_until: retryAt }).where('id', '=', id).execute();
    const row = await this.db.selectFrom('timers').select('attempts').where('id', '=', id).executeTakeFirst();
    return Number(row?.attempts ?? 0);
  }

  async cancelTimers(contactId: string, kind: string): Promise<void> {
    if (this.fast) {
      this.fast.prepare('delete from "timers" where "contact_id" = ? and "kind" = ?').run(contactId, kind);
      return;
    }
    await this.db.deleteFrom('timers').where('contact_id', '=', contactId).where('kind', '=', kind).execute();
  }
}

function toIdempotency(r: Row<'idempotency'>): IdempotencyRecord {
  return { scope: r.scope, token: r.token, requestHash: r.request_hash, response: parse<Json>(r.response), createdAt: Number(r.created_at) };
}

function toToken(r: Row<'tokens'>): TokenRecord {
  return { hash: r.hash, kind: r.kind as TokenRecord['kind'], participantId: r.participant_id, contactId: r.contact_id, expiresAt: num(r.expires_at) };
}

function toResource(r: Row<'instance_resources'>): InstanceResourceRecord {
  return { instanceId: r.instance_id, kind: r.kind, id: r.id, arn: r.arn, name: r.name, data: parse<Json>(r.data) };
}

/** Turns a unique-key failure of either database into the port's UniqueViolation. */
async function unique<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new UniqueViolation(err);
    throw err;
  }
}
