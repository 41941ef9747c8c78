// What the Kysely store's parts share: the connection, the dialect, and on SQLite the hot path that runs prepared
// statements synchronously inside a transaction (kysely-store.ts explains why); also row locking on PostgreSQL.
import type { Compilable, Kysely } from 'kysely';
import { deferrable } from './deferrable.js';
import type { StatementSource } from './sqlite/group-commit.js';
import { ReadCache } from './read-cache.js';
import type { DB } from './schema.js';
import { UniqueViolation } from './store.js';

export type Dialect = 'sqlite' | 'postgres';
export type Row<T extends keyof DB> = DB[T];

export abstract class KyselyBase {
  constructor(
    protected readonly db: Kysely<DB>,
    protected readonly dialect: Dialect,
    protected readonly onClose: () => Promise<void> = async () => {},
    protected readonly inTransaction = false,
    /** SQLite only: the connection's statements, run synchronously on the hot path (see `fast`). */
    protected readonly statements?: StatementSource,
  ) {}

  /**
   * The message path's queries on SQLite run as prepared statements, synchronously, instead of through Kysely's
   * builder and async driver (each a query compile and several awaits). Only inside a transaction: the
   * transaction holds the one connection, so nothing else can be running on it.
   */
  protected get fast(): StatementSource | undefined {
    return this.inTransaction ? this.statements : undefined;
  }

  /**
   * Inside a transaction, the rows it has read (read-cache.ts):
   * on SQLite's hot path; on PostgreSQL, what its locks guarantee.
   */
  protected readonly rowCache = new ReadCache();

  /** Hot path: INSERT of a row object's defined columns. False when not on the hot path (use Kysely). */
  protected fastInsert(table: keyof DB, row: object, upsertKey?: string): boolean {
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
  protected fastUpdate(table: keyof DB, values: Record<string, unknown>, key: string, id: string): boolean {
    if (!this.fast) return false;
    const columns = Object.keys(values).filter((c) => values[c] !== undefined);
    if (!columns.length) return true;
    this.fast.prepare(`update "${table}" set ${columns.map((c) => `"${c}" = ?`).join(', ')} where "${key}" = ?`).run(...columns.map((c) => values[c]), id);
    return true;
  }

  /**
   * A write whose result nobody reads and that cannot fail on its data (fresh keys, plain updates, upserts): inside
   * a PostgreSQL transaction it rides with the transaction's next statement (postgres/batching-pool.ts); a
   * failure is reported there, or by COMMIT, and fails the transaction all the same.
   */
  protected async write(query: Compilable & { execute(): Promise<unknown> }): Promise<void> {
    if (this.locking) await this.db.executeQuery(deferrable(query.compile()));
    else await query.execute();
  }

  /** Inside a PostgreSQL transaction, what was read under `key` (read-cache.ts says what may be); else a fresh read. */
  protected readOnce<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.locking ? this.rowCache.getAsync(key, load) : load();
  }

  /** Inside a PostgreSQL transaction, reads that precede a write lock the row (see transaction()). */
  protected get locking(): boolean {
    return this.inTransaction && this.dialect === 'postgres';
  }
}

/** The idempotency table's key constraint (schema.ts): a second record for (scope, token) breaks it. */
export const IDEMPOTENCY_KEY = 'idempotency_pk';

/** Turns a unique-key failure of either database into the port's UniqueViolation. */
export async function unique<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    const { code, constraint } = err as { code?: string; constraint?: string };
    // A ClientToken taken first fails a PostgreSQL transaction at whichever statement its held insert rides with;
    // it is not this write's key, and the transaction reports it (KyselyStore.transaction).
    if (code === '23505' && constraint === IDEMPOTENCY_KEY) throw err;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new UniqueViolation(err);
    throw err;
  }
}
