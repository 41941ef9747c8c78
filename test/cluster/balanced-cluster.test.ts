// Three Switchboard nodes sharing PostgreSQL and Redis behind nginx with TLS (test/helpers/balanced-cluster.ts):
// what a production cluster must do, driven through the balancer with the AWS SDK and chatjs over https/wss.
//  - 60 concurrent UpdateContactAttributes on one chat, spread over the nodes: all 60 keys kept;
//  - 6 agents with chat concurrency 1 on different nodes, 30 chats: no agent ever holds two, no contact is
//    accepted twice, all 30 are connected;
//  - SIGKILL one node while chats exchange messages: every acknowledged message is in its transcript once, clients
//    reconnect through the balancer, and a Wait timer of a chat started before the kill fires exactly once.
// The certificate is generated for the run; this process trusts it by not verifying (NODE_TLS_REJECT_UNAUTHORIZED).
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

import { ConnectClient, CreateContactFlowCommand, CreateRoutingProfileCommand, CreateUserCommand, GetContactAttributesCommand,
  StartChatContactCommand, UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { ConnectParticipantClient, CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../helpers/agent-client.js';
import { type BalancedCluster, startBalancedCluster } from '../helpers/balanced-cluster.js';
import { ChatSocket } from '../helpers/chat-socket.js';
import { connectAndOpenSocket, createCustomerSession, loadChatjs, waitFor } from '../helpers/chatjs.js';
import { eventually } from '../helpers/eventually.js';
import { kill } from '../helpers/server-process.js';
import { REGION } from '../helpers/test-server.js';

let cluster: BalancedCluster;
let connect: ConnectClient;
let participant: ConnectParticipantClient;

beforeAll(async () => {
  cluster = await startBalancedCluster(3);
  connect = new ConnectClient({ region: REGION, endpoint: cluster.url, credentials: cluster.keys, maxAttempts: 3 });
  participant = new ConnectParticipantClient({ region: REGION, endpoint: cluster.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 3 });
}, 90_000);
afterAll(async () => {
  connect?.destroy();
  participant?.destroy();
  await cluster?.close();
});

async function startChat(flowId = cluster.inboundFlowId, name = 'Customer') {
  const started = await connect.send(new StartChatContactCommand({ InstanceId: cluster.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: name } }));
  const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
  return { started, token: conn.ConnectionCredentials!.ConnectionToken!, socketUrl: conn.Websocket!.Url! };
}

describe('three nodes behind nginx with TLS', () => {
  it('hands out wss:// URLs of the balancer, which chatjs uses', async () => {
    const { started, socketUrl } = await startChat();
    expect(socketUrl.startsWith(`${cluster.url.replace('https', 'wss')}/participant-socket?token=`)).toBe(true);
    const chatjs = loadChatjs(cluster.url, REGION);
    const again = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
    const session = createCustomerSession(chatjs, started, REGION);
    await connectAndOpenSocket(session);
    const echoed = waitFor<{ data: { Content?: string } }>((r) => session.onMessage((e) => e.data.Content === 'over wss' && r(e)), 'message over wss');
    await participant.send(new SendMessageCommand({ ConnectionToken: again.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'over wss' }));
    expect((await echoed).data.Content).toBe('over wss');
    await session.disconnectParticipant();
  });

  it('keeps all 60 keys of concurrent UpdateContactAttributes spread over the nodes', async () => {
    const { started } = await startChat();
    await Promise.all(Array.from({ length: 60 }, (_, n) => connect.send(new UpdateContactAttributesCommand({
      InstanceId: cluster.instanceId, InitialContactId: started.ContactId!, Attributes: { [`k${n}`]: `v${n}` },
    }))));
    const { Attributes } = await connect.send(new GetContactAttributesCommand({ InstanceId: cluster.instanceId, InitialContactId: started.ContactId! }));
    for (let n = 0; n < 60; n++) expect(Attributes![`k${n}`]).toBe(`v${n}`);
  });

  it('routes 30 chats to 6 single-slot agents on different nodes: none holds two, none accepted twice, all connected', async () => {
    const basicQueue = /BasicQueue id:\s+(\S+)/.exec(cluster.nodes[0]!.output())![1]!;
    const profile = await connect.send(new CreateRoutingProfileCommand({
      InstanceId: cluster.instanceId, Name: 'One at a time', Description: 'cluster test', DefaultOutboundQueueId: basicQueue,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }],
      QueueConfigs: [{ QueueReference: { QueueId: basicQueue, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
    }));
    const agents: AgentClient[] = [];
    const accepted = new Map<string, string[]>();
    let doubleHold = 0;
    for (let i = 0; i < 6; i++) {
      await connect.send(new CreateUserCommand({
        InstanceId: cluster.instanceId, Username: `shift-${i}`, Password: 'Passw0rd!', RoutingProfileId: profile.RoutingProfileId!,
        SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
      }));
      // Each agent talks to one node directly (two per node): offers made on one node must reach agents on others.
      const agent = new AgentClient(cluster.nodes[i % 3]!.url);
      await agent.login(`shift-${i}`, 'Passw0rd!', cluster.instanceId);
      agents.push(agent);
    }
    const chats = await Promise.all(Array.from({ length: 30 }, (_, n) => startChat(cluster.inboundFlowId, `Queued ${n}`)));
    const ours = chats.map((c) => c.started.ContactId!);
    const allAccepted = () => ours.every((id) => accepted.has(id));
    const work = agents.map(async (agent, i) => {
      const handled = new Set<string>();
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !allAccepted()) {
        const offer = agent.notices.find((n) => n.type === 'offer' && !handled.has(n.contactId!));
        if (!offer) {
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        handled.add(offer.contactId!);
        const ok = await agent.accept(offer.contactId!).then(() => true, () => false);
        if (!ok) continue;
        const me = await agent.call<{ contacts: unknown[] }>('GET', '/me');
        if (me.contacts.length > 1) doubleHold++;
        accepted.set(offer.contactId!, [...(accepted.get(offer.contactId!) ?? []), `agent${i}`]);
        await new Promise((r) => setTimeout(r, 30));
        await agent.call('POST', `/contacts/${offer.contactId}/end`);
        await agent.call('POST', `/contacts/${offer.contactId}/complete`);
      }
    });
    for (const agent of agents) await agent.setStatus('Available');
    try {
      await Promise.all(work);
    } catch (err) {
      // A refusal the nodes answered with 500 is a defect: the nodes' error lines say what it was.
      const logs = cluster.nodes.map((n, i) => `node ${i}: ${n.output().split('\n').filter((l) => /"level":(50|40)|failure/.test(l)).slice(-5).join('\n')}`);
      throw new Error(`${(err as Error).message}\n${logs.join('\n')}`);
    }
    for (const agent of agents) agent.close();
    const acceptedOurs = ours.filter((id) => accepted.has(id));
    expect(acceptedOurs).toHaveLength(30);
    expect(acceptedOurs.every((id) => accepted.get(id)!.length === 1)).toBe(true);
    expect(doubleHold).toBe(0);
  }, 120_000);

  it('loses no acknowledged message, reconnects clients and fires timers once when a node is SIGKILLed', async () => {
    const waitFlow = await connect.send(new CreateContactFlowCommand({
      InstanceId: cluster.instanceId, Name: 'cluster wait', Type: 'CONTACT_FLOW',
      Content: JSON.stringify({ Version: '2019-10-30', StartAction: 'w', Actions: [
        { Identifier: 'w', Type: 'Wait', Parameters: { TimeLimitSeconds: '3' }, Transitions: { NextAction: 'said', Conditions: [{ NextAction: 'said', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
        { Identifier: 'said', Type: 'MessageParticipant', Parameters: { Text: 'Three seconds later' }, Transitions: { NextAction: 'hold' } },
        { Identifier: 'hold', Type: 'Wait', Parameters: { TimeLimitSeconds: '600' }, Transitions: { NextAction: 'end', Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
        { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ] }),
    }));
    const chats = await Promise.all(Array.from({ length: 6 }, (_, n) => startChat(waitFlow.ContactFlowId!, `Sender ${n}`)));
    const sockets = await Promise.all(chats.map((c) => ChatSocket.open(c.socketUrl)));
    const acknowledged = new Map<string, string[]>(chats.map((c) => [c.token, []]));
    let stop = false;
    const senders = chats.map(async (chat, n) => {
      for (let i = 0; !stop; i++) {
        const content = `chat ${n} message ${i}`;
        try {
          await participant.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: content, ClientToken: content }));
          acknowledged.get(chat.token)!.push(content);
        } catch {
          // Not acknowledged: the client may retry, but nothing is owed for it.
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    await kill(cluster.nodes[1]!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 2000));
    stop = true;
    await Promise.all(senders);

    for (const chat of chats) {
      const ids: string[] = [];
      const contents: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await participant.send(new GetTranscriptCommand({ ConnectionToken: chat.token, SortOrder: 'ASCENDING', MaxResults: 100, NextToken: nextToken }));
        for (const item of page.Transcript ?? []) {
          ids.push(item.Id!);
          if (item.Type === 'MESSAGE') contents.push(item.Content!);
        }
        nextToken = page.NextToken;
      } while (nextToken);
      const sent = acknowledged.get(chat.token)!;
      expect(sent.length).toBeGreaterThan(0);
      for (const content of sent) expect(contents.filter((c) => c === content)).toHaveLength(1);
      expect(new Set(ids).size).toBe(ids.length);
    }

    // The Wait timer (3 s, started before the kill) fires whichever node sweeps it; every client can reconnect
    // through the balancer (the dead node's sockets were cut) and gets new pushes; and the timer fired only once:
    // read after a later message's push, so a second firing by another node would already be in the transcript.
    const systemMessages = async (token: string) => {
      const said: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING', MaxResults: 100, NextToken: nextToken }));
        said.push(...(page.Transcript ?? []).filter((i) => i.ParticipantRole === 'SYSTEM').map((i) => i.Content!));
        nextToken = page.NextToken;
      } while (nextToken);
      return said;
    };
    for (const [n, chat] of chats.entries()) {
      await eventually(`the Wait timer of chat ${n} has fired`, async () => (await systemMessages(chat.token)).length > 0);
      sockets[n]!.close();
      const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.started.ParticipantToken!, Type: ['WEBSOCKET'] }));
      const socket = await ChatSocket.open(conn.Websocket!.Url!);
      const after = await participant.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: `after the kill ${n}` }));
      await socket.next((i) => i.Id === after.Id);
      expect(await systemMessages(chat.token)).toEqual(['Three seconds later']);
      socket.close();
    }
  }, 120_000);
});
