// Table types and migrations shared by the SQLite and PostgreSQL stores (one Kysely code base).
// Portable choices: JSON as text, times as bigint milliseconds, booleans as 0/1 integers.
import { type Generated, type Kysely, type Migration, type MigrationProvider, Migrator, PostgresAdapter, sql } from 'kysely';

export interface DB {
  instances: {
    id: string; arn: string; alias: string | null; identity_management_type: string; status: string;
    inbound_calls: number; outbound_calls: number; created_at: number; tags: string;
  };
  contact_flows: {
    id: string; instance_id: string; arn: string; name: string; type: string; state: string; status: string;
    description: string | null; content: string; created_at: number; updated_at: number;
  };
  instance_resources: { instance_id: string; kind: string; id: string; arn: string; name: string; data: string };
  contacts: {
    id: string; instance_id: string; initial_contact_id: string; previous_contact_id: string | null;
    next_contact_id: string | null; related_contact_id: string | null; channel: string; initiation_method: string;
    state: string; contact_flow_id: string; attributes: string; segment_attributes: string; customer_id: string | null;
    supported_content_types: string; chat_duration_minutes: number; disconnect_on_customer_exit: string;
    participant_configuration: string; persistent_chat: string; initiated_at: number; disconnected_at: number | null;
    last_updated_at: number; disconnect_reason: string | null; expires_at: number; flow_data: string;
    queue_id: string | null; enqueued_at: number | null; routing_priority: number | null; routing_adjust_seconds: number | null;
    agent_user_id: string | null; agent_participant_id: string | null; agent_accepted_at: number | null; agent_connected_at: number | null;
    participant_timers: string;
  };
  flow_runs: { contact_id: string; kind: string; state: string; waiting: number };
  participants: {
    id: string; contact_id: string; initial_contact_id: string; role: string; display_name: string; state: string;
    connected: number; joined_at: number; left_at: number | null;
  };
  tokens: { hash: string; kind: string; participant_id: string; contact_id: string; expires_at: number | null };
  transcript_items: {
    id: string; initial_contact_id: string; contact_id: string; type: string; content_type: string;
    content: string | null; participant_id: string | null; display_name: string | null; participant_role: string | null;
    absolute_time: number; attachments: string; related_contact_id: string | null;
  };
  receipts: {
    message_id: string; initial_contact_id: string; recipient_participant_id: string;
    delivered_at: number | null; read_at: number | null;
  };
  idempotency: { scope: string; token: string; request_hash: string; response: string; created_at: number };
  timers: { id: string; kind: string; contact_id: string; due_at: number; payload: string; lease_until: number | null; attempts: Generated<number> };
  contact_routing: {
    contact_id: string; instance_id: string; queue_id: string; priority: number; enqueued_at: number; routing_age_at: number;
    state: string; agent_id: string | null; declined: string;
  };
  agent_states: {
    user_id: string; instance_id: string; status: string; routable: number; since: number; idle_since: number;
    missed: number; online: number;
  };
  agent_contacts: {
    user_id: string; contact_id: string; instance_id: string; state: string; since: number; expires_at: number | null;
  };
  attachments: {
    id: string; initial_contact_id: string; contact_id: string; participant_id: string; name: string; content_type: string;
    declared_size: number; size: number | null; status: string; created_at: number;
  };
  contact_streams: {
    id: string; instance_id: string; initial_contact_id: string; endpoint_arn: string; created_at: number;
    stopped_at: number | null; delivered_through: string | null; lease_until: number | null; failures: number;
  };
  flow_trace: { id: string; initial_contact_id: string; contact_id: string; at: number; entry: string };
  contact_events: { id: string; instance_id: string; contact_id: string; at: number; body: string };
  contact_event_cursors: { endpoint: string; delivered_through: string | null; lease_until: number | null; failures: number };
  /** Kept by triggers on contacts (migration 0011); read by the active-chat quota. */
  instance_active_contacts: { instance_id: string; active: number };
  integration_chats: { destination_id: string; source_id: string; subtype: string; initial_contact_id: string; updated_at: number };
  persistent_links: {
    continued_from_contact_id: string; initial_contact_id: string; instance_id: string; rehydration_type: string;
    source_contact_id: string; created_at: number;
  };
}

