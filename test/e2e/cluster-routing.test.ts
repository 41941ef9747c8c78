// Routing on two nodes sharing real PostgreSQL and Redis: both nodes dispatch at once (status changes, enqueues and
// each node's routing beat), and a single-slot agent still never holds two offers.
import {
  CreateContactFlowCommand, CreateQueueCommand, CreateRoutingProfileCommand, CreateUserCommand, StartChatContactCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../helpers/agent-client.js';
import { type SharedNodes, startSharedNodes } from '../helpers/shared-nodes.js';
import type { TestServer } from '../helpers/test-server.js';

let cluster: SharedNodes;
let nodes: TestServer[] = [];

beforeAll(async () => {
  cluster = await startSharedNodes(2);
  nodes = cluster.nodes;
});
afterAll(async () => {
  await cluster?.close();
});

describe('routing on two nodes', () => {
  it('never offer a single-slot agent two chats at once, whichever nodes dispatch', async () => {
    const [a, b] = nodes as [TestServer, TestServer];
    const q = await a.connect.send(new CreateQueueCommand({ InstanceId: a.instanceId, Name: 'Raced routing', HoursOfOperationId: a.defaults.basicHoursId }));
    const rp = await a.connect.send(new CreateRoutingProfileCommand({
      InstanceId: a.instanceId, Name: 'Single slot', Description: 'race', DefaultOutboundQueueId: q.QueueId!,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }], QueueConfigs: [{ QueueReference: { QueueId: q.QueueId!, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
    }));
    await a.connect.send(new CreateUserCommand({
      InstanceId: a.instanceId, Username: 'single-slot', Password: 'Passw0rd!', RoutingProfileId: rp.RoutingProfileId!, SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    const flow = await a.connect.send(new CreateContactFlowCommand({
      InstanceId: a.instanceId, Name: 'to raced queue', Type: 'CONTACT_FLOW', Content: JSON.stringify({ Version: '2019-10-30', StartAction: 'q', Actions: [
        { Identifier: 'q', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: q.QueueId }, Transitions: { NextAction: 'go', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] } },
        { Identifier: 'go', Type: 'TransferContactToQueue', Parameters: {}, Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'end' }, { ErrorType: 'NoMatchingError', NextAction: 'end' }] } },
        { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ] }),
    }));
    // The agent's status changes go to both nodes at once, and chats are queued through both: every node dispatches.
    const agent = new AgentClient(a.app.localUrl);
    await agent.login('single-slot', 'Passw0rd!', a.instanceId);
    await Promise.all(Array.from({ length: 10 }, (_, n) => nodes[n % 2]!.connect.send(new StartChatContactCommand({
      InstanceId: a.instanceId, ContactFlowId: flow.ContactFlowId!, ParticipantDetails: { DisplayName: `Waiting ${n}` },
    }))));
    const me = () => agent.call<{ contacts: unknown[] }>('GET', '/me');
    // Many routing rounds at the moment the agent becomes routable, on both nodes (as enqueues and beats would).
    const status = agent.setStatus('Available');
    await Promise.all([status, ...Array.from({ length: 40 }, (_, n) => new Promise((r) => setTimeout(r, n)).then(() => nodes[n % 2]!.app.router.dispatch(a.instanceId)))]);
    await agent.next((n) => n.type === 'offer');
    // Two more routing rounds on both nodes; dispatch publishes its offers before it returns, so a status notice
    // published afterwards reaches the socket after any offer those rounds made: it fences the count.
    for (let round = 0; round < 2; round++) await Promise.all(nodes.map((n) => n.app.router.dispatch(a.instanceId)));
    const fence = agent.notices.length;
    await agent.setStatus('Available');
    await agent.next((n) => n.type === 'status' && agent.notices.indexOf(n) >= fence);
    expect((await me()).contacts).toHaveLength(1);
    expect(agent.notices.filter((n) => n.type === 'offer')).toHaveLength(1);
    agent.close();
  });

});
