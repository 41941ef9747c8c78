// An application's test suite, as a user writes it: Switchboard started in-process by the test helper, the real
// AWS SDK clients pointed at it, and the clock and faults controlled from the test.
import { ConnectClient, CreateQueueCommand, DescribeContactCommand, ListQueuesCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { ConnectParticipantClient, CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningSwitchboard, startSwitchboard } from 'switchboard/testing';

let sb: RunningSwitchboard;
let connect: ConnectClient;
let participant: ConnectParticipantClient;

beforeAll(async () => {
  sb = await startSwitchboard();
  connect = new ConnectClient({ region: sb.region, endpoint: sb.endpoint, credentials: sb.credentials, maxAttempts: 4 });
  // The Participant Service authenticates by token; the SDK still wants some credentials.
  participant = new ConnectParticipantClient({ region: sb.region, endpoint: sb.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});
afterAll(async () => {
  connect?.destroy();
  participant?.destroy();
  await sb?.stop();
});

it('runs a chat, then expires it after 25 hours without waiting 25 hours', async () => {
  const chat = await connect.send(new StartChatContactCommand({ InstanceId: sb.instanceId, ContactFlowId: sb.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Ada' } }));
  const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
  const token = conn.ConnectionCredentials!.ConnectionToken!;
  await participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'Where is my order?' }));
  const transcript = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING' }));
  expect(transcript.Transcript!.map((i) => i.Content)).toContain('Where is my order?');

  await sb.clock.advance(25 * 60 * 60 + 1);
  const contact = (await connect.send(new DescribeContactCommand({ InstanceId: sb.instanceId, ContactId: chat.ContactId! }))).Contact!;
  expect(contact.DisconnectReason).toBe('EXPIRED');
});

it('survives a burst of throttling through the SDK retries', async () => {
  sb.faults.add({ operation: 'StartChatContact', error: 'ThrottlingException', remaining: 2 });
  const chat = await connect.send(new StartChatContactCommand({ InstanceId: sb.instanceId, ContactFlowId: sb.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Bob' } }));
  expect(chat.$metadata.attempts).toBe(3);
  expect(sb.faults.list()).toEqual([]);
});

it('puts the store back to a snapshot, and to its start, under the same endpoint', async () => {
  const queueNames = async () => (await connect.send(new ListQueuesCommand({ InstanceId: sb.instanceId, QueueTypes: ['STANDARD'] }))).QueueSummaryList!.map((q) => q.Name).sort();
  await connect.send(new CreateQueueCommand({ InstanceId: sb.instanceId, Name: 'Kept', HoursOfOperationId: sb.defaults.basicHoursId }));
  const withKept = await sb.snapshot();
  const chat = await connect.send(new StartChatContactCommand({ InstanceId: sb.instanceId, ContactFlowId: sb.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Gone' } }));
  await connect.send(new CreateQueueCommand({ InstanceId: sb.instanceId, Name: 'Dropped', HoursOfOperationId: sb.defaults.basicHoursId }));

  await sb.restore(withKept);
  expect(await queueNames()).toEqual(['BasicQueue', 'Kept']);
  await expect(connect.send(new DescribeContactCommand({ InstanceId: sb.instanceId, ContactId: chat.ContactId! }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

  await sb.reset();
  expect(await queueNames()).toEqual(['BasicQueue']);
  // The restarted server serves chats as before.
  await expect(connect.send(new StartChatContactCommand({ InstanceId: sb.instanceId, ContactFlowId: sb.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'After' } }))).resolves.toHaveProperty('ContactId');
});
