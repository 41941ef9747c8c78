// A SendMessage answers only after the message is durable: SIGKILL the server in the middle of a burst of
// sends, restart it on the same store, and every acknowledged message is in the transcript.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateContactFlowCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { type ServerProcess, connectClientFor, kill, spawnServer, startChatOn } from '../helpers/server-process.js';
import { participantClient } from '../helpers/test-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function killDuringSends(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-durable-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  let server: ServerProcess = await spawnServer(env, dataDir);
  cleanups.push(() => kill(server, 'SIGKILL'));
  const started = await startChatOn(server, 'Durable');
  let participant = participantClient(server.url);
  const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
  const token = conn.ConnectionCredentials!.ConnectionToken!;

  // Eight senders in parallel; the process is killed once 60 messages are acknowledged, with sends in flight.
  const acknowledged: string[] = [];
  let killed: Promise<void> | undefined;
  let n = 0;
  const sender = async () => {
    while (!killed) {
      const i = n++;
      try {
        const r = await participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: `message ${i}` }));
        acknowledged.push(r.Id!);
        if (acknowledged.length >= 60 && !killed) killed = kill(server, 'SIGKILL');
      } catch {
        return; // the server is gone: unacknowledged sends may or may not have landed
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, sender));
  await killed;
  expect(server.child.signalCode).toBe('SIGKILL');
  participant.destroy();

  server = await spawnServer(env, dataDir);
  participant = participantClient(server.url);
  const seen = new Set<string>();
  let NextToken: string | undefined;
  do {
    const page = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 100, NextToken }));
    for (const item of page.Transcript!) seen.add(item.Id!);
    NextToken = page.NextToken;
  } while (NextToken);
  participant.destroy();
  await kill(server, 'SIGTERM');
  return { acknowledged, lost: acknowledged.filter((id) => !seen.has(id)) };
}

describe('SIGKILL during a burst of SendMessage', () => {
  it('loses no acknowledged message on the embedded SQLite store', async () => {
    const { acknowledged, lost } = await killDuringSends({});
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(lost).toEqual([]);
  }, 60_000);

  it('loses no acknowledged message on PostgreSQL', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const { acknowledged, lost } = await killDuringSends({ SWITCHBOARD_DATABASE_URL: db.url });
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(lost).toEqual([]);
  }, 60_000);
});

describe('a flow across a SIGKILL restart', () => {
  it('resumes a run waiting for customer input, and fires a Wait timer that came due while down', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-flow-restart-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    let server = await spawnServer({}, dataDir);
    cleanups.push(() => kill(server, 'SIGKILL'));
    const connect = connectClientFor(server);
    const flow = (actions: unknown[]) => connect.send(new CreateContactFlowCommand({
      InstanceId: server.instanceId, Name: `f${actions.length}-${Date.now()}`, Type: 'CONTACT_FLOW',
      Content: JSON.stringify({ Version: '2019-10-30', StartAction: (actions[0] as { Identifier: string }).Identifier, Actions: actions }),
    }));
    const bye = { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
    const asking = await flow([
      { Identifier: 'ask', Type: 'GetParticipantInput', Parameters: { Text: 'Your name?', InputTimeLimitSeconds: '600' },
        Transitions: { NextAction: 'hi', Conditions: [{ NextAction: 'hi', Condition: { Operator: 'TextStartsWith', Operands: ['A'] } }], Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'hi' }, { ErrorType: 'InputTimeLimitExceeded', NextAction: 'end' }] } },
      { Identifier: 'hi', Type: 'MessageParticipant', Parameters: { Text: 'Nice to meet you' }, Transitions: { NextAction: 'end' } }, bye,
    ]);
    const waiting = await flow([
      { Identifier: 'w', Type: 'Wait', Parameters: { TimeLimitSeconds: '1' }, Transitions: { NextAction: 'late', Conditions: [{ NextAction: 'late', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
      { Identifier: 'late', Type: 'MessageParticipant', Parameters: { Text: 'Waited through a restart' }, Transitions: { NextAction: 'end' } }, bye,
    ]);
    const start = async (ContactFlowId: string) => {
      const s = await connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId, ParticipantDetails: { DisplayName: 'r' } }));
      const p = participantClient(server.url);
      const c = await p.send(new CreateParticipantConnectionCommand({ ParticipantToken: s.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
      p.destroy();
      return { token: c.ConnectionCredentials!.ConnectionToken!, contactId: s.ContactId! };
    };
    const { token: askToken, contactId: askContact } = await start(asking.ContactFlowId!);
    const { token: waitToken, contactId: waitContact } = await start(waiting.ContactFlowId!);
    connect.destroy();
    await kill(server, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));

    server = await spawnServer({}, dataDir);
    const participant = participantClient(server.url);
    const systemSaid = async (token: string) => {
      const t = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 100, SortOrder: 'ASCENDING' })).catch(() => undefined);
      return t?.Transcript?.filter((i) => i.ParticipantRole === 'SYSTEM').map((i) => i.Content) ?? [];
    };
    expect(await systemSaid(askToken)).toEqual(['Your name?']);
    await participant.send(new SendMessageCommand({ ConnectionToken: askToken, ContentType: 'text/plain', Content: 'Ada' }));
    // The answer resumed the run and it went on to disconnect: the chat has ended, so its tokens answer 403.
    const after = await participant.send(new GetTranscriptCommand({ ConnectionToken: askToken })).catch((e) => e);
    expect(after.name).toBe('AccessDeniedException');
    // The Wait timer came due while the server was down; the restarted node fired it once and ended that chat too.
    for (let i = 0; i < 50 && !(await participant.send(new GetTranscriptCommand({ ConnectionToken: waitToken })).catch((e) => e)).name; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const waited = await participant.send(new GetTranscriptCommand({ ConnectionToken: waitToken })).catch((e) => e);
    expect(waited.name).toBe('AccessDeniedException');
    participant.destroy();
    await kill(server, 'SIGTERM');
    // Read what the flows said from the store the server left behind.
    const store = await openSqliteStore(join(dataDir, 'switchboard.db'));
    const said = async (id: string) => (await store.listTranscriptItems({ initialContactId: id, order: 'asc', limit: 100 }))
      .filter((i) => i.participantRole === 'SYSTEM').map((i) => i.content);
    expect(await said(askContact)).toEqual(['Your name?', 'Nice to meet you']);
    expect(await said(waitContact)).toEqual(['Waited through a restart']);
    await store.close();
  }, 60_000);
});
