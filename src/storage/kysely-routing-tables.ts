// The Store's routing tables, for SQLite and PostgreSQL alike: the queue entries of chats (contact_routing), the
// agents' states and the chats each agent holds. kysely-chat-tables.ts has the chat's own tables; kysely-store.ts
// the rest and the transactions.
import { KyselyChatTables } from './kysely-chat-tables.js';
import type { Row } from './kysely-base.js';
import { fromRouting, toAgentContact, toAgentState, toRouting } from './row-mappers.js';
import type { AgentContactRecord, AgentStateRecord, ContactRoutingRecord } from './store.js';

export abstract class KyselyRoutingTables extends KyselyChatTables {
  async upsertContactRouting(r: ContactRoutingRecord): Promise<void> {
    const row = fromRouting(r);
    if (this.fastInsert('contact_routing', row, 'contact_id')) return;
    await this.write(this.db.insertInto('contact_routing').values(row)
      .onConflict((oc) => oc.column('contact_id').doUpdateSet({ ...row, contact_id: undefined })));
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
    await this.write(this.db.deleteFrom('contact_routing').where('contact_id', '=', contactId));
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
    await this.write(this.db.insertInto('agent_states').values(row).onConflict((oc) => oc.column('user_id').doUpdateSet({ ...row, user_id: undefined })));
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
    await this.write(this.db.insertInto('agent_contacts').values(row)
      .onConflict((oc) => oc.columns(['user_id', 'contact_id']).doUpdateSet({ state: r.state, since: r.since, expires_at: r.expiresAt })));
  }

  async deleteAgentContact(userId: string, contactId: string): Promise<void> {
    await this.write(this.db.deleteFrom('agent_contacts').where('user_id', '=', userId).where('contact_id', '=', contactId));
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
}
