// Group commit for the embedded store: transactions that arrive while one is running wait for the connection and
// then run together in one BEGIN IMMEDIATE … COMMIT, each inside its own savepoint, one after another. A body that
// fails rolls back only its savepoint, and every caller is answered after the one COMMIT that made its writes
// durable: one commit (one WAL append) for many requests is what lets SQLite carry thousands of messages a second.
// BEGIN IMMEDIATE takes the database's write lock at the start; better-sqlite3 is synchronous, so waiting for another
// connection's lock is an async retry (the store runs with busy_timeout 0), never a blocking busy wait.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.js';
import type { Store } from '../store.js';

/** The embedded store's prepared statements (better-sqlite3's, through the statement cache). */
export interface StatementSource {
  prepare(sql: string): { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
}

/** The most transactions one commit carries. */
const MAX_GROUP = 256;
/** How long a transaction waits for another connection's write lock before giving up. */
const LOCK_WAIT_MS = 10_000;

interface Pending {
  work: (tx: Store) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private readonly pending: Pending[] = [];
  private committing = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly statements: StatementSource,
    /** The store a body sees: bound to the connection the batch holds. */
    private readonly storeOn: (conn: Kysely<DB>) => Store,
    /** Runs after each COMMIT, outside any transaction (the log checkpointer's look at the log's size). */
    private readonly afterCommit: () => void = () => {},
  ) {}

  run<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.committing) void this.commitPending();
    });
  }

  /** Runs the waiting transactions in batches of at most MAX_GROUP, one commit per batch. */
  private async commitPending(): Promise<void> {
    this.committing = true;
    try {
      while (this.pending.length) {
        // One turn of the event loop first: requests read in this I/O phase join the batch, so a burst shares a commit.
        await new Promise((r) => setImmediate(r));
        const batch = this.pending.splice(0, MAX_GROUP);
        const outcomes = await this.db.connection().execute((conn) => this.commit(conn, batch)).catch(async (error: unknown) => {
          await this.db.executeQuery(sql`rollback`.compile(this.db)).catch(() => {});
          return batch.map((): Outcome => ({ ok: false, error }));
        });
        batch.forEach((item, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.error);
        });
      }
    } finally {
      this.committing = false;
    }
  }

  private async commit(conn: Kysely<DB>, batch: Pending[]): Promise<Outcome[]> {
    await beginImmediate(conn);
    const run = (text: string) => this.statements.prepare(text).run();
    const results: Outcome[] = [];
    for (const { work } of batch) {
      // Each body's savepoint is released when it succeeds (its writes join the transaction) or rolled back and
      // released when it fails. Leaving them nested saved a statement but made every page write check each open
      // savepoint: 25 % slower at 64 bodies a batch (bench/README.md).
      run('savepoint tx');
      try {
        // A store per body: what it caches of the rows it read (../read-cache.ts) is this body's alone.
        results.push({ ok: true, value: await work(this.storeOn(conn)) });
      } catch (error) {
        run('rollback to tx');
        results.push({ ok: false, error });
      }
      run('release tx');
    }
    run('commit');
    this.afterCommit();
    return results;
  }
}

/** BEGIN IMMEDIATE, retried asynchronously while another connection holds the write lock. */
async function beginImmediate(conn: Kysely<DB>): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      await sql`begin immediate`.execute(conn);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
