// The life of a chat from the seed document 004: customer → agent a1 (C1) → transfer to agent a2 (C2) → a2
// ends → the disconnect flow runs a post-chat survey (C3) → the chat ends. Driven only through public APIs:
// the Connect and Participant SDK clients, the agent HTTP API and the agent and participant websockets.
import {
  AssociateQueueQuickConnectsCommand, CreateQuickConnectCommand, CreateUserCommand, DescribeContactCommand, GetContactAttributesCommand,
  StartChatContactCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../helpers/agent-client.js';
import { ChatSocket, contentType } from '../helpers/chat-socket.js';
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

async function createAgent(username: string) {
  const user = await server.connect.send(new CreateUserCommand({
    InstanceId: server.instanceId, Username: username, Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId,
    SecurityProfileIds: ['agent'], IdentityInfo: { FirstName: username.toUpperCase() }, PhoneConfig: { PhoneType: 'SOFT_PHONE' },
  }));
  const client = new AgentClient(server.app.localUrl);
  agents.push(client);
  await client.login(username, 'Passw0rd!', server.instanceId);
  return { client, userId: user.UserId! };
}

async function joinAsParticipant(participantToken: string) {
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({
    ParticipantToken: participantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true,
  }));
  return { token: conn.ConnectionCredentials!.ConnectionToken!, socket: await ChatSocket.open(conn.Websocket!.Url!) };
}

