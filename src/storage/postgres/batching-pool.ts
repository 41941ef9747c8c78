// Fewer round trips to PostgreSQL inside a transaction. Each statement sent through pg is a round trip, and on
// this kind of machine the socket write of each (the kernel delivering it to PostgreSQL's backend on loopback)
// took a quarter of the server's profiled time for a SendMessage (bench/README.md, "Where the time goes"). pg does not
// pipeline, so this pool's clients hold back what needs no answer of its own and send it in front of the next
// statement, as one simple-protocol query ("begin; …; select …"):
// - BEGIN, which Kysely sends first in every transaction;
// - statements the store marks `deferrable` (../deferrable.ts: writes and locks whose result no caller reads, such as the
//   transcript insert or the lock taken before a read); their failure is reported by the statement they ride
//   with, or by COMMIT, and fails the transaction as it would have failed it before;
// - a COMMIT or ROLLBACK of a transaction that sent nothing is not sent at all.
// Parameters of a batched statement are inlined as quoted literals with pg's escapeLiteral: like pg's own
// parameters (sent as text of unknown type), a quoted literal takes its type from where it stands.
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import pg from 'pg';
import { DEFERRABLE_MARK as DEFERRABLE } from '../deferrable.js';

export class BatchingPool implements PostgresPool {
  constructor(private readonly pool: pg.Pool) {}

  async connect(): Promise<PostgresPoolClient> {
    return new BatchingClient(await this.pool.connect());
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

type Result = PostgresQueryResult<unknown>;
const NOTHING_SENT = { command: undefined, rowCount: null, rows: [] } as unknown as Result;

class BatchingClient implements PostgresPoolClient {
  /** Statements (parameters inlined) waiting to go with the next one sent. */
  private held: string[] = [];
  /** True between a BEGIN and its COMMIT/ROLLBACK. */
  private inTransaction = false;
  /** Whether anything of the open transaction has reached the server (else COMMIT/ROLLBACK need not). */
  private sent = false;

  constructor(private readonly client: pg.PoolClient) {}

  // Kysely's PostgresPoolClient overloads query for cursors too; Switchboard configures no cursor.
  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query(sql: unknown, parameters?: ReadonlyArray<unknown>): never;
  query(sql: string, parameters: ReadonlyArray<unknown> = []): Promise<Result> {
    return this.run(sql, parameters);
  }

  release(): void {
    this.endTransaction();
    this.client.release();
  }

  private endTransaction(): void {
    this.held = [];
    this.inTransaction = false;
    this.sent = false;
  }

  private async run(sql: string, parameters: ReadonlyArray<unknown>): Promise<Result> {
    const command = sql.trim().toLowerCase();
    if (command === 'begin' && !this.inTransaction) {
      this.inTransaction = true;
      this.sent = false;
      this.held = ['begin'];
      return NOTHING_SENT;
    }
    // A transaction this client did not see begin (START TRANSACTION …) is the server's to end: passed through.
    if ((command === 'commit' || command === 'rollback') && !this.inTransaction) {
      return this.client.query(sql, [...parameters]) as Promise<Result>;
    }
    if (command === 'rollback') {
      // What was held back never reached the server; a transaction that sent nothing has nothing to undo.
      const sent = this.sent;
      this.endTransaction();
      return sent ? (this.client.query('rollback') as Promise<Result>) : NOTHING_SENT;
    }
    if (command === 'commit') {
      const held = this.held;
      this.held = [];
      if (!this.sent && held.every((s) => s === 'begin')) {
        this.endTransaction();
        return NOTHING_SENT;
      }
      // On failure the transaction stays open here (sent), so the ROLLBACK that follows reaches the server.
      const result = await this.send([...held, 'commit']);
      this.endTransaction();
      return result;
    }
    if (this.inTransaction && sql.startsWith(DEFERRABLE)) {
      const inlined = inline(sql.slice(DEFERRABLE.length), parameters);
      if (inlined !== undefined) {
        this.held.push(inlined);
        return NOTHING_SENT;
      }
    }
    if (!this.held.length) {
      this.sent ||= this.inTransaction;
      return this.client.query(sql, [...parameters]) as Promise<Result>;
    }
    const inlined = inline(sql, parameters);
    const held = this.held;
    this.held = [];
    if (inlined !== undefined) return this.send([...held, inlined]);
    // A parameter with no literal form: what is held goes first, on its own, then this statement as usual.
    await this.send(held);
    return this.client.query(sql, [...parameters]) as Promise<Result>;
  }

  /** Sends statements as one simple-protocol query; the answer is the last statement's. */
  private async send(statements: string[]): Promise<Result> {
    this.sent = true;
    const results = (await this.client.query(statements.join(';\n'))) as unknown as Result | Result[];
    return Array.isArray(results) ? results[results.length - 1]! : results;
  }
}

/**
 * The statement with its $n placeholders replaced by quoted literals, or undefined when a parameter has no
 * literal form here (arrays and objects: pg gives those its own conversions). Placeholders are found outside
 * quoted strings, quoted identifiers and comments.
 */
export function inline(sql: string, parameters: ReadonlyArray<unknown>): string | undefined {
  const literals: string[] = [];
  for (const value of parameters) {
    const literal = toLiteral(value);
    if (literal === undefined) return undefined;
    literals.push(literal);
  }
  if (!literals.length) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const skipTo = ch === "'" ? closing(sql, i, "'") : ch === '"' ? closing(sql, i, '"')
      : sql.startsWith('--', i) ? lineEnd(sql, i) : sql.startsWith('/*', i) ? commentEnd(sql, i) : -1;
    if (skipTo >= 0) {
      out += sql.slice(i, skipTo);
      i = skipTo;
      continue;
    }
    if (ch === '$' && /[0-9]/.test(sql[i + 1] ?? '') && !/[\w$]/.test(sql[i - 1] ?? '')) {
      let end = i + 1;
      while (end < sql.length && /[0-9]/.test(sql[end]!)) end++;
      const literal = literals[Number(sql.slice(i + 1, end)) - 1];
      if (literal === undefined) return undefined;
      out += literal;
      i = end;
      continue;
    }
    // Dollar-quoted strings ($$…$$, $tag$…$tag$) would need a parser of their own; no store statement has one.
    if (ch === '$' && /[A-Za-z_$]/.test(sql[i + 1] ?? '') && !/[\w$]/.test(sql[i - 1] ?? '')) return undefined;
    out += ch;
    i++;
  }
  return out;
}

function toLiteral(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (typeof value === 'number') return Number.isFinite(value) ? `'${value}'` : undefined;
  if (typeof value === 'bigint') return `'${value}'`;
  if (typeof value === 'boolean') return value ? "'true'" : "'false'";
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'`;
  return undefined;
}

/** Index after the quote that closes the one at `start` (a doubled quote stays inside). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function lineEnd(sql: string, start: number): number {
  const end = sql.indexOf('\n', start);
  return end < 0 ? sql.length : end;
}

function commentEnd(sql: string, start: number): number {
  const end = sql.indexOf('*/', start + 2);
  return end < 0 ? sql.length : end + 2;
}
