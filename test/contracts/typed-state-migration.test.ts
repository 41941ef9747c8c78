// Migration 0007 moves the old flow_state JSON of existing contacts into its typed homes (flow data, queue and agent
// info, routing settings, participant timers, flow_runs), on both stores, and drops the column; migration 0011 then
// counts the contacts already active.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { type DB, migrateTo } from '../../src/storage/schema.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../../src/storage/store.js';
import { createTestDatabase } from '../helpers/postgres.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const oldFlowState = {
  main: { flowId: 'f1', actionId: 'wait', waiting: { kind: 'input', waitId: 'w1' } },
  queue: null,
  eventHooks: { CustomerQueue: 'qf' }, targetQueue: 'q1', targetAgent: null, record: { r: 1 }, contactData: { Name: 'Ada' },
  queueInfo: { queueId: 'q1', enqueuedAt: 1_700_000_000_500 }, routing: { priority: 2, adjustSeconds: 30 },
  agentInfo: { userId: 'u1', participantId: 'p1', acceptedAt: 1_700_000_001_000, connectedAt: 1_700_000_001_000 },
  timerConfig: { AGENT: { IDLE: 5 } }, idleParticipants: { CUSTOMER: true }, lastTrace: ['a'],
};

async function seedOldContact(db: Kysely<DB>) {
  await migrateTo(db, '0006_routing_order');
  await (db as unknown as Kysely<any>).insertInto('contacts').values({
    id: 'c-old', instance_id: 'i', initial_contact_id: 'c-old', previous_contact_id: null, next_contact_id: null, related_contact_id: null,
    channel: 'CHAT', initiation_method: 'API', state: 'ACTIVE', contact_flow_id: 'f1', attributes: '{}', segment_attributes: '{}',
    customer_id: null, supported_content_types: '["text/plain"]', chat_duration_minutes: 1500, disconnect_on_customer_exit: '[]',
    participant_configuration: 'null', persistent_chat: 'null', initiated_at: 1, disconnected_at: null, last_updated_at: 1,
    disconnect_reason: null, expires_at: 2, flow_state: JSON.stringify(oldFlowState),
  }).execute();
  await db.destroy();
}

async function expectMoved(store: Store) {
  const contact = (await store.getContact('c-old'))!;
  expect(contact.flow).toEqual({ eventHooks: { CustomerQueue: 'qf' }, targetQueue: 'q1', targetAgent: null, record: { r: 1 }, contactData: { Name: 'Ada' } });
  expect(contact.queueInfo).toEqual({ queueId: 'q1', enqueuedAt: 1_700_000_000_500 });
  expect(contact.routing).toEqual({ priority: 2, adjustSeconds: 30 });
  expect(contact.agentInfo).toEqual({ userId: 'u1', participantId: 'p1', acceptedAt: 1_700_000_001_000, connectedAt: 1_700_000_001_000 });
  expect(contact.participantTimers).toEqual({ config: { AGENT: { IDLE: 5 } }, idle: { CUSTOMER: true } });
  expect(await store.getFlowRun('c-old', 'main')).toEqual({ contactId: 'c-old', kind: 'main', state: oldFlowState.main, waiting: true });
  expect(await store.getFlowRun('c-old', 'queue')).toBeUndefined();
  expect(await store.hasWaitingFlowRun('c-old')).toBe(true);
  // Migration 0011 counts the contacts that were active before it.
  expect(await store.countActiveContacts('i')).toBe(1);
  await store.close();
}

describe('migration 0007: typed contact state', () => {
  it('moves existing data on SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-migrate-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'old.db');
    await seedOldContact(new Kysely<DB>({ dialect: new SqliteDialect({ database: new Database(file) }) }));
    await expectMoved(await openSqliteStore(file));
  });

  it('moves existing data on PostgreSQL', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    await seedOldContact(new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url }) }) }));
    await expectMoved(await openPostgresStore(db.url));
  });
});