const migrations: Record<string, Migration> = {
  '0001_core': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('instances')
        .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('alias', 'text').addColumn('identity_management_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull()).addColumn('inbound_calls', 'integer', (c) => c.notNull())
        .addColumn('outbound_calls', 'integer', (c) => c.notNull()).addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull()).execute();
      await db.schema.createTable('contact_flows')
        .addColumn('id', 'text', (c) => c.notNull()).addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull()).addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull()).addColumn('state', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull()).addColumn('description', 'text')
        .addColumn('content', 'text', (c) => c.notNull()).addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('contact_flows_pk', ['instance_id', 'id']).execute();
      await db.schema.createTable('instance_resources')
        .addColumn('instance_id', 'text', (c) => c.notNull()).addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull()).addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull()).addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('instance_resources_pk', ['instance_id', 'kind', 'id']).execute();
      await db.schema.createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('initial_contact_id', 'text', (c) => c.notNull()).addColumn('previous_contact_id', 'text')
        .addColumn('next_contact_id', 'text').addColumn('related_contact_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull()).addColumn('initiation_method', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull()).addColumn('contact_flow_id', 'text', (c) => c.notNull())
        .addColumn('attributes', 'text', (c) => c.notNull()).addColumn('segment_attributes', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text').addColumn('supported_content_types', 'text', (c) => c.notNull())
        .addColumn('chat_duration_minutes', 'integer', (c) => c.notNull())
        .addColumn('disconnect_on_customer_exit', 'text', (c) => c.notNull())
        .addColumn('participant_configuration', 'text', (c) => c.notNull())
        .addColumn('persistent_chat', 'text', (c) => c.notNull()).addColumn('initiated_at', 'bigint', (c) => c.notNull())
        .addColumn('disconnected_at', 'bigint').addColumn('last_updated_at', 'bigint', (c) => c.notNull())
        .addColumn('disconnect_reason', 'text').addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('flow_state', 'text', (c) => c.notNull()).execute();
      await db.schema.createIndex('contacts_initial').on('contacts').columns(['initial_contact_id']).execute();
      await db.schema.createIndex('contacts_instance_state').on('contacts').columns(['instance_id', 'state']).execute();
      await db.schema.createTable('participants')
        .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('contact_id', 'text', (c) => c.notNull())
        .addColumn('initial_contact_id', 'text', (c) => c.notNull()).addColumn('role', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull()).addColumn('state', 'text', (c) => c.notNull())
        .addColumn('connected', 'integer', (c) => c.notNull()).addColumn('joined_at', 'bigint', (c) => c.notNull())
        .addColumn('left_at', 'bigint').execute();
      await db.schema.createIndex('participants_chat').on('participants').columns(['initial_contact_id']).execute();
      await db.schema.createTable('tokens')
        .addColumn('hash', 'text', (c) => c.primaryKey()).addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('participant_id', 'text', (c) => c.notNull()).addColumn('contact_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint').execute();
      await db.schema.createTable('transcript_items')
        .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('initial_contact_id', 'text', (c) => c.notNull())
        .addColumn('contact_id', 'text', (c) => c.notNull()).addColumn('type', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull()).addColumn('content', 'text')
        .addColumn('participant_id', 'text').addColumn('display_name', 'text').addColumn('participant_role', 'text')
        .addColumn('absolute_time', 'bigint', (c) => c.notNull()).addColumn('attachments', 'text', (c) => c.notNull())
        .addColumn('related_contact_id', 'text').execute();
      await db.schema.createIndex('transcript_chat').on('transcript_items').columns(['initial_contact_id', 'id']).execute();
      await db.schema.createTable('receipts')
        .addColumn('message_id', 'text', (c) => c.notNull()).addColumn('initial_contact_id', 'text', (c) => c.notNull())
        .addColumn('recipient_participant_id', 'text', (c) => c.notNull()).addColumn('delivered_at', 'bigint')
        .addColumn('read_at', 'bigint')
        .addPrimaryKeyConstraint('receipts_pk', ['message_id', 'recipient_participant_id']).execute();
      await db.schema.createTable('idempotency')
        .addColumn('scope', 'text', (c) => c.notNull()).addColumn('token', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull()).addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_pk', ['scope', 'token']).execute();
      await db.schema.createTable('timers')
        .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('contact_id', 'text', (c) => c.notNull()).addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull()).execute();
      await db.schema.createIndex('timers_due').on('timers').columns(['due_at']).execute();
    },
  },
  '0002_routing': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('contact_routing')
        .addColumn('contact_id', 'text', (c) => c.primaryKey()).addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('queue_id', 'text', (c) => c.notNull()).addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('enqueued_at', 'bigint', (c) => c.notNull()).addColumn('routing_age_at', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull()).addColumn('agent_id', 'text').addColumn('declined', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('contact_routing_queue').on('contact_routing').columns(['instance_id', 'state', 'priority', 'routing_age_at']).execute();
      await db.schema.createTable('agent_states')
        .addColumn('user_id', 'text', (c) => c.primaryKey()).addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull()).addColumn('routable', 'integer', (c) => c.notNull())
        .addColumn('since', 'bigint', (c) => c.notNull()).addColumn('idle_since', 'bigint', (c) => c.notNull())
        .addColumn('missed', 'integer', (c) => c.notNull()).addColumn('online', 'integer', (c) => c.notNull()).execute();
      await db.schema.createTable('agent_contacts')
        .addColumn('user_id', 'text', (c) => c.notNull()).addColumn('contact_id', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text', (c) => c.notNull()).addColumn('state', 'text', (c) => c.notNull())
        .addColumn('since', 'bigint', (c) => c.notNull()).addColumn('expires_at', 'bigint')
        .addPrimaryKeyConstraint('agent_contacts_pk', ['user_id', 'contact_id']).execute();
      await db.schema.createIndex('agent_contacts_contact').on('agent_contacts').columns(['contact_id']).execute();
    },
  },
  '0003_persistent_chat': {
    async up(db: Kysely<any>) {
      // One row per continued contact: the primary key makes "a source is continued only once" hold across nodes.
      await db.schema.createTable('persistent_links')
        .addColumn('continued_from_contact_id', 'text', (c) => c.primaryKey())
        .addColumn('initial_contact_id', 'text', (c) => c.notNull().unique()).addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('rehydration_type', 'text', (c) => c.notNull()).addColumn('source_contact_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull()).execute();
    },
  },
  '0004_attachments': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('initial_contact_id', 'text', (c) => c.notNull())
        .addColumn('contact_id', 'text', (c) => c.notNull()).addColumn('participant_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull()).addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('declared_size', 'bigint', (c) => c.notNull()).addColumn('size', 'bigint')
        .addColumn('status', 'text', (c) => c.notNull()).addColumn('created_at', 'bigint', (c) => c.notNull()).execute();
      await db.schema.createIndex('attachments_chat').on('attachments').columns(['initial_contact_id']).execute();
    },
  },
  '0005_hardening': {
    async up(db: Kysely<any>) {
      // Names and aliases unique by index, not by a check that races (Connect: DuplicateResourceException).
      await db.schema.createIndex('instances_alias').on('instances').column('alias').unique().execute();
      await db.schema.createIndex('contact_flows_name').on('contact_flows').columns(['instance_id', 'name']).unique().execute();
      await db.schema.createIndex('instance_resources_name').on('instance_resources').columns(['instance_id', 'kind', 'name']).unique().execute();
      // Leased timers: a claimed timer stays until its handler finished; a dead node's lease runs out.
      await db.schema.alterTable('timers').addColumn('lease_until', 'bigint').execute();
      await db.schema.alterTable('timers').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('tokens_expiry').on('tokens').column('expires_at').execute();
      await db.schema.createIndex('idempotency_created').on('idempotency').column('created_at').execute();
    },
  },
  '0006_routing_order': {
    async up(db: Kysely<any>) {
      // listQueuedContacts reads a queue in routing order; the index serves it without sorting the whole queue.
      await db.schema.createIndex('contact_routing_order').on('contact_routing')
        .columns(['instance_id', 'state', 'priority', 'routing_age_at', 'contact_id']).execute();
    },
  },
  '0007_typed_contact_state': {
    // The old flow_state JSON column held flow runs, queue and agent info, routing settings, timer settings and flow
    // data, rewritten by several modules. Each moves to its own typed home; existing contacts keep their data.
    async up(db: Kysely<any>) {
      await db.schema.createTable('flow_runs')
        .addColumn('contact_id', 'text', (c) => c.notNull()).addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull()).addColumn('waiting', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('flow_runs_pk', ['contact_id', 'kind']).execute();
      for (const [name, type] of [['flow_data', 'text'], ['queue_id', 'text'], ['enqueued_at', 'bigint'], ['routing_priority', 'integer'],
        ['routing_adjust_seconds', 'integer'], ['agent_user_id', 'text'], ['agent_participant_id', 'text'], ['agent_accepted_at', 'bigint'],
        ['agent_connected_at', 'bigint'], ['participant_timers', 'text']] as const) {
        await db.schema.alterTable('contacts').addColumn(name, type).execute();
      }
      const rows = await db.selectFrom('contacts').select(['id', 'flow_state']).execute() as { id: string; flow_state: string }[];
      for (const row of rows) {
        const old = JSON.parse(row.flow_state || '{}') as Record<string, any>;
        await db.updateTable('contacts').set({
          flow_data: JSON.stringify({ eventHooks: old.eventHooks ?? {}, targetQueue: old.targetQueue ?? null, targetAgent: old.targetAgent ?? null,
            record: old.record ?? {}, contactData: old.contactData ?? {} }),
          queue_id: old.queueInfo?.queueId ?? null, enqueued_at: old.queueInfo?.enqueuedAt ?? null,
          routing_priority: old.routing?.priority ?? null, routing_adjust_seconds: old.routing?.adjustSeconds ?? null,
          agent_user_id: old.agentInfo?.userId ?? null, agent_participant_id: old.agentInfo?.participantId ?? null,
          agent_accepted_at: old.agentInfo?.acceptedAt ?? null, agent_connected_at: old.agentInfo?.connectedAt ?? null,
          participant_timers: JSON.stringify({ config: old.timerConfig ?? {}, idle: old.idleParticipants ?? {} }),
        }).where('id', '=', row.id).execute();
        for (const kind of ['main', 'queue'] as const) {
          if (old[kind]) {
            await db.insertInto('flow_runs').values({ contact_id: row.id, kind, state: JSON.stringify(old[kind]), waiting: old[kind].waiting ? 1 : 0 }).execute();
          }
        }
      }
      await db.schema.alterTable('contacts').dropColumn('flow_state').execute();
    },
  },
  '0008_contact_streams': {
    // StartContactStreaming: each stream's delivery position, so delivery resumes in order after a restart.
    async up(db: Kysely<any>) {
      await db.schema.createTable('contact_streams')
        .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('initial_contact_id', 'text', (c) => c.notNull()).addColumn('endpoint_arn', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull()).addColumn('stopped_at', 'bigint')
        .addColumn('delivered_through', 'text').addColumn('lease_until', 'bigint')
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('contact_streams_chat').on('contact_streams').column('initial_contact_id').execute();
      await db.schema.createIndex('contact_streams_active').on('contact_streams').column('stopped_at').execute();
    },
  },
  '0009_integration_chats': {
    // SendChatIntegrationEvent / StartOutboundChatContact: which chat an external conversation (source, destination,
    // subtype) is in, so the next event of that conversation continues it.
    async up(db: Kysely<any>) {
      await db.schema.createTable('integration_chats')
        .addColumn('destination_id', 'text', (c) => c.notNull()).addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('subtype', 'text', (c) => c.notNull()).addColumn('initial_contact_id', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('integration_chats_pk', ['destination_id', 'source_id', 'subtype']).execute();
    },
  },
  '0010_flow_trace': {
    // Each contact's path through its flows (admin API, docs/flows.md), kept with the contact.
    async up(db: Kysely<any>) {
      await db.schema.createTable('flow_trace')
        .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('initial_contact_id', 'text', (c) => c.notNull())
        .addColumn('contact_id', 'text', (c) => c.notNull()).addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull()).execute();
      await db.schema.createIndex('flow_trace_chat').on('flow_trace').columns(['initial_contact_id', 'id']).execute();
    },
  },
  '0011_active_contact_counts': {
    // The active-chat quota read a count of the instance's active contacts on every StartChatContact: linear in the
    // active chats (10 % of the server's CPU at 500 starts/s with 3,000 active). A counter row per instance, kept
    // by triggers in the same statement as every change of a contact's state, is one row read instead.
    async up(db: Kysely<any>) {
      await db.schema.createTable('instance_active_contacts')
        .addColumn('instance_id', 'text', (c) => c.primaryKey()).addColumn('active', 'integer', (c) => c.notNull()).execute();
      await sql`insert into instance_active_contacts (instance_id, active)
        select instance_id, count(*) from contacts where state = 'ACTIVE' group by instance_id`.execute(db);
      const add = (instance: string, delta: string) => `insert into instance_active_contacts (instance_id, active) values (${instance}, ${delta})
        on conflict (instance_id) do update set active = instance_active_contacts.active + ${delta}`;
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql.raw(`create function contacts_count_active() returns trigger language plpgsql as $$
          begin
            if tg_op in ('UPDATE', 'DELETE') and old.state = 'ACTIVE' then ${add('old.instance_id', '-1')}; end if;
            if tg_op in ('INSERT', 'UPDATE') and new.state = 'ACTIVE' then ${add('new.instance_id', '1')}; end if;
            return null;
          end $$`).execute(db);
        await sql.raw(`create trigger contacts_count_active after insert or delete or update of state on contacts
          for each row execute function contacts_count_active()`).execute(db);
      } else {
        await sql.raw(`create trigger contacts_active_insert after insert on contacts when new.state = 'ACTIVE'
          begin ${add('new.instance_id', '1')}; end`).execute(db);
        await sql.raw(`create trigger contacts_active_update after update of state on contacts when (old.state = 'ACTIVE') <> (new.state = 'ACTIVE')
          begin ${add('new.instance_id', "case when new.state = 'ACTIVE' then 1 else -1 end")}; end`).execute(db);
        await sql.raw(`create trigger contacts_active_delete after delete on contacts when old.state = 'ACTIVE'
          begin ${add('old.instance_id', '-1')}; end`).execute(db);
      }
    },
  },
  '0012_contact_events': {
    // Contact events (docs/contact-events.md): appended in the transaction of the change they describe, delivered in
    // id order to each configured endpoint from a cursor leased to one node at a time.
    async up(db: Kysely<any>) {
      await db.schema.createTable('contact_events')
        .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('contact_id', 'text', (c) => c.notNull()).addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull()).execute();
      await db.schema.createTable('contact_event_cursors')
        .addColumn('endpoint', 'text', (c) => c.primaryKey()).addColumn('delivered_through', 'text')
        .addColumn('lease_until', 'bigint').addColumn('failures', 'integer', (c) => c.notNull()).execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Migrates to a named migration (tests of a migration start from the schema before it). */
export async function migrateTo(db: Kysely<DB>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

export async function migrateToLatest(db: Kysely<DB>): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
