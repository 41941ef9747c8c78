// The ceiling PostgreSQL itself puts on a message, measured in the same run: pgbench (PostgreSQL's own load tool)
// runs the least a durable message needs — lock the chat's row, insert the item, commit — with no Switchboard in
// between, on as many connections as it takes to saturate the machine. Switchboard's rate on PostgreSQL cannot pass
// this figure on the same machine; the two share its cores.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const SCHEMA = `
  create table contacts (id text primary key, state text, attributes text);
  create table items (id text primary key, contact_id text, content text, at bigint);
  create index on items (contact_id, at);
  insert into contacts select 'c' || g, 'ACTIVE', repeat('x', 500) from generate_series(1, 100) g;`;

const MESSAGE = `\\set c random(1, 100)
begin;
select * from contacts where id = 'c' || :c for update;
insert into items values (gen_random_uuid()::text, 'c' || :c, 'hello', 1);
commit;
`;

/** Transactions a second pgbench sustains (16 connections, `seconds` long), or undefined without pgbench. */
export async function postgresFloor(databaseUrl: string, seconds: number): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(SCHEMA);
  } finally {
    await client.end();
  }
  const script = join(mkdtempSync(join(tmpdir(), 'switchboard-pgbench-')), 'message.sql');
  writeFileSync(script, MESSAGE);
  let out: string;
  try {
    out = execFileSync('pgbench', ['-n', '-c', '16', '-j', '2', '-T', String(seconds), '-f', script, databaseUrl], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const tps = /tps = ([\d.]+)/.exec(out);
  return tps ? Number(tps[1]) : undefined;
}
