// The embedded default store: SQLite through better-sqlite3 in WAL mode. With WAL and
// synchronous=NORMAL a committed transaction survives the process being killed (SIGKILL); only an OS
// crash or power loss may lose the last commits, which is SQLite's documented trade-off.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyStore } from '../kysely-store.js';
import { type DB, migrateToLatest } from '../schema.js';
import type { Store } from '../store.js';

/** Opens (creating when absent) the SQLite database at `file`; ':memory:' gives a throwaway store. */
export async function openSqliteStore(file: string): Promise<Store> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  await migrateToLatest(db);
  return new KyselyStore(db, 'sqlite', () => db.destroy());
}
