// What integrations do to a chat through the Connect API, driven with the AWS SDK: TransferContact (a queued or
// agent-connected chat moves to a new TRANSFER segment), UpdateContactRoutingData (priority and age change who is
// offered first), UpdateContact (name, description, references, segment attributes) and ListContactReferences.
import {
  CreateQueueCommand, CreateRoutingProfileCommand, CreateUserCommand, DescribeContactCommand, ListContactReferencesCommand,
  StartChatContactCommand, StopContactCommand, TransferContactCommand, UpdateContactCommand, UpdateContactRoutingDataCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../helpers/aws-errors.js';
import { AgentClient } from '../helpers/agent-client.js';
import { ChatSocket } from '../helpers/chat-socket.js';
import { eventually } from '../helpers/eventually.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
const agents: AgentClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const a of agents) a.close();
  await server?.close();
});

let n = 0;
const describeContact = async (id: string) => (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: id }))).Contact!;
async function queue() {
  return (await server.connect.send(new CreateQueueCommand({ InstanceId: server.instanceId, Name: `ops-q${++n}`, HoursOfOperationId: server.defaults.basicHoursId }))).QueueId!;
}
async function chat(name = `Customer ${++n}`) {
  const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: name } }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET'] }));
  return { contactId: started.ContactId!, socket: await ChatSocket.open(conn.Websocket!.Url!) };
}
async function agentOn(queueId: string) {
  const profile = await server.connect.send(new CreateRoutingProfileCommand({
    InstanceId: server.instanceId, Name: `ops-rp${++n}`, Description: 'ops', DefaultOutboundQueueId: queueId,
    MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }], QueueConfigs: [{ QueueReference: { QueueId: queueId, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
  }));
  const username = `ops-agent${++n}`;
  const user = await server.connect.send(new CreateUserCommand({
    InstanceId: server.instanceId, Username: username, Password: 'Passw0rd!', RoutingProfileId: profile.RoutingProfileId!, SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
  }));
  const client = new AgentClient(server.app.localUrl);
  agents.push(client);
  await client.login(username, 'Passw0rd!', server.instanceId);
  return { client, userId: user.UserId! };
}

describe('TransferContact', () => {
  it('moves a queued chat to another queue in a new TRANSFER segment through a queue transfer flow', async () => {
    const { contactId, socket } = await chat();
    await eventually('the chat is in the basic queue', async () => (await describeContact(contactId)).QueueInfo?.Id === server.defaults.basicQueueId);
    const target = await queue();
    const out = await server.connect.send(new TransferContactCommand({
      InstanceId: server.instanceId, ContactId: contactId, QueueId: target, ContactFlowId: server.defaults.queueTransferFlowId, ClientToken: 'transfer-1',
    }));
    expect(out.ContactId).not.toBe(contactId);
    expect(out.ContactArn).toBe(`arn:aws:connect:us-east-1:${(await describeContact(contactId)).Arn!.split(':')[4]}:instance/${server.instanceId}/contact/${out.ContactId}`);
    await socket.next((i) => i.ContentType === 'application/vnd.amazonaws.connect.event.transfer.succeeded');
    const previous = await describeContact(contactId);
    expect(previous.DisconnectTimestamp).toBeInstanceOf(Date);
    await eventually('the new segment is in the target queue', async () => (await describeContact(out.ContactId!)).QueueInfo?.Id === target);
    expect(await describeContact(out.ContactId!)).toMatchObject({ InitiationMethod: 'TRANSFER', PreviousContactId: contactId, InitialContactId: contactId });
    // The same ClientToken answers the first transfer again instead of transferring twice.
    const again = await server.connect.send(new TransferContactCommand({
      InstanceId: server.instanceId, ContactId: contactId, QueueId: target, ContactFlowId: server.defaults.queueTransferFlowId, ClientToken: 'transfer-1',
    }));
    expect(again.ContactId).toBe(out.ContactId);
    socket.close();
  });

  it('hands a connected chat over: the agent goes into after-contact work and another agent is offered the new segment', async () => {
    const first = await queue();
    const second = await queue();
    const a = await agentOn(first);
    const b = await agentOn(second);
    await a.client.setStatus('Available');
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Handed over' },
    }));
    const moved = await server.connect.send(new TransferContactCommand({ InstanceId: server.instanceId, ContactId: started.ContactId!, QueueId: first, ContactFlowId: server.defaults.queueTransferFlowId }));
    await a.client.next((o) => o.type === 'offer' && o.contactId === moved.ContactId);
    await a.client.accept(moved.ContactId!);
    await b.client.setStatus('Available');
    const handed = await server.connect.send(new TransferContactCommand({ InstanceId: server.instanceId, ContactId: moved.ContactId!, QueueId: second, ContactFlowId: server.defaults.queueTransferFlowId }));
    await a.client.next((x) => x.type === 'contact.acw' && x.contactId === moved.ContactId);
    await b.client.next((o) => o.type === 'offer' && o.contactId === handed.ContactId);
    expect((await describeContact(moved.ContactId!)).DisconnectReason).toBe('AGENT_DISCONNECT');
  });

  it('refuses what cannot be transferred, with the modelled errors', async () => {
    const { contactId, socket } = await chat();
    const base = { InstanceId: server.instanceId, ContactId: contactId, ContactFlowId: server.defaults.queueTransferFlowId };
    expect(await rejection(server.connect.send(new TransferContactCommand({ ...base })))).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    expect(await rejection(server.connect.send(new TransferContactCommand({ ...base, QueueId: server.defaults.basicQueueId, UserId: 'someone' })))).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    expect(await rejection(server.connect.send(new TransferContactCommand({ ...base, QueueId: 'no-such-queue' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(await rejection(server.connect.send(new TransferContactCommand({ ...base, QueueId: server.defaults.basicQueueId, ContactFlowId: 'no-such-flow' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(await rejection(server.connect.send(new TransferContactCommand({ ...base, QueueId: server.defaults.basicQueueId, ContactFlowId: server.defaults.customerQueueFlowId })))).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    expect(await rejection(server.connect.send(new TransferContactCommand({ ...base, ContactId: 'no-such-contact', QueueId: server.defaults.basicQueueId })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: contactId }));
    expect(await rejection(server.connect.send(new TransferContactCommand({ ...base, QueueId: server.defaults.basicQueueId })))).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    socket.close();
  });
});

describe('UpdateContactRoutingData', () => {
  it('offers a contact raised to a higher priority before older ones, and shows priority and age on DescribeContact', async () => {
    const q = await queue();
    const queued: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: `p${i}` } }));
      const moved = await server.connect.send(new TransferContactCommand({ InstanceId: server.instanceId, ContactId: started.ContactId!, QueueId: q, ContactFlowId: server.defaults.queueTransferFlowId }));
      await eventually(`chat ${i} is queued`, async () => (await describeContact(moved.ContactId!)).QueueInfo?.Id === q);
      queued.push(moved.ContactId!);
    }
    await server.connect.send(new UpdateContactRoutingDataCommand({ InstanceId: server.instanceId, ContactId: queued[2]!, QueuePriority: 1 }));
    await server.connect.send(new UpdateContactRoutingDataCommand({ InstanceId: server.instanceId, ContactId: queued[1]!, QueueTimeAdjustmentSeconds: 3600 }));
    expect(await describeContact(queued[2]!)).toMatchObject({ QueuePriority: 1 });
    expect(await describeContact(queued[1]!)).toMatchObject({ QueueTimeAdjustmentSeconds: 3600 });
    const a = await agentOn(q);
    await a.client.setStatus('Available');
    await a.client.next((o) => o.type === 'offer');
    // Priority first (the contact raised to 1), then age (the one made an hour older), with two slots.
    await eventually('two offers', () => a.client.notices.filter((x) => x.type === 'offer').length === 2);
    expect(a.client.notices.filter((x) => x.type === 'offer').map((x) => x.contactId)).toEqual([queued[2], queued[1]]);
  });

  it('refuses an ended contact (ResourceConflictException) and routing criteria it cannot honour', async () => {
    const { contactId, socket } = await chat();
    expect(await rejection(server.connect.send(new UpdateContactRoutingDataCommand({
      InstanceId: server.instanceId, ContactId: contactId, RoutingCriteria: { Steps: [] },
    })))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: contactId }));
    expect(await rejection(server.connect.send(new UpdateContactRoutingDataCommand({ InstanceId: server.instanceId, ContactId: contactId, QueuePriority: 2 }))))
      .toMatchObject({ name: 'ResourceConflictException', status: 409 });
    expect(await rejection(server.connect.send(new UpdateContactRoutingDataCommand({ InstanceId: server.instanceId, ContactId: 'nope', QueuePriority: 2 }))))
      .toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    socket.close();
  });
});

describe('UpdateContact and ListContactReferences', () => {
  it('keeps name, description, references and segment attributes, on a live or an ended contact', async () => {
    const { contactId, socket } = await chat();
    await server.connect.send(new UpdateContactCommand({
      InstanceId: server.instanceId, ContactId: contactId, Name: 'Refund request', Description: 'Order 1234 arrived broken',
      References: { order: { Type: 'URL', Value: 'https://shop.example.com/orders/1234' }, amount: { Type: 'NUMBER', Value: '49.90' }, note: { Type: 'STRING', Value: 'VIP' } },
      SegmentAttributes: { priority_tier: { ValueString: 'gold' } },
    }));
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: contactId }));
    await server.connect.send(new UpdateContactCommand({ InstanceId: server.instanceId, ContactId: contactId, References: { due: { Type: 'DATE', Value: '2026-12-24T00:00:00Z' } } }));
    const described = await describeContact(contactId);
    expect(described).toMatchObject({ Name: 'Refund request', Description: 'Order 1234 arrived broken' });
    expect(described.SegmentAttributes!.priority_tier).toEqual({ ValueString: 'gold' });
    const refs = await server.connect.send(new ListContactReferencesCommand({ InstanceId: server.instanceId, ContactId: contactId, ReferenceTypes: ['URL', 'NUMBER', 'DATE'] }));
    expect(refs.ReferenceSummaryList).toEqual([
      { Url: { Name: 'order', Value: 'https://shop.example.com/orders/1234' } },
      { Number: { Name: 'amount', Value: '49.90' } },
      { Date: { Name: 'due', Value: '2026-12-24T00:00:00Z' } },
    ]);
    const strings = await server.connect.send(new ListContactReferencesCommand({ InstanceId: server.instanceId, ContactId: contactId, ReferenceTypes: ['STRING'] }));
    expect(strings.ReferenceSummaryList).toEqual([{ String: { Name: 'note', Value: 'VIP' } }]);
    socket.close();
  });

  it('refuses values that do not fit, and fields only audio contacts have', async () => {
    const { contactId, socket } = await chat();
    const update = (extra: Record<string, unknown>) => rejection(server.connect.send(new UpdateContactCommand({ InstanceId: server.instanceId, ContactId: contactId, ...extra })));
    expect(await update({ References: { bad: { Type: 'URL', Value: 'not a url' } } })).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(await update({ References: { file: { Type: 'ATTACHMENT', Value: 'x' } } })).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    expect(await update({ QueueInfo: { Id: server.defaults.basicQueueId } })).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    expect(await update({ SegmentAttributes: { 'bad key!': { ValueString: 'x' } } })).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(await rejection(server.connect.send(new UpdateContactCommand({ InstanceId: server.instanceId, ContactId: 'nope', Name: 'x' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(await rejection(server.connect.send(new ListContactReferencesCommand({ InstanceId: server.instanceId, ContactId: 'nope', ReferenceTypes: ['URL'] })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    socket.close();
  });
});
