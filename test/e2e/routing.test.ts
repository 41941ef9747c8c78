// Routing through public APIs: longest-idle agents first, chat concurrency, queue priority then contact priority
// then age, offer timeouts (a miss, the agent set to Missed), rejections, queue metrics, PutUserStatus, and
// customer queue flows (looping messages, DequeueContactAndTransferToQueue → QUEUE_TRANSFER).
import {
  CreateQueueCommand, CreateRoutingProfileCommand, CreateUserCommand, DescribeContactCommand,
  GetCurrentMetricDataCommand, ListAgentStatusesCommand, PutUserStatusCommand, StartChatContactCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { AgentClient } from '../helpers/agent-client.js';
import { type Action, createFlow, say, to, when } from '../helpers/flow-harness.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const clock = new ManualClock(Date.UTC(2026, 10, 23, 12, 0));
let server: TestServer;
const clients: AgentClient[] = [];
let hoursId: string;
beforeAll(async () => {
  server = await startTestServer({ clock, sweepTimers: false, env: { SWITCHBOARD_OFFER_TIMEOUT_SECONDS: '20' } });
  hoursId = server.defaults.basicHoursId;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.close();
});

let n = 0;
async function queue(name = `q${++n}`) {
  return (await server.connect.send(new CreateQueueCommand({ InstanceId: server.instanceId, Name: name, HoursOfOperationId: hoursId }))).QueueId!;
}
async function profile(queues: { id: string; priority: number; delay?: number }[], concurrency: number) {
  return (await server.connect.send(new CreateRoutingProfileCommand({
    InstanceId: server.instanceId, Name: `rp${++n}`, Description: 'test', DefaultOutboundQueueId: queues[0]!.id,
    MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: concurrency }],
    QueueConfigs: queues.map((q) => ({ QueueReference: { QueueId: q.id, Channel: 'CHAT' }, Priority: q.priority, Delay: q.delay ?? 0 })),
  }))).RoutingProfileId!;
}
async function agent(routingProfileId: string) {
  const username = `agent${++n}`;
  const user = await server.connect.send(new CreateUserCommand({
    InstanceId: server.instanceId, Username: username, Password: 'Passw0rd!', RoutingProfileId: routingProfileId, SecurityProfileIds: ['a'],
    PhoneConfig: { PhoneType: 'SOFT_PHONE' },
  }));
  const client = new AgentClient(server.app.localUrl);
  clients.push(client);
  await client.login(username, 'Passw0rd!', server.instanceId);
  clock.advance(1000); // distinct idle times: the agent who logged in first has been idle longest
  return { client, userId: user.UserId! };
}
async function queuedChat(queueId: string, extra: Action[] = []) {
  const flowId = await createFlow(server, [
    ...extra,
    { Identifier: 'q', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueId }, Transitions: to('go', ['NoMatchingError']) },
    { Identifier: 'go', Type: 'TransferContactToQueue', Parameters: {}, Transitions: to('end', ['QueueAtCapacity', 'NoMatchingError']) },
    { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ], 'CONTACT_FLOW', extra[0]?.Identifier ?? 'q');
  const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'c' } }));
  clock.advance(1000);
  return started.ContactId!;
}
const offersTo = (c: AgentClient) => c.notices.filter((x) => x.type === 'offer').map((x) => x.contactId);
const finish = async (c: AgentClient, contactId: string) => {
  await c.call('POST', `/contacts/${contactId}/end`);
  await c.call('POST', `/contacts/${contactId}/complete`);
};

