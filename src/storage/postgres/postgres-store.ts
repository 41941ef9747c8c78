// The scale-out store: PostgreSQL through pg, sharing queries and migrations with SQLite (Kysely).
// BIGINT columns (millisecond times) are parsed to numbers; they stay far below 2^53.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { KyselyStore } from '../kysely-store.js';
import { BatchingPool } from './batching-pool.js';
import { type DB, migrateToLatest } from '../schema.js';
import type { Store } from '../store.js';

const INT8_OID = 20;

export async function openPostgresStore(connectionString: string, poolSize = 10): Promise<Store> {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client can lose its connection (server restart, admin termination); pg reports that on the pool,
  // and an unlistened 'error' would crash the process. The pool replaces the client on next use.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new BatchingPool(pool) }) });
  await migrateToLatest(db);
  return new KyselyStore(db, 'postgres', () => db.destroy());
}
