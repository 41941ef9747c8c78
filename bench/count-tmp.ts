import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartChatContactCommand, ConnectClient, CreateParticipantCommand } from '@aws-sdk/client-connect';
import { createApp, ensureDefaultInstance } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
const log: string[] = [];
const proto = (Database as unknown as { prototype: { prepare: (sql: string) => unknown } }).prototype;
const orig = proto.prepare;
let counting = false;
async function main() {
  const app = await createApp(loadConfig({ SWITCHBOARD_PORT: '0', SWITCHBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'cnt-')) }), { logger: createLogger('silent') });
  const { instance, defaults } = await ensureDefaultInstance(app);
  const connect = new ConnectClient({ region: 'us-east-1', endpoint: app.localUrl, credentials: app.keys });
  const started = await connect.send(new StartChatContactCommand({ InstanceId: instance.id, ContactFlowId: defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'c' } }));
  await connect.send(new CreateParticipantCommand({ InstanceId: instance.id, ContactId: started.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'b' } }));
  const conn = await (await fetch(`${app.localUrl}/participant/connection`, { method: 'POST', headers: { 'x-amz-bearer': started.ParticipantToken!, 'content-type': 'application/json' }, body: '{"Type":["CONNECTION_CREDENTIALS"]}' })).json() as { ConnectionCredentials: { ConnectionToken: string } };
  await new Promise((r) => setTimeout(r, 500));
  // Count through the statement cache: wrap statements' run/all.
  const stmtProto = Object.getPrototypeOf((new (Database as any)(':memory:')).prepare('select 1'));
  for (const m of ['run', 'all', 'get']) { const o = stmtProto[m]; stmtProto[m] = function (this: { source: string }, ...a: unknown[]) { if (counting) log.push(this.source.slice(0, 110)); return o.apply(this, a); }; }
  counting = true;
  await fetch(`${app.localUrl}/participant/message`, { method: 'POST', headers: { 'x-amz-bearer': conn.ConnectionCredentials.ConnectionToken, 'content-type': 'application/json' }, body: '{"ContentType":"text/plain","Content":"hello"}' });
  await new Promise((r) => setTimeout(r, 200));
  counting = false;
  console.log(log.length, 'statements');
  for (const l of log) console.log(' ', l);
  connect.destroy();
  await app.close();
}
void main();
