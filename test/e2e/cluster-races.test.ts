// Races between two nodes sharing real PostgreSQL and Redis, through the public API: read-modify-writes that
// must not lose an update, an instance-wide quota that must not be overshot, and names that must stay unique.
import { CreateQueueCommand, GetContactAttributesCommand, StartChatContactCommand, UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SharedNodes, startSharedNodes } from '../helpers/shared-nodes.js';
import type { TestServer } from '../helpers/test-server.js';

let cluster: SharedNodes;
let nodes: TestServer[] = [];

beforeAll(async () => {
  cluster = await startSharedNodes(2, { SWITCHBOARD_MAX_ACTIVE_CHATS: '6' });
  nodes = cluster.nodes;
});
afterAll(async () => {
  await cluster?.close();
});

const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: Error) => e.name);

describe('two nodes racing on PostgreSQL', () => {
  it('keep every one of 60 concurrent UpdateContactAttributes on one chat', async () => {
    const [a] = nodes;
    const chat = await a!.connect.send(new StartChatContactCommand({
      InstanceId: a!.instanceId, ContactFlowId: a!.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Racer' },
    }));
    await Promise.all(Array.from({ length: 60 }, (_, n) => nodes[n % 2]!.connect.send(new UpdateContactAttributesCommand({
      InstanceId: a!.instanceId, InitialContactId: chat.ContactId!, Attributes: { [`key${n}`]: `value${n}` },
    }))));
    const { Attributes } = await a!.connect.send(new GetContactAttributesCommand({ InstanceId: a!.instanceId, InitialContactId: chat.ContactId! }));
    for (let n = 0; n < 60; n++) expect(Attributes![`key${n}`]).toBe(`value${n}`);
  });

  it('never let concurrent starts on both nodes overshoot the active-chat quota', async () => {
    const [a] = nodes;
    // One chat is already active (the test above); the quota is 6.
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => outcome(nodes[n % 2]!.connect.send(new StartChatContactCommand({
      InstanceId: a!.instanceId, ContactFlowId: a!.defaults.inboundFlowId, ParticipantDetails: { DisplayName: `Quota ${n}` },
    })))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(5);
    expect(results.filter((r) => r === 'LimitExceededException')).toHaveLength(15);
  });

  it('create one queue when both nodes race to create the same name', async () => {
    const [a] = nodes;
    const results = await Promise.all(Array.from({ length: 10 }, (_, n) => outcome(nodes[n % 2]!.connect.send(new CreateQueueCommand({
      InstanceId: a!.instanceId, Name: 'Raced queue', HoursOfOperationId: a!.defaults.basicHoursId,
    })))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'DuplicateResourceException')).toHaveLength(9);
  });
});
