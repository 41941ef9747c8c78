// A flow waiting for the customer on PostgreSQL: the message path learns whether a flow waits in the same query that
// re-reads the participant after the contact's lock (one round trip fewer); the waiting flow must still resume on the
// customer's answer, take the right branch, and wait again — and a message with no waiting flow resumes nothing.
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { createFlow, end, say, to, when } from '../helpers/flow-harness.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: TestServer;
beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer({ env: { SWITCHBOARD_DATABASE_URL: db.url } });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('flows on PostgreSQL', () => {
  it('resumes a flow waiting for the customer on each answer, and nothing after it stops waiting', async () => {
    const ask = (id: string, text: string, yes: string, other: string) => ({
      Identifier: id, Type: 'GetParticipantInput', Parameters: { Text: text, StoreInput: 'True', InputTimeLimitSeconds: '300' },
      Transitions: { NextAction: other, Conditions: [when('yes', yes)], Errors: ['NoMatchingCondition', 'InputTimeLimitExceeded', 'NoMatchingError'].map((ErrorType) => ({ ErrorType, NextAction: other })) },
    });
    const flowId = await createFlow(server, [
      ask('first', 'Is it about an order?', 'orders', 'other'),
      say('orders', 'Orders it is.', 'second'),
      say('other', 'Something else, then.', 'second'),
      ask('second', 'Anything more?', 'more', 'done'),
      say('more', 'Tell me more.', 'done'),
      { Identifier: 'done', Type: 'Wait', Parameters: { TimeLimitSeconds: '600' }, Transitions: { NextAction: 'bye', Conditions: [when('WaitCompleted', 'bye')] } },
      end('bye'),
    ]);
    const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Pg' } }));
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
    const token = conn.ConnectionCredentials!.ConnectionToken!;
    const flowSaid = async () => (await server.participant.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING', MaxResults: 100 })))
      .Transcript!.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM').map((i) => i.Content);
    const answer = (Content: string) => server.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content }));

    await eventually('the first question', async () => (await flowSaid()).includes('Is it about an order?'));
    await answer('yes');
    await eventually('the second question', async () => (await flowSaid()).includes('Anything more?'));
    await answer('no');
    // The flow now waits in a Wait block, not for input: another message resumes nothing.
    await answer('hello?');
    await answer('yes');
    // A flow answers inside the SendMessage transaction; once the last message is in the transcript, any answer is too.
    await eventually('the last message is in the transcript', async () => (await server.participant.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'DESCENDING', MaxResults: 1 })))
      .Transcript![0]?.Content === 'yes');
    const said = await flowSaid();
    expect(said).toEqual(['Is it about an order?', 'Orders it is.', 'Anything more?']);
  });
});
