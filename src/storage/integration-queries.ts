// The queries of the tables added for integrations and tooling — contact_streams (StartContactStreaming),
// integration_chats (SendChatIntegrationEvent), flow_trace (flow traces), contact_events and their delivery cursors —
// kept out of kysely-store.ts, which delegates here.
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';
import type { ContactEventCursorRecord, ContactEventRecord, ContactStreamRecord, FlowTraceRecord, IntegrationChatRecord, Json } from './store.js';

type Row = DB['contact_streams'];

const toStream = (r: Row): ContactStreamRecord => ({
  id: r.id, instanceId: r.instance_id, initialContactId: r.initial_contact_id, endpointArn: r.endpoint_arn, createdAt: Number(r.created_at),
  stoppedAt: r.stopped_at === null ? null : Number(r.stopped_at), deliveredThrough: r.delivered_through,
  leaseUntil: r.lease_until === null ? null : Number(r.lease_until), failures: Number(r.failures),
});

export class IntegrationQueries {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(s: ContactStreamRecord): Promise<void> {
    await this.db.insertInto('contact_streams').values({
      id: s.id, instance_id: s.instanceId, initial_contact_id: s.initialContactId, endpoint_arn: s.endpointArn, created_at: s.createdAt,
      stopped_at: s.stoppedAt, delivered_through: s.deliveredThrough, lease_until: s.leaseUntil, failures: s.failures,
    }).execute();
  }

  async get(id: string): Promise<ContactStreamRecord | undefined> {
    const row = await this.db.selectFrom('contact_streams').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toStream(row);
  }

  async listForChat(initialContactId: string): Promise<ContactStreamRecord[]> {
    return (await this.db.selectFrom('contact_streams').selectAll().where('initial_contact_id', '=', initialContactId).orderBy('created_at').execute()).map(toStream);
  }

  async listDeliverable(now: number, limit: number): Promise<ContactStreamRecord[]> {
    const rows = await this.db.selectFrom('contact_streams').selectAll().where('stopped_at', 'is', null)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)])).orderBy('created_at').limit(limit).execute();
    return rows.map(toStream);
  }

  async claim(id: string, now: number, leaseUntil: number): Promise<boolean> {
    const result = await this.db.updateTable('contact_streams').set({ lease_until: leaseUntil }).where('id', '=', id).where('stopped_at', 'is', null)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)])).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async update(id: string, patch: Partial<Pick<ContactStreamRecord, 'stoppedAt' | 'deliveredThrough' | 'leaseUntil' | 'failures'>>): Promise<void> {
    const values: Partial<Row> = {};
    if (patch.stoppedAt !== undefined) values.stopped_at = patch.stoppedAt;
    if (patch.deliveredThrough !== undefined) values.delivered_through = patch.deliveredThrough;
    if (patch.leaseUntil !== undefined) values.lease_until = patch.leaseUntil;
    if (patch.failures !== undefined) values.failures = patch.failures;
    if (Object.keys(values).length) await this.db.updateTable('contact_streams').set(values).where('id', '=', id).execute();
  }

  async getIntegrationChat(destinationId: string, sourceId: string, subtype: string): Promise<IntegrationChatRecord | undefined> {
    const r = await this.db.selectFrom('integration_chats').selectAll().where('destination_id', '=', destinationId)
      .where('source_id', '=', sourceId).where('subtype', '=', subtype).executeTakeFirst();
    return r && { destinationId: r.destination_id, sourceId: r.source_id, subtype: r.subtype, initialContactId: r.initial_contact_id, updatedAt: Number(r.updated_at) };
  }

  async putIntegrationChat(r: IntegrationChatRecord): Promise<void> {
    const row = { destination_id: r.destinationId, source_id: r.sourceId, subtype: r.subtype, initial_contact_id: r.initialContactId, updated_at: r.updatedAt };
    await this.db.insertInto('integration_chats').values(row)
      .onConflict((oc) => oc.columns(['destination_id', 'source_id', 'subtype']).doUpdateSet({ initial_contact_id: row.initial_contact_id, updated_at: row.updated_at })).execute();
  }

  /** The INSERT of trace entries (the store runs it at once, or rides it with the next statement). */
  flowTraceInsert(entries: FlowTraceRecord[]) {
    return this.db.insertInto('flow_trace').values(entries.map((e) => ({
      id: e.id, initial_contact_id: e.initialContactId, contact_id: e.contactId, at: e.at, entry: JSON.stringify(e.entry),
    })));
  }

  async listFlowTrace(initialContactId: string, limit: number): Promise<FlowTraceRecord[]> {
    const rows = await this.db.selectFrom('flow_trace').selectAll().where('initial_contact_id', '=', initialContactId).orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, initialContactId: r.initial_contact_id, contactId: r.contact_id, at: Number(r.at), entry: JSON.parse(r.entry) as Json }));
  }

  async countFlowTrace(initialContactId: string): Promise<number> {
    const row = await this.db.selectFrom('flow_trace').select((eb) => eb.fn.countAll().as('n')).where('initial_contact_id', '=', initialContactId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async appendContactEvent(e: ContactEventRecord): Promise<void> {
    await this.db.insertInto('contact_events').values({ id: e.id, instance_id: e.instanceId, contact_id: e.contactId, at: e.at, body: JSON.stringify(e.body) }).execute();
  }

  async listContactEvents(afterId: string | null, limit: number): Promise<ContactEventRecord[]> {
    let q = this.db.selectFrom('contact_events').selectAll();
    if (afterId !== null) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, instanceId: r.instance_id, contactId: r.contact_id, at: Number(r.at), body: JSON.parse(r.body) as Json }));
  }

  async newestContactEventId(): Promise<string | undefined> {
    return (await this.db.selectFrom('contact_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst())?.id;
  }

  async ensureContactEventCursor(c: ContactEventCursorRecord): Promise<void> {
    await this.db.insertInto('contact_event_cursors')
      .values({ endpoint: c.endpoint, delivered_through: c.deliveredThrough, lease_until: c.leaseUntil, failures: c.failures })
      .onConflict((oc) => oc.column('endpoint').doNothing()).execute();
  }

  async getContactEventCursor(endpoint: string): Promise<ContactEventCursorRecord | undefined> {
    const r = await this.db.selectFrom('contact_event_cursors').selectAll().where('endpoint', '=', endpoint).executeTakeFirst();
    return r && { endpoint: r.endpoint, deliveredThrough: r.delivered_through, leaseUntil: r.lease_until === null ? null : Number(r.lease_until), failures: Number(r.failures) };
  }

  async claimContactEventCursor(endpoint: string, now: number, leaseUntil: number): Promise<boolean> {
    const result = await this.db.updateTable('contact_event_cursors').set({ lease_until: leaseUntil }).where('endpoint', '=', endpoint)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)])).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async updateContactEventCursor(endpoint: string, patch: Partial<Omit<ContactEventCursorRecord, 'endpoint'>>): Promise<void> {
    const values: Partial<DB['contact_event_cursors']> = {};
    if (patch.deliveredThrough !== undefined) values.delivered_through = patch.deliveredThrough;
    if (patch.leaseUntil !== undefined) values.lease_until = patch.leaseUntil;
    if (patch.failures !== undefined) values.failures = patch.failures;
    if (Object.keys(values).length) await this.db.updateTable('contact_event_cursors').set(values).where('endpoint', '=', endpoint).execute();
  }
}