describe('routing', () => {
  it('offers to the longest idle agent with a free slot, and respects chat concurrency', async () => {
    const q = await queue();
    const rp = await profile([{ id: q, priority: 1 }], 1);
    const a1 = await agent(rp);
    const a2 = await agent(rp);
    await a1.client.setStatus('Available');
    await a2.client.setStatus('Available');
    const x = await queuedChat(q);
    await a1.client.next((o) => o.type === 'offer' && o.contactId === x);
    await a1.client.accept(x);
    const y = await queuedChat(q);
    await a2.client.next((o) => o.type === 'offer' && o.contactId === y);
    await a2.client.accept(y);
    const z = await queuedChat(q);
    // Both at capacity: z waits in the queue.
    const metrics = await server.connect.send(new GetCurrentMetricDataCommand({
      InstanceId: server.instanceId, Filters: { Queues: [q], Channels: ['CHAT'] }, Groupings: ['QUEUE'],
      CurrentMetrics: [{ Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, { Name: 'AGENTS_ONLINE', Unit: 'COUNT' }, { Name: 'AGENTS_ON_CONTACT', Unit: 'COUNT' }, { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }, { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' }],
    }));
    const values = Object.fromEntries(metrics.MetricResults![0]!.Collections!.map((c) => [c.Metric!.Name, c.Value]));
    expect(values).toEqual({ CONTACTS_IN_QUEUE: 1, AGENTS_ONLINE: 2, AGENTS_ON_CONTACT: 2, AGENTS_AVAILABLE: 0, OLDEST_CONTACT_AGE: 1 });
    expect(metrics.MetricResults![0]!.Dimensions!.Queue!.Id).toBe(q);
    // a2 frees its slot first, so a2 has been idle longest and gets z.
    await finish(a2.client, y);
    await a2.client.next((o) => o.type === 'offer' && o.contactId === z);
    expect(offersTo(a1.client)).toEqual([x]);
    await finish(a1.client, x);
  });

  it('serves the profile’s higher-priority queue first, then contact priority, then age', async () => {
    const high = await queue();
    const low = await queue();
    const rp = await profile([{ id: high, priority: 1 }, { id: low, priority: 2 }], 1);
    const oldLow = await queuedChat(low);
    const newerHigh = await queuedChat(high);
    const urgent = await queuedChat(high, [{ Identifier: 'p', Type: 'UpdateContactRoutingBehavior', Parameters: { QueuePriority: '1' }, Transitions: to('q') }]);
    const a = await agent(rp);
    await a.client.setStatus('Available');
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const offer = await a.client.next((o) => o.type === 'offer' && !order.includes(o.contactId!));
      order.push(offer.contactId!);
      await a.client.accept(offer.contactId!);
      await finish(a.client, offer.contactId!);
    }
    expect(order).toEqual([urgent, newerHigh, oldLow]);
  });

  it('returns an unaccepted offer to the queue after the offer timeout, counts a miss and sets the agent to Missed', async () => {
    const q = await queue();
    const rp = await profile([{ id: q, priority: 1 }], 1);
    const slow = await agent(rp);
    await slow.client.setStatus('Available');
    const c = await queuedChat(q);
    await slow.client.next((o) => o.type === 'offer' && o.contactId === c);
    clock.advance(19_000);
    await server.app.timers.sweep();
    expect(slow.client.notices.some((o) => o.type === 'offer.missed')).toBe(false);
    clock.advance(1_000);
    await server.app.timers.sweep();
    await slow.client.next((o) => o.type === 'offer.missed' && o.contactId === c);
    const me = await slow.client.call<{ status: string; missed: number }>('GET', '/me');
    expect(me).toMatchObject({ status: 'Missed', missed: 1 });
    const late = await slow.client.accept(c).catch((e) => e);
    expect(late.status).toBe(409);
    const other = await agent(rp);
    await other.client.setStatus('Available');
    await other.client.next((o) => o.type === 'offer' && o.contactId === c);
  });

  it('offers a missed contact to the same agent again once Available (Connect routes missed contacts again)', async () => {
    const q = await queue();
    const rp = await profile([{ id: q, priority: 1 }], 1);
    const only = await agent(rp);
    await only.client.setStatus('Available');
    const c = await queuedChat(q);
    await only.client.next((o) => o.type === 'offer' && o.contactId === c);
    clock.advance(20_000);
    await server.app.timers.sweep();
    await only.client.next((o) => o.type === 'offer.missed' && o.contactId === c);
    await only.client.setStatus('Available');
    const again = await only.client.next((o) => o.type === 'offer' && o.contactId === c && o !== only.client.notices.find((x) => x.type === 'offer'));
    expect(again.contactId).toBe(c);
    expect(offersTo(only.client)).toEqual([c, c]);
    await only.client.accept(c);
    await finish(only.client, c);
  });

  it('withdraws an offer past its expiry even when its timer was lost', async () => {
    const q = await queue();
    const rp = await profile([{ id: q, priority: 1 }], 1);
    const a = await agent(rp);
    await a.client.setStatus('Available');
    const c = await queuedChat(q);
    await a.client.next((o) => o.type === 'offer' && o.contactId === c);
    // The offer's timer row disappears (a store restored from a backup, an operator's cleanup): the routing beat
    // still ends the offer once it is past its expiry.
    await server.app.store.cancelTimers(c, 'offer-timeout');
    clock.advance(21_000);
    await server.app.timers.sweep();
    await a.client.next((o) => o.type === 'offer.missed' && o.contactId === c);
  });

  it('does not offer a rejected contact to the same agent again', async () => {
    const q = await queue();
    const rp = await profile([{ id: q, priority: 1 }], 1);
    const picky = await agent(rp);
    await picky.client.setStatus('Available');
    const c = await queuedChat(q);
    await picky.client.next((o) => o.type === 'offer' && o.contactId === c);
    await picky.client.call('POST', `/contacts/${c}/reject`);
    const helpful = await agent(rp);
    await helpful.client.setStatus('Available');
    await helpful.client.next((o) => o.type === 'offer' && o.contactId === c);
    expect(offersTo(picky.client)).toEqual([c]);
  });

  it('PutUserStatus sets an agent Available through the Connect API', async () => {
    const q = await queue();
    const rp = await profile([{ id: q, priority: 1 }], 1);
    const a = await agent(rp);
    const statuses = await server.connect.send(new ListAgentStatusesCommand({ InstanceId: server.instanceId }));
    const available = statuses.AgentStatusSummaryList!.find((s) => s.Name === 'Available')!;
    expect(available.Type).toBe('ROUTABLE');
    await server.connect.send(new PutUserStatusCommand({ InstanceId: server.instanceId, UserId: a.userId, AgentStatusId: available.Id }));
    const c = await queuedChat(q);
    await a.client.next((o) => o.type === 'offer' && o.contactId === c);
  });
});

describe('customer queue flows', () => {
  it('loop messages while waiting and move the contact to another queue as a QUEUE_TRANSFER segment', async () => {
    const first = await queue();
    const second = await queue();
    const queueFlow = await createFlow(server, [
      { Identifier: 'loop', Type: 'MessageParticipantIteratively', Parameters: { Messages: [{ Text: 'Still waiting…' }, { Text: 'Thanks for your patience' }], InterruptFrequencySeconds: '60' },
        Transitions: { NextAction: 'move', Conditions: [when('MessagesInterrupted', 'move')], Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'move' }] } },
      { Identifier: 'move', Type: 'DequeueContactAndTransferToQueue', Parameters: { QueueId: second }, Transitions: to('sorry', ['QueueAtCapacity', 'NoMatchingError']) },
      say('sorry', 'could not move you', 'done'),
      { Identifier: 'done', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
    ], 'CUSTOMER_QUEUE');
    const c1 = await queuedChat(first, [{ Identifier: 'hook', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerQueue: queueFlow } }, Transitions: to('q') }]);
    const said = async () => (await server.app.store.listTranscriptItems({ initialContactId: c1, order: 'asc', limit: 100 }))
      .filter((i) => i.participantRole === 'SYSTEM').map((i) => i.content);
    expect(await said()).toEqual(['Still waiting…']);
    clock.advance(60_000);
    await server.app.timers.sweep();
    const d1 = (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: c1 }))).Contact!;
    expect(d1.DisconnectTimestamp).toBeInstanceOf(Date);
    const c2 = (await server.app.store.getContact(c1))!.nextContactId!;
    const d2 = (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: c2 }))).Contact!;
    expect(d2).toMatchObject({ InitiationMethod: 'QUEUE_TRANSFER', PreviousContactId: c1, InitialContactId: c1, QueueInfo: { Id: second } });
    const rp = await profile([{ id: second, priority: 1 }], 1);
    const a = await agent(rp);
    await a.client.setStatus('Available');
    await a.client.next((o) => o.type === 'offer' && o.contactId === c2);
  });
});
