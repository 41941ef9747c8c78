// Builds the past chat session of seed 004 through public APIs: C1 (agent a1) → transfer → C2 (agent a2) →
// a2 ends → C3 (disconnect-flow survey) → the session ends. Each segment gets a recognisable message.
import {
  AssociateQueueQuickConnectsCommand, CreateQuickConnectCommand, CreateUserCommand, StartChatContactCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { AgentClient } from './agent-client.js';
import type { TestServer } from './test-server.js';

export interface SeedSession {
  c1: string;
  c2: string;
  c3: string;
  customerName: string;
}

let counter = 0;

async function agentFor(server: TestServer, username: string) {
  const user = await server.connect.send(new CreateUserCommand({
    InstanceId: server.instanceId, Username: username, Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId,
    SecurityProfileIds: ['agent'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
  }));
  const client = new AgentClient(server.app.localUrl);
  await client.login(username, 'Passw0rd!', server.instanceId);
  return { client, userId: user.UserId! };
}

async function say(server: TestServer, participantToken: string, text: string) {
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  const token = conn.ConnectionCredentials!.ConnectionToken!;
  await server.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: text }));
  return token;
}

export async function buildSeedSession(server: TestServer): Promise<SeedSession> {
  const n = ++counter;
  const a1 = await agentFor(server, `seed-a1-${n}`);
  const a2 = await agentFor(server, `seed-a2-${n}`);
  const qc = await server.connect.send(new CreateQuickConnectCommand({
    InstanceId: server.instanceId, Name: `seed to a2 ${n}`,
    QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: a2.userId, ContactFlowId: server.defaults.agentTransferFlowId } },
  }));
  await server.connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: server.instanceId, QueueId: server.defaults.basicQueueId, QuickConnectIds: [qc.QuickConnectId!] }));
  await a1.client.setStatus('Available');
  const customerName = `Customer ${n}`;
  const started = await server.connect.send(new StartChatContactCommand({
    InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: customerName },
    Attributes: { loyalty: 'gold' },
  }));
  const c1 = started.ContactId!;
  const customer = await say(server, started.ParticipantToken!, 'C1: my parcel is late');
  await a1.client.next((o) => o.type === 'offer' && o.contactId === c1);
  const seat1 = await a1.client.accept(c1);
  await say(server, seat1.participantToken, 'C1: a1 here, transferring you');
  await a1.client.setStatus('Offline');
  await a2.client.setStatus('Available');
  const { contactId: c2 } = await a1.client.call<{ contactId: string }>('POST', `/contacts/${c1}/transfer`, { quickConnectId: qc.QuickConnectId });
  await a2.client.next((o) => o.type === 'offer' && o.contactId === c2);
  const seat2 = await a2.client.accept(c2);
  await say(server, seat2.participantToken, 'C2: a2 here, parcel found');
  await a2.client.call('POST', `/contacts/${c2}/end`);
  // The survey runs on C3; the customer answers and the flow ends the session.
  await server.participant.send(new SendMessageCommand({ ConnectionToken: customer, ContentType: 'text/plain', Content: '4' }));
  const c3 = (await server.app.store.getContact(c2))!.nextContactId!;
  for (let i = 0; i < 100 && (await server.app.store.getContact(c3))?.state !== 'ENDED'; i++) await new Promise((r) => setTimeout(r, 20));
  // Leave nobody routable, so later sessions on the same server reach their own agents.
  await a1.client.call('POST', `/contacts/${c1}/complete`);
  await a2.client.call('POST', `/contacts/${c2}/complete`);
  await a2.client.setStatus('Offline');
  a1.client.close();
  a2.client.close();
  return { c1, c2, c3, customerName };
}
