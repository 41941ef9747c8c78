// A timer whose node dies between claiming it and finishing it still fires, exactly once: the Wait timer of a chat
// is held up (a test connection holds the contact's row lock, so the handler's transaction waits), the node is
// SIGKILLed mid-handler, and a node started afterwards on the same PostgreSQL runs it once the lease is over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectClient, CreateContactFlowCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/postgres.js';
import { type ServerProcess, kill, spawnServer } from '../helpers/server-process.js';
import { REGION, participantClient } from '../helpers/test-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('leased timers', () => {
  it('fire exactly once after the node running them is killed mid-handler', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-timer-crash-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const env = { SWITCHBOARD_DATABASE_URL: db.url, SWITCHBOARD_TIMER_LEASE_SECONDS: '2' };
    let server: ServerProcess = await spawnServer(env, dataDir);
    cleanups.push(() => kill(server, 'SIGKILL'));
    const connect = new ConnectClient({ region: REGION, endpoint: server.url, credentials: server.keys, maxAttempts: 1 });
    const flow = await connect.send(new CreateContactFlowCommand({
      InstanceId: server.instanceId, Name: 'wait then speak', Type: 'CONTACT_FLOW',
      Content: JSON.stringify({ Version: '2019-10-30', StartAction: 'w', Actions: [
        { Identifier: 'w', Type: 'Wait', Parameters: { TimeLimitSeconds: '2' }, Transitions: { NextAction: 'said', Conditions: [{ NextAction: 'said', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
        { Identifier: 'said', Type: 'MessageParticipant', Parameters: { Text: 'The wait is over' }, Transitions: { NextAction: 'more' } },
        { Identifier: 'more', Type: 'MessageParticipant', Parameters: { Text: 'Still here' }, Transitions: { NextAction: 'hold' } },
        { Identifier: 'hold', Type: 'Wait', Parameters: { TimeLimitSeconds: '600' }, Transitions: { NextAction: 'end', Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
        { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ] }),
    }));
    const started = await connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: flow.ContactFlowId!, ParticipantDetails: { DisplayName: 'Patient' },
    }));
    connect.destroy();
    const participant = participantClient(server.url);
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
    participant.destroy();
    const token = conn.ConnectionCredentials!.ConnectionToken!;

    // Hold the contact's row: the Wait handler, once claimed, blocks inside its transaction.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM contacts WHERE id = $1 FOR UPDATE', [started.ContactId]);
    // Due after 2 s; the node sweeps every second: by 4 s it has claimed the timer and is stuck in the handler.
    await new Promise((r) => setTimeout(r, 4000));
    await kill(server, 'SIGKILL');
    await blocker.query('ROLLBACK');
    await blocker.end();

    server = await spawnServer(env, dataDir);
    const reader = participantClient(server.url);
    const said = async () => ((await reader.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 100, SortOrder: 'ASCENDING' }))).Transcript ?? [])
      .filter((i) => i.ParticipantRole === 'SYSTEM').map((i) => i.Content);
    const deadline = Date.now() + 15_000;
    while (!(await said()).includes('Still here')) {
      if (Date.now() > deadline) throw new Error(`the Wait never completed after the restart; the flow said ${JSON.stringify(await said())}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await said()).toEqual(['The wait is over', 'Still here']);
    reader.destroy();
  }, 60_000);
});
