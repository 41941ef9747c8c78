// The agent's work beyond the seed chain: a QUEUE quick-connect transfer, a refused transfer (transfer.failed),
// and DisconnectOnCustomerExit deciding whether the agent stays when the customer leaves.
import {
  AssociateQueueQuickConnectsCommand, CreateQueueCommand, CreateQuickConnectCommand, CreateUserCommand, DescribeContactCommand,
  StartChatContactCommand, UpdateQueueStatusCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../helpers/agent-client.js';
import { ChatSocket, contentType } from '../helpers/chat-socket.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let agent: AgentClient;
beforeAll(async () => {
  server = await startTestServer();
  await server.connect.send(new CreateUserCommand({
    InstanceId: server.instanceId, Username: 'worker', Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId,
    SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
  }));
  agent = new AgentClient(server.app.localUrl);
  await agent.login('worker', 'Passw0rd!', server.instanceId);
  await agent.setStatus('Available');
});
afterAll(async () => {
  agent?.close();
  await server?.close();
});

async function connectedChat(disconnectOnCustomerExit?: ['AGENT']) {
  const started = await server.connect.send(new StartChatContactCommand({
    InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Customer' },
    DisconnectOnCustomerExit: disconnectOnCustomerExit,
  }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
  const socket = await ChatSocket.open(conn.Websocket!.Url!);
  await agent.next((o) => o.type === 'offer' && o.contactId === started.ContactId);
  await agent.accept(started.ContactId!);
  return { contactId: started.ContactId!, token: conn.ConnectionCredentials!.ConnectionToken!, socket };
}

async function queueQuickConnect(name: string) {
  const queue = await server.connect.send(new CreateQueueCommand({ InstanceId: server.instanceId, Name: name, HoursOfOperationId: server.defaults.basicHoursId }));
  const qc = await server.connect.send(new CreateQuickConnectCommand({
    InstanceId: server.instanceId, Name: `to ${name}`,
    QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: queue.QueueId!, ContactFlowId: server.defaults.queueTransferFlowId } },
  }));
  await server.connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: server.instanceId, QueueId: server.defaults.basicQueueId, QuickConnectIds: [qc.QuickConnectId!] }));
  return { queueId: queue.QueueId!, quickConnectId: qc.QuickConnectId! };
}

describe('agent work', () => {
  it("offers a new instance's agents a transfer back to BasicQueue from the start", async () => {
    const { quickConnects } = await agent.call<{ quickConnects: { Name: string; QuickConnectConfig: { QuickConnectType: string; QueueConfig?: { QueueId: string } } }[] }>('GET', '/quick-connects');
    expect(quickConnects.find((q) => q.Name === 'BasicQueue')).toMatchObject({ QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: server.defaults.basicQueueId } } });
  });

  it('transfers to a queue through a QUEUE quick connect: a TRANSFER segment waits in that queue', async () => {
    const target = await queueQuickConnect('billing');
    const chat = await connectedChat();
    const { contactId: next } = await agent.call<{ contactId: string }>('POST', `/contacts/${chat.contactId}/transfer`, { quickConnectId: target.quickConnectId });
    const d = (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: next }))).Contact!;
    expect(d).toMatchObject({ InitiationMethod: 'TRANSFER', PreviousContactId: chat.contactId, QueueInfo: { Id: target.queueId } });
    await agent.call('POST', `/contacts/${chat.contactId}/complete`);
    chat.socket.close();
  });

  it('refuses a transfer to a disabled queue with transfer.failed, and the chat stays with the agent', async () => {
    const target = await queueQuickConnect('closed-desk');
    await server.connect.send(new UpdateQueueStatusCommand({ InstanceId: server.instanceId, QueueId: target.queueId, Status: 'DISABLED' }));
    const chat = await connectedChat();
    const err = await agent.call('POST', `/contacts/${chat.contactId}/transfer`, { quickConnectId: target.quickConnectId }).catch((e) => e);
    expect(err.status).toBe(409);
    await chat.socket.next((i) => i.ContentType === 'application/vnd.amazonaws.connect.event.transfer.failed');
    const me = await agent.call<{ contacts: { contactId: string; state: string }[] }>('GET', '/me');
    expect(me.contacts.find((c) => c.contactId === chat.contactId)?.state).toBe('CONNECTED');
    await agent.call('POST', `/contacts/${chat.contactId}/end`);
    // After-contact notes: too long is refused (and the work stays open); kept, they are the contact's Description.
    const long = await agent.call('POST', `/contacts/${chat.contactId}/complete`, { notes: 'x'.repeat(4097) }).catch((e) => e);
    expect(long.status).toBe(400);
    await agent.call('POST', `/contacts/${chat.contactId}/complete`, { notes: '  Transfer refused: the desk was closed.  ' });
    const d = (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: chat.contactId }))).Contact!;
    expect(d.Description).toBe('Transfer refused: the desk was closed.');
    chat.socket.close();
  });

  it('keeps the agent when the customer leaves, unless DisconnectOnCustomerExit names AGENT', async () => {
    const staying = await connectedChat();
    await server.participant.send(new DisconnectParticipantCommand({ ConnectionToken: staying.token }));
    await staying.socket.next((i) => i.ContentType === contentType.left && i.ParticipantRole === 'CUSTOMER');
    expect((await server.app.store.getContact(staying.contactId))!.state).toBe('ACTIVE');
    await agent.call('POST', `/contacts/${staying.contactId}/end`);
    await staying.socket.next((i) => i.ContentType === contentType.ended);
    expect((await server.app.store.getContact(staying.contactId))!.disconnectReason).toBe('AGENT_DISCONNECT');
    await agent.call('POST', `/contacts/${staying.contactId}/complete`);

    const leaving = await connectedChat(['AGENT']);
    await server.participant.send(new DisconnectParticipantCommand({ ConnectionToken: leaving.token }));
    await leaving.socket.next((i) => i.ContentType === contentType.ended);
    const ended = await server.app.store.getContact(leaving.contactId);
    expect(ended).toMatchObject({ state: 'ENDED', disconnectReason: 'CUSTOMER_DISCONNECT' });
    await agent.next((o) => o.type === 'contact.acw' && o.contactId === leaving.contactId);
    staying.socket.close();
    leaving.socket.close();
  });
});
