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
import { MAX_LOG_BYTES, type WalCheckpointer, startWalCheckpointer } from './wal-checkpointer.js';

/** Opens (creating when absent) the SQLite database at `file`; ':memory:' gives a throwaway store. */
export async function openSqliteStore(file: string): Promise<Store> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  // No blocking busy wait: better-sqlite3 is synchronous, so waiting for another connection's lock would stall the
  // event loop; transactions wait for the write lock asynchronously instead (KyselyStore.transaction).
  database.pragma('busy_timeout = 0');
  database.pragma('foreign_keys = ON');
  // Savepoint journals (group commit gives every transaction one) and temporary indexes stay in memory.
  database.pragma('temp_store = MEMORY');
  const statements = withStatementCache(database);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: statements }) });
  await migrateToLatest(db);
  // Checkpoints leave the event loop for a worker (wal-checkpointer.ts); a throwaway in-memory store has no log.
  let checkpointer: WalCheckpointer | undefined;
  if (file !== ':memory:') {
    database.pragma('wal_autocheckpoint = 0');
    // When the log starts over, a file that grew past the limit is cut back to it.
    database.pragma(`journal_size_limit = ${MAX_LOG_BYTES}`);
    checkpointer = startWalCheckpointer(file, database);
  }
  return new SqliteStore(db, database, statements, checkpointer);
}

/** The Kysely store on SQLite, which can also copy itself while running (better-sqlite3's online backup). */
class SqliteStore extends KyselyStore {
  constructor(
    db: Kysely<DB>, private readonly database: Database.Database, statements: ReturnType<typeof withStatementCache>,
    checkpointer?: WalCheckpointer,
  ) {
    super(db, 'sqlite', async () => {
      await checkpointer?.stop();
      await db.destroy();
    }, false, statements, checkpointer && (() => checkpointer.afterCommit()));
  }

  override async snapshotTo(file: string): Promise<void> {
    await this.database.backup(file);
  }
}

/** Prepared statements kept by SQL text: Kysely's driver prepares on every execution, a compile each time. */
const STATEMENT_CACHE_SIZE = 500;

function withStatementCache(database: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): Database.Statement {
      let statement = cache.get(sql);
      if (statement) return statement;
      statement = database.prepare(sql);
      // Bounded: statements with variable IN lists differ by text; the oldest goes first.
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
      return statement;
    },
  };
}
