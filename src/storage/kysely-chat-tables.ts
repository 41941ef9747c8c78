// The Store's tables of instances, flows, instance resources, contacts, flow runs, participants and tokens (the
// chat's own records), for SQLite and PostgreSQL alike; kysely-store.ts adds the rest and the transactions.
import { sql } from 'kysely';
import { deferrable } from './deferrable.js';
import { KyselyBase, type Row, unique } from './kysely-base.js';
import {
  contactColumnToField, fromContact, fromFlow, json, num, parse, toContact, toFlow, toInstance, toParticipant,
} from './row-mappers.js';
import type {
  ContactRecord, FlowRecord, FlowRunRecord, InstanceRecord, InstanceResourceRecord, Json, ParticipantRecord, TokenKind, TokenRecord, TokenSession,
} from './store.js';

export abstract class KyselyChatTables extends KyselyBase {
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
    this.rowCache.forget('');
    await this.db.deleteFrom('instances').where('id', '=', id).execute();
  }

  // Flows and other instance resources -------------------------------------------------------------------------
  async insertFlow(f: FlowRecord): Promise<void> {
    this.rowCache.forget('flow');
    await unique(this.db.insertInto('contact_flows').values(fromFlow(f)).execute());
  }

  async updateFlow(f: FlowRecord): Promise<void> {
    this.rowCache.forget('flow');
    await unique(this.db.updateTable('contact_flows').set(fromFlow(f)).where('instance_id', '=', f.instanceId).where('id', '=', f.id).execute());
  }

  async deleteFlow(instanceId: string, id: string): Promise<void> {
    this.rowCache.forget('flow');
    await this.db.deleteFrom('contact_flows').where('instance_id', '=', instanceId).where('id', '=', id).execute();
  }

  async getFlow(instanceId: string, id: string): Promise<FlowRecord | undefined> {
    const fast = this.fast;
    if (fast) {
      const found = this.rowCache.get(`flow:${instanceId}/${id}`, () =>
        fast.prepare('select * from "contact_flows" where "instance_id" = ? and "id" = ?').get(instanceId, id) as Row<'contact_flows'> | undefined);
      return found && toFlow(found);
    }
    const row = await this.readOnce(`flow:${instanceId}/${id}`, () => this.db.selectFrom('contact_flows').selectAll()
      .where('instance_id', '=', instanceId).where('id', '=', id).executeTakeFirst());
    return row && toFlow(row);
  }

  async getFlowByName(instanceId: string, name: string): Promise<FlowRecord | undefined> {
    const fast = this.fast;
    if (fast) {
      const found = this.rowCache.get(`flow-named:${instanceId}/${name}`, () =>
        fast.prepare('select * from "contact_flows" where "instance_id" = ? and "name" = ?').get(instanceId, name) as Row<'contact_flows'> | undefined);
      return found && toFlow(found);
    }
    const row = await this.readOnce(`flow-named:${instanceId}/${name}`, () =>
      this.db.selectFrom('contact_flows').selectAll().where('instance_id', '=', instanceId).where('name', '=', name).executeTakeFirst());
    return row && toFlow(row);
  }

  async listFlows(instanceId: string): Promise<FlowRecord[]> {
    if (this.fast) return (this.fast.prepare('select * from "contact_flows" where "instance_id" = ? order by "name"').all(instanceId) as Row<'contact_flows'>[]).map(toFlow);
    const rows = await this.db.selectFrom('contact_flows').selectAll().where('instance_id', '=', instanceId)
      .orderBy('name').execute();
    return rows.map(toFlow);
  }

  async insertResource(r: InstanceResourceRecord): Promise<void> {
    this.rowCache.forget('resource:');
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
    const fast = this.fast;
    if (fast) {
      const found = this.rowCache.get(`resource:${instanceId}/${kind}/${id}`, () =>
        fast.prepare('select * from "instance_resources" where "instance_id" = ? and "kind" = ? and "id" = ?').get(instanceId, kind, id) as Row<'instance_resources'> | undefined);
      return found && toResource(found);
    }
    const row = await this.readOnce(`resource:${instanceId}/${kind}/${id}`, () => this.db.selectFrom('instance_resources').selectAll()
      .where('instance_id', '=', instanceId).where('kind', '=', kind).where('id', '=', id).executeTakeFirst());
    return row && toResource(row);
  }

  async updateResource(r: InstanceResourceRecord): Promise<void> {
    this.rowCache.forget('resource:');
    await unique(this.db.updateTable('instance_resources').set({ name: r.name, arn: r.arn, data: json(r.data) })
      .where('instance_id', '=', r.instanceId).where('kind', '=', r.kind).where('id', '=', r.id).execute());
  }

  async deleteResource(instanceId: string, kind: string, id: string): Promise<void> {
    this.rowCache.forget('resource:');
    await this.db.deleteFrom('instance_resources').where('instance_id', '=', instanceId).where('kind', '=', kind).where('id', '=', id).execute();
  }

  // Contacts ----------------------------------------------------------------------------------------------------
  async insertContact(c: ContactRecord): Promise<void> {
    this.rowCache.forget(`contact:${c.id}`);
    if (this.fastInsert('contacts', fromContact(c))) return;
    await this.write(this.db.insertInto('contacts').values(fromContact(c)));
  }

  async getContact(id: string, options: { lock?: boolean } = {}): Promise<ContactRecord | undefined> {
    const fast = this.fast;
    if (fast) {
      const row = this.rowCache.get(`contact:${id}`, () => fast.prepare('select * from "contacts" where "id" = ?').get(id) as Row<'contacts'> | undefined);
      return row && toContact(row);
    }
    const query = this.db.selectFrom('contacts').selectAll().where('id', '=', id);
    // PostgreSQL: a row this transaction has locked changes only through its own writes (updateContact keeps it).
    const cached = this.rowCache.peek<Row<'contacts'>>(`contact:${id}`);
    if (cached) return toContact(cached);
    if (!this.locking || options.lock === false) {
      const row = await query.executeTakeFirst();
      return row && toContact(row);
    }
    const row = await query.forUpdate().executeTakeFirst();
    if (row) this.rowCache.set(`contact:${id}`, row);
    return row && toContact(row);
  }

  async updateContact(id: string, patch: Partial<Omit<ContactRecord, 'id'>>): Promise<void> {
    const full = fromContact({ ...(patch as ContactRecord), id });
    const values = Object.fromEntries(
      Object.entries(full).filter(([k]) => k !== 'id' && Object.hasOwn(patch, contactColumnToField[k] ?? '')),
    );
    if (!this.fastUpdate('contacts', values, 'id', id)) {
      if (!Object.keys(values).length) return;
      await this.write(this.db.updateTable('contacts').set(values).where('id', '=', id));
    }
    // The UPDATE sets plain column values (no expressions), so a row this transaction read (SQLite) or locked
    // (PostgreSQL) takes them as they are.
    this.rowCache.update<Row<'contacts'> | undefined>(`contact:${id}`, (row) => row && { ...row, ...values });
  }

  async lockInstance(instanceId: string): Promise<void> {
    if (this.locking) await this.db.selectFrom('instances').select('id').where('id', '=', instanceId).forUpdate().execute();
  }

  async countActiveContacts(instanceId: string): Promise<number> {
    // A counter kept by triggers on contacts (migration 0011), in the transaction that changed the contact.
    if (this.fast) {
      const row = this.fast.prepare('select "active" from "instance_active_contacts" where "instance_id" = ?').get(instanceId) as { active: number } | undefined;
      return Number(row?.active ?? 0);
    }
    const row = await this.db.selectFrom('instance_active_contacts').select('active').where('instance_id', '=', instanceId).executeTakeFirst();
    return Number(row?.active ?? 0);
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
    this.rowCache.forget(`waiting-flow:${run.contactId}`);
    const row = { contact_id: run.contactId, kind: run.kind, state: json(run.state), waiting: run.waiting ? 1 : 0 };
    if (this.fast) {
      this.fast.prepare('insert into "flow_runs" ("contact_id", "kind", "state", "waiting") values (?, ?, ?, ?) on conflict ("contact_id", "kind") do update set "state" = excluded."state", "waiting" = excluded."waiting"')
        .run(row.contact_id, row.kind, row.state, row.waiting);
      return;
    }
    await this.write(this.db.insertInto('flow_runs').values(row)
      .onConflict((oc) => oc.columns(['contact_id', 'kind']).doUpdateSet({ state: row.state, waiting: row.waiting })));
  }

  async deleteFlowRun(contactId: string, kind: FlowRunRecord['kind']): Promise<void> {
    this.rowCache.forget(`waiting-flow:${contactId}`);
    if (this.fast) {
      this.fast.prepare('delete from "flow_runs" where "contact_id" = ? and "kind" = ?').run(contactId, kind);
      return;
    }
    await this.write(this.db.deleteFrom('flow_runs').where('contact_id', '=', contactId).where('kind', '=', kind));
  }

  async hasWaitingFlowRun(contactId: string): Promise<boolean> {
    const key = `waiting-flow:${contactId}`;
    const fast = this.fast;
    if (fast) return this.rowCache.get(key, () => !!fast.prepare('select 1 from "flow_runs" where "contact_id" = ? and "waiting" = 1 limit 1').get(contactId));
    // PostgreSQL: known when this transaction's session or participant read learned it under the contact's lock.
    const known = this.rowCache.peek<boolean>(key);
    if (known !== undefined) return known;
    return !!(await this.db.selectFrom('flow_runs').select('kind').where('contact_id', '=', contactId).where('waiting', '=', 1).executeTakeFirst());
  }

  // Participants and tokens -------------------------------------------------------------------------------------
  async insertParticipant(p: ParticipantRecord): Promise<void> {
    const row = {
      id: p.id, contact_id: p.contactId, initial_contact_id: p.initialContactId, role: p.role,
      display_name: p.displayName, state: p.state, connected: p.connected ? 1 : 0, joined_at: p.joinedAt, left_at: p.leftAt,
    };
    this.rowCache.forget('participants:');
    if (this.fastInsert('participants', row)) return;
    await this.write(this.db.insertInto('participants').values(row));
  }

  async getParticipant(id: string): Promise<ParticipantRecord | undefined> {
    if (this.fast) {
      const found = this.fast.prepare('select * from "participants" where "id" = ?').get(id) as Row<'participants'> | undefined;
      return found && toParticipant(found);
    }
    if (this.locking) {
      const { rows } = await sql<Row<'participants'> & { waiting_flow: boolean }>`
        select p.*, exists (select 1 from flow_runs f where f.contact_id = p.contact_id and f.waiting = 1) as waiting_flow
        from participants p where p.id = ${id}`.execute(this.db);
      const found = rows[0];
      // Whether a flow waits, learned after the contact's lock in the same round trip: writers of flow runs hold that
      // lock, so the answer holds until this transaction's own flow-run writes, which forget it.
      if (found) this.rowCache.set(`waiting-flow:${found.contact_id}`, !!found.waiting_flow);
      return found && toParticipant(found);
    }
    const row = await this.db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toParticipant(row);
  }

  async listParticipants(initialContactId: string): Promise<ParticipantRecord[]> {
    const fast = this.fast;
    if (fast) {
      return this.rowCache.get(`participants:${initialContactId}`, () =>
        fast.prepare('select * from "participants" where "initial_contact_id" = ? order by "joined_at"').all(initialContactId) as Row<'participants'>[])
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
    this.rowCache.forget('participants:');
    if (this.fastUpdate('participants', values, 'id', id)) return;
    if (Object.keys(values).length) await this.write(this.db.updateTable('participants').set(values).where('id', '=', id));
  }

  async insertToken(t: TokenRecord): Promise<void> {
    const row = { hash: t.hash, kind: t.kind, participant_id: t.participantId, contact_id: t.contactId, expires_at: t.expiresAt };
    if (this.fastInsert('tokens', row)) return;
    await this.write(this.db.insertInto('tokens').values(row));
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
      const session = sql`tokens t join participants p on p.id = t.participant_id join contacts c on c.id = p.contact_id
        where t.hash = ${hash}`;
      if (this.locking) {
        // The contact is locked first, then everything is read by a statement of its own: under READ COMMITTED its
        // snapshot is taken after the lock, so a participant who left while this transaction waited is seen as
        // left. The lock rides in front of the read (postgres/batching-pool.ts), so both cost one round trip.
        await this.db.executeQuery(deferrable(sql`select 1 from ${session} for update of c`.compile(this.db)));
      }
      const { rows } = await sql<{ t: Row<'tokens'>; p: Row<'participants'>; c: Row<'contacts'>; waiting_flow: boolean }>`
        select row_to_json(t) as t, row_to_json(p) as p, row_to_json(c) as c,
          exists (select 1 from flow_runs f where f.contact_id = c.id and f.waiting = 1) as waiting_flow
        from ${session}`.execute(this.db);
      const row = rows[0];
      // Whether a flow waits, read under the contact's lock: writers of flow runs hold that lock, so the answer holds
      // until this transaction's own flow-run writes, which forget it.
      if (row && this.locking) {
        this.rowCache.set(`waiting-flow:${row.c.id}`, !!row.waiting_flow);
        this.rowCache.set(`contact:${row.c.id}`, row.c);
      }
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
    const events = await this.db.deleteFrom('contact_events').where('at', '<', idempotencyBefore).executeTakeFirst();
    return Number(expired.numDeletedRows) + Number(left.numDeletedRows) + Number(replays.numDeletedRows) + Number(events.numDeletedRows);
  }

}

function toResource(r: Row<'instance_resources'>): InstanceResourceRecord {
  return { instanceId: r.instance_id, kind: r.kind, id: r.id, arn: r.arn, name: r.name, data: parse<Json>(r.data) };
}

function toToken(r: Row<'tokens'>): TokenRecord {
  return { hash: r.hash, kind: r.kind as TokenRecord['kind'], participantId: r.participant_id, contactId: r.contact_id, expiresAt: num(r.expires_at) };
}
