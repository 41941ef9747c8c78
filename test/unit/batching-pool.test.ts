// The PostgreSQL pool that sends held-back statements with the next one (src/storage/postgres/batching-pool.ts):
// its placeholder inlining, and, on a real PostgreSQL server, what it sends (each query handed to pg is one round
// trip) and what the server keeps.
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchingPool, inline } from '../../src/storage/postgres/batching-pool.js';
import { deferrable } from '../../src/storage/deferrable.js';
import { createTestDatabase } from '../helpers/postgres.js';

describe('inline', () => {
  it('replaces placeholders by quoted literals, outside strings, identifiers and comments', () => {
    expect(inline(`select "a$1", '$1', $1 /* $2 */ -- $2\n, $2, $10`, ['x', 2, null, null, null, null, null, null, null, 'ten']))
      .toBe(`select "a$1", '$1', 'x' /* $2 */ -- $2\n, '2', 'ten'`);
  });

  it('escapes quotes and backslashes as pg does', () => {
    expect(inline('select $1', ["it's"])).toBe(`select 'it''s'`);
    expect(inline('select $1', ['a\\b'])).toBe("select  E'a\\\\b'");
  });

  it('gives up on values without a literal form and on dollar quoting', () => {
    expect(inline('select $1', [[1, 2]])).toBeUndefined();
    expect(inline('select $1', [{ a: 1 }])).toBeUndefined();
    expect(inline('select $$x$$, $1', ['y'])).toBeUndefined();
    expect(inline('select $2', ['only one'])).toBeUndefined();
  });
});

describe('BatchingPool on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let raw: pg.Pool;
  let db: Kysely<{ items: { id: string; note: string | null } }>;
  const sent: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    raw = new pg.Pool({ connectionString: database.url, max: 2 });
    // Counts what reaches pg: one call is one round trip.
    raw.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
        if (typeof args[0] === 'string') sent.push(args[0]);
        return query(...args);
      };
    });
    db = new Kysely({ dialect: new PostgresDialect({ pool: new BatchingPool(raw) }) });
    await sql`create table items (id text primary key, note text)`.execute(db);
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('sends BEGIN, held writes and the next read as one query, and COMMIT with what is held', async () => {
    sent.length = 0;
    const found = await db.transaction().execute(async (trx) => {
      await trx.executeQuery(deferrable(trx.insertInto('items').values({ id: 'a', note: "it's \\ here" }).compile()));
      const rows = await trx.selectFrom('items').selectAll().where('id', '=', 'a').execute();
      await trx.executeQuery(deferrable(trx.insertInto('items').values({ id: 'b', note: null }).compile()));
      return rows;
    });
    expect(found).toEqual([{ id: 'a', note: "it's \\ here" }]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^begin;\ninsert into "items".*;\nselect/s);
    expect(sent[1]).toMatch(/^insert into "items".*;\ncommit$/s);
    expect(await db.selectFrom('items').select('id').orderBy('id').execute()).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('reports a held write that fails at the next statement, and rolls the whole transaction back', async () => {
    sent.length = 0;
    await expect(db.transaction().execute(async (trx) => {
      await trx.executeQuery(deferrable(trx.insertInto('items').values({ id: 'c', note: null }).compile()));
      await trx.executeQuery(deferrable(trx.insertInto('items').values({ id: 'a', note: 'duplicate' }).compile()));
    })).rejects.toMatchObject({ code: '23505' });
    expect(sent.at(-1)).toBe('rollback');
    // The connection is usable afterwards (not left in an aborted transaction), and nothing of it was kept.
    expect(await db.selectFrom('items').select('id').orderBy('id').execute()).toEqual([{ id: 'a' }, { id: 'b' }]);
    const again = await db.transaction().execute((trx) => trx.selectFrom('items').select('id').where('id', '=', 'c').execute());
    expect(again).toEqual([]);
  });

  it('sends nothing for a transaction that sent nothing, and drops held writes on rollback', async () => {
    sent.length = 0;
    await db.transaction().execute(async () => {});
    expect(sent).toEqual([]);
    await expect(db.transaction().execute(async (trx) => {
      await trx.executeQuery(deferrable(trx.insertInto('items').values({ id: 'd', note: null }).compile()));
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(sent).toEqual([]);
    expect(await db.selectFrom('items').select('id').where('id', '=', 'd').execute()).toEqual([]);
  });

  it('passes through a transaction it did not see begin (START TRANSACTION with an isolation level)', async () => {
    await db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
      await trx.executeQuery(deferrable(trx.insertInto('items').values({ id: 'f', note: null }).compile()));
    });
    // Seen from a connection of its own: committed, not merely visible inside a transaction left open.
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      expect((await other.query("select id from items where id = 'f'")).rows).toEqual([{ id: 'f' }]);
    } finally {
      await other.end();
    }
  });

  it('sends a statement whose parameters have no literal form after what is held, on its own', async () => {
    sent.length = 0;
    const rows = await db.transaction().execute(async (trx) => {
      await trx.executeQuery(deferrable(trx.insertInto('items').values({ id: 'e', note: null }).compile()));
      return (await trx.executeQuery(CompiledQuery.raw('select id from items where id = any($1) order by id', [['a', 'e']]))).rows;
    });
    expect(rows).toEqual([{ id: 'a' }, { id: 'e' }]);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatch(/^begin;\ninsert/);
    expect(sent[2]).toBe('commit');
  });
});
