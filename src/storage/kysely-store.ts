// The Store implementation shared by SQLite and PostgreSQL: one Kysely query code base; the two dialect modules
// only open the connection. Maps rows (JSON text, 0/1 booleans, ms times) to records. The chat's own tables are in
// kysely-chat-tables.ts, the routing tables in kysely-routing-tables.ts, what every part shares in kysely-base.ts;
// here: transactions, transcript, receipts, idempotency, attachments, persistent links, timers, and the
// integration tables (integration-queries.ts).
import type { Kysely, Transaction } from 'kysely';
import { IntegrationQueries } from './integration-queries.js';
import { type Dialect, IDEMPOTENCY_KEY, type Row } from './kysely-base.js';
import { KyselyRoutingTables } from './kysely-routing-tables.js';
import { GroupCommit, type StatementSource } from './sqlite/group-commit.js';
import { json, num, parse, toItem } from './row-mappers.js';
import type { DB } from './schema.js';
import {
  type AttachmentRecord, type ContactEventCursorRecord, type ContactEventRecord, type ContactStreamRecord, type FlowTraceRecord,
  type IdempotencyRecord, IdempotencyTaken, type IntegrationChatRecord, type Json, type PersistentLinkRecord, type ReceiptRecord,
  type Store, type TimerRecord, type TranscriptItemRecord, type TranscriptQuery,
} from './store.js';

export type { Dialect } from './kysely-base.js';

const TRANSCRIPT_COLUMNS = [
  'id', 'initial_contact_id', 'contact_id', 'type', 'content_type', 'content', 'participant_id', 'display_name',
  'participant_role', 'absolute_time', 'attachments', 'related_contact_id',
] as const;

export class KyselyStore extends KyselyRoutingTables implements Store {
  constructor(
    db: Kysely<DB>,
    dialect: Dialect,
    onClose: () => Promise<void> = async () => {},
    inTransaction = false,
    statements?: StatementSource,
    /** SQLite: what runs after each group commit (sqlite/wal-checkpointer.ts). */
    afterCommit?: () => void,
  ) {
    super(db, dialect, onClose, inTransaction, statements);
    if (dialect === 'sqlite' && statements && !inTransaction) {
      this.group = new GroupCommit(db, statements, (conn) => new KyselyStore(conn, dialect, async () => {}, true, statements), afterCommit);
    }
  }