describe('the contact chain of seed 004', () => {
  it('C1 (a1) → transfer → C2 (a2) → a2 ends → C3 survey → ended', async () => {
    const a1 = await createAgent('a1');
    const a2 = await createAgent('a2');
    const qc = await server.connect.send(new CreateQuickConnectCommand({
      InstanceId: server.instanceId, Name: 'To a2',
      QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: a2.userId, ContactFlowId: server.defaults.agentTransferFlowId } },
    }));
    await server.connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: server.instanceId, QueueId: server.defaults.basicQueueId, QuickConnectIds: [qc.QuickConnectId!] }));
    await a1.client.setStatus('Available');

    // The customer starts a chat; the inbound flow greets and queues it; a1 gets the offer and accepts (C1).
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Customer' },
      Attributes: { orderId: 'A-17' },
    }));
    const c1 = started.ContactId!;
    const customer = await joinAsParticipant(started.ParticipantToken!);
    const offer1 = await a1.client.next((n) => n.type === 'offer' && n.contactId === c1);
    expect(offer1).toMatchObject({ channel: 'CHAT', attributes: { orderId: 'A-17' } });
    const seat1 = await a1.client.accept(c1);
    const agent1 = await joinAsParticipant(seat1.participantToken);
    await customer.socket.next((i) => i.ContentType === contentType.joined && i.ParticipantRole === 'AGENT');
    await server.participant.send(new SendMessageCommand({ ConnectionToken: agent1.token, ContentType: 'text/plain', Content: 'Hi, this is a1' }));
    await customer.socket.next((i) => i.Content === 'Hi, this is a1');

    // a1 transfers to a2 through the quick connect: C2 is a TRANSFER segment offered to a2 only.
    await a2.client.setStatus('Available');
    const quickConnects = await a1.client.call<{ quickConnects: { Id: string }[] }>('GET', '/quick-connects');
    expect(quickConnects.quickConnects.map((q) => q.Id)).toContain(qc.QuickConnectId);
    const { contactId: c2 } = await a1.client.call<{ contactId: string }>('POST', `/contacts/${c1}/transfer`, { quickConnectId: qc.QuickConnectId });
    await customer.socket.next((i) => i.ContentType === 'application/vnd.amazonaws.connect.event.transfer.succeeded');
    await a1.client.next((n) => n.type === 'contact.acw' && n.contactId === c1);
    await a1.client.call('POST', `/contacts/${c1}/complete`);
    await a2.client.next((n) => n.type === 'offer' && n.contactId === c2);
    const seat2 = await a2.client.accept(c2);
    const agent2 = await joinAsParticipant(seat2.participantToken);
    await server.participant.send(new SendMessageCommand({ ConnectionToken: agent2.token, ContentType: 'text/plain', Content: 'a2 here, all context kept' }));
    await server.participant.send(new SendMessageCommand({ ConnectionToken: customer.token, ContentType: 'text/plain', Content: 'thanks a2' }));
    await agent2.socket.next((i) => i.Content === 'thanks a2');

    // a2 ends; the customer remains, so the disconnect flow runs the survey on a DISCONNECT segment (C3).
    await a2.client.call('POST', `/contacts/${c2}/end`);
    const survey = await customer.socket.next((i) => i.ParticipantRole === 'SYSTEM' && /rate this chat/.test(i.Content ?? ''));
    const c3 = survey.ContactId;
    expect(c3).not.toBe(c2);
    await server.participant.send(new SendMessageCommand({ ConnectionToken: customer.token, ContentType: 'text/plain', Content: '5' }));
    await customer.socket.next((i) => i.Content === 'Thank you for chatting with us. Goodbye!');
    await customer.socket.next((i) => i.ContentType === contentType.ended);

    const describe = async (id: string) => (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: id }))).Contact!;
    const [d1, d2, d3] = [await describe(c1), await describe(c2), await describe(c3)];
    expect(d1).toMatchObject({ Id: c1, InitialContactId: c1, InitiationMethod: 'API', DisconnectReason: 'AGENT_DISCONNECT', AgentInfo: { Id: a1.userId } });
    expect(d1.PreviousContactId).toBeUndefined();
    expect(d1.QueueInfo?.Id).toBe(server.defaults.basicQueueId);
    expect(d1.NextContacts?.[0]?.NextContactMetadata?.QuickConnectContactData?.ContactId).toBe(c2);
    expect(d2).toMatchObject({ Id: c2, InitialContactId: c1, PreviousContactId: c1, InitiationMethod: 'TRANSFER', DisconnectReason: 'AGENT_DISCONNECT', AgentInfo: { Id: a2.userId } });
    expect(d3).toMatchObject({ Id: c3, InitialContactId: c1, PreviousContactId: c2, InitiationMethod: 'DISCONNECT' });
    expect(d3.DisconnectTimestamp).toBeInstanceOf(Date);
    const attrs = await server.connect.send(new GetContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: c3 }));
    expect(attrs.Attributes).toMatchObject({ orderId: 'A-17', surveyRating: '5' });

    // Each segment's transcript holds its own part of the conversation.
    const stored = await server.app.store.listTranscriptItems({ initialContactId: c1, order: 'asc', limit: 1000 });
    const bySegment = (id: string) => stored.filter((i) => i.contactId === id).map((i) => i.content ?? i.contentType.split('.').slice(-2).join('.'));
    expect(bySegment(c1)).toEqual(expect.arrayContaining(['participant.joined', 'Hi, this is a1', 'transfer.succeeded', 'participant.left']));
    expect(bySegment(c2)).toEqual(expect.arrayContaining(['a2 here, all context kept', 'thanks a2', 'participant.left']));
    expect(bySegment(c3)).toEqual(['Before you go: how would you rate this chat, from 1 (poor) to 5 (great)?', '5', 'Thank you for chatting with us. Goodbye!', 'participant.left', 'chat.ended']);
    // a2 reads the whole history of the chat, all segments.
    const view = await a2.client.call<{ segments: { contactId: string; initiationMethod: string }[]; transcript: unknown[] }>('GET', `/contacts/${c2}`);
    expect(view.segments.map((s) => s.initiationMethod)).toEqual(['API', 'TRANSFER', 'DISCONNECT']);
    for (const s of [customer, agent1, agent2]) s.socket.close();
  });
});

describe('contact attributes along the chain', () => {
  it('UpdateContactAttributes on the initial contact reaches the current segment', async () => {
    const { UpdateContactAttributesCommand, GetContactAttributesCommand: Get } = await import('@aws-sdk/client-connect');
    for (const earlier of agents) await earlier.setStatus('Offline');
    const a = await createAgent('attr-agent');
    await a.client.setStatus('Available');
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Attr' },
    }));
    const c1 = started.ContactId!;
    await a.client.next((o) => o.type === 'offer' && o.contactId === c1);
    await a.client.accept(c1);
    await a.client.call('POST', `/contacts/${c1}/end`);
    const c2 = (await server.app.store.getContact(c1))!.nextContactId!;
    expect((await server.app.store.getContact(c2))!.initiationMethod).toBe('DISCONNECT');
    await server.connect.send(new UpdateContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: c1, Attributes: { vip: 'yes' } }));
    const attrs = await server.connect.send(new Get({ InstanceId: server.instanceId, InitialContactId: c2 }));
    expect(attrs.Attributes).toMatchObject({ vip: 'yes' });
  });
});
