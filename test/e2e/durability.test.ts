// A SendMessage answers only after the message is durable: SIGKILL the server in the middle of a burst of
// sends, restart it on the same store, and every acknowledged message is in the transcript.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectClient, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/postgres.js';
import { type ServerProcess, kill, spawnServer } from '../helpers/server-process.js';
import { REGION, participantClient } from '../helpers/test-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function killDuringSends(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-durable-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  let server: ServerProcess = await spawnServer(env, dataDir);
  cleanups.push(() => kill(server, 'SIGKILL'));
  const connect = new ConnectClient({ region: REGION, endpoint: server.url, credentials: server.keys, maxAttempts: 1 });
  const started = await connect.send(new StartChatContactCommand({
    InstanceId: server.instanceId, ContactFlowId: server.inboundFlowId, ParticipantDetails: { DisplayName: 'Durable' },
  }));
  connect.destroy();
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