  /** SQLite: transactions are group-committed (sqlite/group-commit.ts). */
  private readonly group?: GroupCommit;

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
    let tx: KyselyStore | undefined;
    try {
      return await this.db.transaction().execute((trx: Transaction<DB>) => work(tx = new KyselyStore(trx, this.dialect, async () => {}, true)));
    } catch (err) {
      throw (await this.idempotencyTaken(err, tx?.idempotencyAttempts ?? [])) ?? err;
    }
  }

  async close(): Promise<void> {
    await this.onClose();
  }

  async snapshotTo(_file: string): Promise<void> {
    throw new Error('Snapshots are taken of the embedded SQLite store; back PostgreSQL up with pg_dump.');
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
    await this.write(this.db.insertInto('transcript_items').values(values));
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
    await this.write(this.db.insertInto('receipts').values({
      message_id: r.messageId, initial_contact_id: r.initialContactId, recipient_participant_id: r.recipientParticipantId,
      delivered_at: r.deliveredAt, read_at: r.readAt,
    }).onConflict((oc) => oc.columns(['message_id', 'recipient_participant_id']).doUpdateSet((eb) => ({
      delivered_at: eb.fn.coalesce('receipts.delivered_at', 'excluded.delivered_at'),
      read_at: eb.fn.coalesce('receipts.read_at', 'excluded.read_at'),
    }))));
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
    if (this.locking) {
      // PostgreSQL transaction: a plain insert rides with the next statement (no round trip of its own); a taken
      // key fails the transaction there or at COMMIT, and transaction() reports it as IdempotencyTaken.
      this.idempotencyAttempts.push(r);
      await this.write(this.db.insertInto('idempotency').values(row));
      return r;
    }
    // The common case, a first use, is one statement: the insert answers with the row it stored.
    const inserted = this.fast
      ? this.fast.prepare('insert into "idempotency" ("scope", "token", "request_hash", "response", "created_at") values (?, ?, ?, ?, ?) on conflict ("scope", "token") do nothing returning *')
        .get(row.scope, row.token, row.request_hash, row.response, row.created_at) as Row<'idempotency'> | undefined
      : await this.db.insertInto('idempotency').values(row).onConflict((oc) => oc.columns(['scope', 'token']).doNothing()).returningAll().executeTakeFirst();
    if (inserted) return toIdempotency(inserted);
    const stored = (await this.getIdempotencyRecord(r.scope, r.token))!;
    if (this.inTransaction) throw new IdempotencyTaken(r, stored);
    return stored;
  }

  /** The idempotency records this PostgreSQL transaction sent without waiting for their answer. */
  private readonly idempotencyAttempts: IdempotencyRecord[] = [];

  /** A PostgreSQL transaction that failed on a taken ClientToken: IdempotencyTaken with the record stored first. */
  private async idempotencyTaken(err: unknown, attempts: IdempotencyRecord[]): Promise<IdempotencyTaken | undefined> {
    if ((err as { code?: string }).code !== '23505' || (err as { constraint?: string }).constraint !== IDEMPOTENCY_KEY) return undefined;
    for (const attempted of attempts) {
      const stored = await this.getIdempotencyRecord(attempted.scope, attempted.token);
      if (stored) return new IdempotencyTaken(attempted, stored);
    }
    return undefined;
  }

  async getIdempotencyRecord(scope: string, token: string): Promise<IdempotencyRecord | undefined> {
    const r = this.fast
      ? this.fast.prepare('select * from "idempotency" where "scope" = ? and "token" = ?').get(scope, token) as Row<'idempotency'> | undefined
      : await this.db.selectFrom('idempotency').selectAll().where('scope', '=', scope).where('token', '=', token).executeTakeFirst();
    return r && toIdempotency(r);
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

  async appendFlowTrace(entries: FlowTraceRecord[]): Promise<void> {
    if (!entries.length) return;
    const fast = this.fast;
    // Every flow step of every chat writes here: on SQLite's hot path one prepared statement for the step's entries
    // (a statement per entry count, cached); on PostgreSQL an insert that rides with the next statement.
    if (fast) {
      fast.prepare(`insert into "flow_trace" ("id", "initial_contact_id", "contact_id", "at", "entry") values ${entries.map(() => '(?, ?, ?, ?, ?)').join(', ')}`)
        .run(...entries.flatMap((e) => [e.id, e.initialContactId, e.contactId, e.at, JSON.stringify(e.entry)]));
    } else {
      await this.write(this.streams.flowTraceInsert(entries));
    }
    // The count this transaction read (countFlowTrace) kept up to date.
    for (const e of entries) this.rowCache.update<number>(`trace-count:${e.initialContactId}`, (n) => n + 1);
  }

  appendContactEvent(event: ContactEventRecord): Promise<void> {
    return this.streams.appendContactEvent(event);
  }

  listContactEvents(afterId: string | null, limit: number): Promise<ContactEventRecord[]> {
    return this.streams.listContactEvents(afterId, limit);
  }

  newestContactEventId(): Promise<string | undefined> {
    return this.streams.newestContactEventId();
  }

  ensureContactEventCursor(cursor: ContactEventCursorRecord): Promise<void> {
    return this.streams.ensureContactEventCursor(cursor);
  }

  getContactEventCursor(endpoint: string): Promise<ContactEventCursorRecord | undefined> {
    return this.streams.getContactEventCursor(endpoint);
  }

  claimContactEventCursor(endpoint: string, now: number, leaseUntil: number): Promise<boolean> {
    return this.streams.claimContactEventCursor(endpoint, now, leaseUntil);
  }

  updateContactEventCursor(endpoint: string, patch: Partial<Omit<ContactEventCursorRecord, 'endpoint'>>): Promise<void> {
    return this.streams.updateContactEventCursor(endpoint, patch);
  }

  listFlowTrace(initialContactId: string, limit: number): Promise<FlowTraceRecord[]> {
    return this.streams.listFlowTrace(initialContactId, limit);
  }

  async countFlowTrace(initialContactId: string): Promise<number> {
    const fast = this.fast;
    // PostgreSQL: this chat's flow steps, which alone append to its trace, run under its contact's lock.
    if (!fast) return this.readOnce(`trace-count:${initialContactId}`, () => this.streams.countFlowTrace(initialContactId));
    return this.rowCache.get(`trace-count:${initialContactId}`, () =>
      (fast.prepare('select count(*) as "n" from "flow_trace" where "initial_contact_id" = ?').get(initialContactId) as { n: number }).n);
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
    await this.write(this.db.insertInto('timers').values(row));
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
    await this.write(this.db.deleteFrom('timers').where('contact_id', '=', contactId).where('kind', '=', kind));
  }
}


function toIdempotency(r: Row<'idempotency'>): IdempotencyRecord {
  return { scope: r.scope, token: r.token, requestHash: r.request_hash, response: parse<Json>(r.response), createdAt: Number(r.created_at) };
}
