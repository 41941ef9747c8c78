// SearchQueues, SearchRoutingProfiles, SearchUsers (string conditions, And/Or, tag filters) and GetCurrentUserData
// (an online agent's status, slots and held contacts), through the AWS SDK.
import {
  CreateQueueCommand, CreateRoutingProfileCommand, CreateUserCommand, GetCurrentUserDataCommand, SearchQueuesCommand,
  SearchRoutingProfilesCommand, SearchUsersCommand, StartChatContactCommand, TransferContactCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../helpers/aws-errors.js';
import { AgentClient } from '../helpers/agent-client.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let agent: AgentClient | undefined;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  agent?.close();
  await server?.close();
});


describe('Search*', () => {
  it('finds queues, routing profiles and users by name, description, id and tags', async () => {
    const InstanceId = server.instanceId;
    const billing = await server.connect.send(new CreateQueueCommand({ InstanceId, Name: 'Billing EU', Description: 'invoices', HoursOfOperationId: server.defaults.basicHoursId, Tags: { region: 'eu' } }));
    await server.connect.send(new CreateQueueCommand({ InstanceId, Name: 'Billing US', Description: 'invoices', HoursOfOperationId: server.defaults.basicHoursId, Tags: { region: 'us' } }));
    await server.connect.send(new CreateQueueCommand({ InstanceId, Name: 'Returns', HoursOfOperationId: server.defaults.basicHoursId }));
    const names = async (input: Record<string, unknown>) =>
      ((await server.connect.send(new SearchQueuesCommand({ InstanceId, ...input }))).Queues ?? []).map((q) => q.Name).sort();
    expect(await names({ SearchCriteria: { StringCondition: { FieldName: 'name', Value: 'billing', ComparisonType: 'STARTS_WITH' } } })).toEqual(['Billing EU', 'Billing US']);
    expect(await names({ SearchCriteria: { StringCondition: { FieldName: 'name', Value: 'Billing EU', ComparisonType: 'EXACT' } } })).toEqual(['Billing EU']);
    expect(await names({ SearchCriteria: { OrConditions: [
      { StringCondition: { FieldName: 'name', Value: 'returns', ComparisonType: 'EXACT' } },
      { StringCondition: { FieldName: 'resourceId', Value: billing.QueueId!, ComparisonType: 'EXACT' } },
    ] } })).toEqual(['Billing EU', 'Returns']);
    expect(await names({ SearchCriteria: { AndConditions: [
      { StringCondition: { FieldName: 'description', Value: 'voice', ComparisonType: 'CONTAINS' } },
      { StringCondition: { FieldName: 'name', Value: 'Billing', ComparisonType: 'CONTAINS' } },
    ] } })).toEqual(['Billing EU', 'Billing US']);
    expect(await names({ SearchFilter: { TagFilter: { TagCondition: { TagKey: 'region', TagValue: 'us' } } } })).toEqual(['Billing US']);
    const counted = await server.connect.send(new SearchQueuesCommand({ InstanceId, MaxResults: 1, SearchCriteria: { StringCondition: { FieldName: 'name', Value: 'Billing', ComparisonType: 'CONTAINS' } } }));
    expect(counted).toMatchObject({ ApproximateTotalCount: 2 });
    expect(counted.Queues).toHaveLength(1);
    expect(counted.NextToken).toBeTruthy();
    expect(await rejection(server.connect.send(new SearchQueuesCommand({ InstanceId, SearchCriteria: { StringCondition: { FieldName: 'colour', Value: 'x', ComparisonType: 'EXACT' } } }))))
      .toMatchObject({ name: 'InvalidParameterException', status: 400 });

    const profiles = await server.connect.send(new SearchRoutingProfilesCommand({ InstanceId, SearchCriteria: { StringCondition: { FieldName: 'name', Value: 'basic', ComparisonType: 'CONTAINS' } } }));
    expect(profiles.RoutingProfiles!.map((p) => p.RoutingProfileId)).toEqual([server.defaults.basicRoutingProfileId]);

    await server.connect.send(new CreateUserCommand({
      InstanceId, Username: 'grace.h', Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId, SecurityProfileIds: ['a'],
      PhoneConfig: { PhoneType: 'SOFT_PHONE' }, IdentityInfo: { FirstName: 'Grace', LastName: 'Hopper' }, Tags: { team: 'night' },
    }));
    const users = await server.connect.send(new SearchUsersCommand({ InstanceId, SearchCriteria: { StringCondition: { FieldName: 'firstName', Value: 'grace', ComparisonType: 'EXACT' } } }));
    expect(users.Users).toEqual([expect.objectContaining({ Username: 'grace.h', IdentityInfo: { FirstName: 'Grace', LastName: 'Hopper' }, Tags: { team: 'night' } })]);
  });
});

describe('GetCurrentUserData', () => {
  it("shows an online agent's status, slots and the chat offered and then connected", async () => {
    const InstanceId = server.instanceId;
    const queue = await server.connect.send(new CreateQueueCommand({ InstanceId, Name: 'Live data', HoursOfOperationId: server.defaults.basicHoursId }));
    const profile = await server.connect.send(new CreateRoutingProfileCommand({
      InstanceId, Name: 'Live data profile', Description: 'x', DefaultOutboundQueueId: queue.QueueId!,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 3 }], QueueConfigs: [{ QueueReference: { QueueId: queue.QueueId!, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
    }));
    const user = await server.connect.send(new CreateUserCommand({
      InstanceId, Username: 'live.agent', Password: 'Passw0rd!', RoutingProfileId: profile.RoutingProfileId!, SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    agent = new AgentClient(server.app.localUrl);
    await agent.login('live.agent', 'Passw0rd!', InstanceId);
    await agent.setStatus('Available');
    const started = await server.connect.send(new StartChatContactCommand({ InstanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Watched' } }));
    const moved = await server.connect.send(new TransferContactCommand({ InstanceId, ContactId: started.ContactId!, QueueId: queue.QueueId!, ContactFlowId: server.defaults.queueTransferFlowId }));
    await agent.next((n) => n.type === 'offer' && n.contactId === moved.ContactId);
    const data = async () => (await server.connect.send(new GetCurrentUserDataCommand({ InstanceId, Filters: { Agents: [user.UserId!] } }))).UserDataList!;
    const offered = await data();
    expect(offered).toHaveLength(1);
    expect(offered[0]).toMatchObject({
      User: { Id: user.UserId, Arn: user.UserArn }, RoutingProfile: { Id: profile.RoutingProfileId }, Status: { StatusName: 'Available' },
      MaxSlotsByChannel: { CHAT: 3 }, ActiveSlotsByChannel: { CHAT: 1 }, AvailableSlotsByChannel: { CHAT: 2 },
      Contacts: [{ ContactId: moved.ContactId, Channel: 'CHAT', AgentContactState: 'INCOMING', InitiationMethod: 'TRANSFER', Queue: { Id: queue.QueueId } }],
    });
    await agent.accept(moved.ContactId!);
    expect((await data())[0]!.Contacts).toEqual([expect.objectContaining({ AgentContactState: 'CONNECTED', ConnectedToAgentTimestamp: expect.any(Date) })]);
    const byQueue = await server.connect.send(new GetCurrentUserDataCommand({ InstanceId, Filters: { Queues: [server.defaults.basicQueueId], Agents: [user.UserId!] } }));
    expect(byQueue.UserDataList).toEqual([]);
  });
});
