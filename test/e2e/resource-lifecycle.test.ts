// Routing resources after creation, through the AWS SDK: rename, reconfigure, associate and disassociate, delete
// (refused while in use), agent statuses, user updates, and tags on every ARN kept here.
import {
  AssociateQueueQuickConnectsCommand, AssociateRoutingProfileQueuesCommand, CreateAgentStatusCommand, CreateHoursOfOperationCommand,
  CreateQueueCommand, CreateQuickConnectCommand, CreateRoutingProfileCommand, CreateUserCommand, DeleteHoursOfOperationCommand,
  DeleteQueueCommand, DeleteQuickConnectCommand, DeleteRoutingProfileCommand, DescribeAgentStatusCommand, DescribeInstanceCommand, DescribeQueueCommand,
  DescribeQuickConnectCommand, DescribeRoutingProfileCommand, DescribeUserCommand, DisassociateQueueQuickConnectsCommand,
  DisassociateRoutingProfileQueuesCommand, ListAgentStatusesCommand, ListQueueQuickConnectsCommand, ListRoutingProfileQueuesCommand,
  ListTagsForResourceCommand, PutUserStatusCommand, TagResourceCommand, UntagResourceCommand, UpdateAgentStatusCommand, UpdateQueueNameCommand,
  UpdateQueueOutboundCallerConfigCommand, UpdateQuickConnectConfigCommand, UpdateQuickConnectNameCommand, UpdateRoutingProfileConcurrencyCommand,
  UpdateRoutingProfileDefaultOutboundQueueCommand, UpdateRoutingProfileNameCommand, UpdateRoutingProfileQueuesCommand,
  UpdateUserHierarchyCommand, UpdateUserIdentityInfoCommand, UpdateUserPhoneConfigCommand, UpdateUserRoutingProfileCommand,
  UpdateUserSecurityProfilesCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../helpers/aws-errors.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
async function queue(name = `lc-q${++n}`) {
  return server.connect.send(new CreateQueueCommand({ InstanceId: server.instanceId, Name: name, HoursOfOperationId: server.defaults.basicHoursId }));
}
async function profile(queueId: string) {
  return server.connect.send(new CreateRoutingProfileCommand({
    InstanceId: server.instanceId, Name: `lc-rp${++n}`, Description: 'lifecycle', DefaultOutboundQueueId: queueId,
    MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }], QueueConfigs: [{ QueueReference: { QueueId: queueId, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
  }));
}

describe('queues', () => {
  it('renames, keeps outbound config, lists and drops quick connects, and deletes only once nothing uses the queue', async () => {
    const { QueueId, QueueArn } = await queue();
    const Id = { InstanceId: server.instanceId, QueueId: QueueId! };
    await server.connect.send(new UpdateQueueNameCommand({ ...Id, Name: 'Renamed queue', Description: 'now named' }));
    expect((await server.connect.send(new DescribeQueueCommand(Id))).Queue).toMatchObject({ Name: 'Renamed queue', Description: 'now named' });
    const other = await queue();
    expect(await rejection(server.connect.send(new UpdateQueueNameCommand({ ...Id, QueueId: other.QueueId!, Name: 'Renamed queue' })))).toMatchObject({ name: 'DuplicateResourceException', status: 409 });
    await server.connect.send(new UpdateQueueOutboundCallerConfigCommand({ ...Id, OutboundCallerConfig: { OutboundCallerIdName: 'Support' } }));

    const qc = await server.connect.send(new CreateQuickConnectCommand({
      InstanceId: server.instanceId, Name: `lc-qc${++n}`, QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: server.defaults.basicQueueId, ContactFlowId: server.defaults.queueTransferFlowId } },
    }));
    await server.connect.send(new AssociateQueueQuickConnectsCommand({ ...Id, QuickConnectIds: [qc.QuickConnectId!] }));
    const listed = await server.connect.send(new ListQueueQuickConnectsCommand(Id));
    expect(listed.QuickConnectSummaryList!.map((q) => q.Id)).toEqual([qc.QuickConnectId]);
    await server.connect.send(new DisassociateQueueQuickConnectsCommand({ ...Id, QuickConnectIds: [qc.QuickConnectId!] }));
    expect((await server.connect.send(new ListQueueQuickConnectsCommand(Id))).QuickConnectSummaryList).toEqual([]);

    const rp = await profile(QueueId!);
    const inUse = await server.connect.send(new DeleteQueueCommand(Id)).catch((e) => e);
    expect(inUse).toMatchObject({ name: 'ResourceInUseException', ResourceId: QueueArn, $metadata: { httpStatusCode: 409 } });
    await server.connect.send(new DeleteRoutingProfileCommand({ InstanceId: server.instanceId, RoutingProfileId: rp.RoutingProfileId! }));
    await server.connect.send(new DeleteQueueCommand(Id));
    expect(await rejection(server.connect.send(new DescribeQueueCommand(Id)))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });
});

describe('routing profiles and users', () => {
  it('changes name, concurrency, queues and default outbound queue; refuses deleting one a user has', async () => {
    const q1 = (await queue()).QueueId!;
    const q2 = (await queue()).QueueId!;
    const rp = (await profile(q1)).RoutingProfileId!;
    const Id = { InstanceId: server.instanceId, RoutingProfileId: rp };
    await server.connect.send(new UpdateRoutingProfileNameCommand({ ...Id, Name: `lc-renamed${++n}` }));
    await server.connect.send(new UpdateRoutingProfileConcurrencyCommand({ ...Id, MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 4 }] }));
    await server.connect.send(new AssociateRoutingProfileQueuesCommand({ ...Id, QueueConfigs: [{ QueueReference: { QueueId: q2, Channel: 'CHAT' }, Priority: 2, Delay: 0 }] }));
    expect(await rejection(server.connect.send(new AssociateRoutingProfileQueuesCommand({ ...Id, QueueConfigs: [{ QueueReference: { QueueId: q2, Channel: 'CHAT' }, Priority: 3, Delay: 0 }] }))))
      .toMatchObject({ name: 'InvalidParameterException', status: 400 });
    await server.connect.send(new UpdateRoutingProfileQueuesCommand({ ...Id, QueueConfigs: [{ QueueReference: { QueueId: q2, Channel: 'CHAT' }, Priority: 1, Delay: 30 }] }));
    await server.connect.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ ...Id, DefaultOutboundQueueId: q2 }));
    const queues = await server.connect.send(new ListRoutingProfileQueuesCommand(Id));
    expect(queues.RoutingProfileQueueConfigSummaryList!.map((c) => [c.QueueId, c.Priority, c.Delay, c.Channel])).toEqual([[q1, 1, 0, 'CHAT'], [q2, 1, 30, 'CHAT']]);
    const described = (await server.connect.send(new DescribeRoutingProfileCommand(Id))).RoutingProfile!;
    expect(described).toMatchObject({ MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 4 }], DefaultOutboundQueueId: q2, NumberOfAssociatedQueues: 2 });
    await server.connect.send(new DisassociateRoutingProfileQueuesCommand({ ...Id, QueueReferences: [{ QueueId: q1, Channel: 'CHAT' }] }));
    expect((await server.connect.send(new ListRoutingProfileQueuesCommand(Id))).RoutingProfileQueueConfigSummaryList!.map((c) => c.QueueId)).toEqual([q2]);

    const user = await server.connect.send(new CreateUserCommand({
      InstanceId: server.instanceId, Username: `lc-user${++n}`, Password: 'Passw0rd!', RoutingProfileId: rp, SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    expect(await rejection(server.connect.send(new DeleteRoutingProfileCommand(Id)))).toMatchObject({ name: 'ResourceInUseException', status: 409 });
    const UserId = user.UserId!;
    await server.connect.send(new UpdateUserRoutingProfileCommand({ InstanceId: server.instanceId, UserId, RoutingProfileId: server.defaults.basicRoutingProfileId }));
    await server.connect.send(new UpdateUserIdentityInfoCommand({ InstanceId: server.instanceId, UserId, IdentityInfo: { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' } }));
    await server.connect.send(new UpdateUserPhoneConfigCommand({ InstanceId: server.instanceId, UserId, PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+15555550100' } }));
    await server.connect.send(new UpdateUserSecurityProfilesCommand({ InstanceId: server.instanceId, UserId, SecurityProfileIds: ['b', 'c'] }));
    await server.connect.send(new UpdateUserHierarchyCommand({ InstanceId: server.instanceId, UserId, HierarchyGroupId: 'team-7' }));
    expect((await server.connect.send(new DescribeUserCommand({ InstanceId: server.instanceId, UserId }))).User).toMatchObject({
      RoutingProfileId: server.defaults.basicRoutingProfileId, IdentityInfo: { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' },
      PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+15555550100' }, SecurityProfileIds: ['b', 'c'], HierarchyGroupId: 'team-7',
    });
    expect(await rejection(server.connect.send(new UpdateUserRoutingProfileCommand({ InstanceId: server.instanceId, UserId, RoutingProfileId: 'no-such-profile' }))))
      .toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    await server.connect.send(new DeleteRoutingProfileCommand(Id));
  });
});

describe('hours, quick connects and agent statuses', () => {
  it('refuses deleting hours a queue uses, and deletes unused hours', async () => {
    const hours = await server.connect.send(new CreateHoursOfOperationCommand({
      InstanceId: server.instanceId, Name: `lc-hours${++n}`, TimeZone: 'Europe/Paris', Config: [{ Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }],
    }));
    const used = await server.connect.send(new CreateQueueCommand({ InstanceId: server.instanceId, Name: `lc-q${++n}`, HoursOfOperationId: hours.HoursOfOperationId! }));
    const del = () => server.connect.send(new DeleteHoursOfOperationCommand({ InstanceId: server.instanceId, HoursOfOperationId: hours.HoursOfOperationId! }));
    expect(await rejection(del())).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    await server.connect.send(new DeleteQueueCommand({ InstanceId: server.instanceId, QueueId: used.QueueId! }));
    await del();
    expect(await rejection(del())).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('describes, renames, reconfigures and deletes a quick connect, which leaves the queues it was in', async () => {
    const qc = await server.connect.send(new CreateQuickConnectCommand({
      InstanceId: server.instanceId, Name: `lc-qc${++n}`, QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: server.defaults.basicQueueId, ContactFlowId: server.defaults.queueTransferFlowId } },
    }));
    const Id = { InstanceId: server.instanceId, QuickConnectId: qc.QuickConnectId! };
    const target = (await queue()).QueueId!;
    await server.connect.send(new UpdateQuickConnectNameCommand({ ...Id, Name: `lc-qc-renamed${++n}`, Description: 'to the new queue' }));
    await server.connect.send(new UpdateQuickConnectConfigCommand({ ...Id, QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: target, ContactFlowId: server.defaults.queueTransferFlowId } } }));
    expect(await rejection(server.connect.send(new UpdateQuickConnectConfigCommand({ ...Id, QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: 'nowhere', ContactFlowId: server.defaults.queueTransferFlowId } } }))))
      .toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    const described = (await server.connect.send(new DescribeQuickConnectCommand(Id))).QuickConnect!;
    expect(described).toMatchObject({ QuickConnectId: qc.QuickConnectId, QuickConnectARN: qc.QuickConnectARN, Description: 'to the new queue', QuickConnectConfig: { QueueConfig: { QueueId: target } } });
    await server.connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: server.instanceId, QueueId: server.defaults.basicQueueId, QuickConnectIds: [qc.QuickConnectId!] }));
    await server.connect.send(new DeleteQuickConnectCommand(Id));
    const left = await server.connect.send(new ListQueueQuickConnectsCommand({ InstanceId: server.instanceId, QueueId: server.defaults.basicQueueId }));
    expect(left.QuickConnectSummaryList!.map((q) => q.Id)).not.toContain(qc.QuickConnectId);
    expect(await rejection(server.connect.send(new DescribeQuickConnectCommand(Id)))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('creates, describes and updates agent statuses; Available cannot be disabled', async () => {
    const created = await server.connect.send(new CreateAgentStatusCommand({ InstanceId: server.instanceId, Name: `Lunch ${++n}`, State: 'ENABLED', DisplayOrder: 3, Tags: { team: 'a' } }));
    const Id = { InstanceId: server.instanceId, AgentStatusId: created.AgentStatusId! };
    await server.connect.send(new UpdateAgentStatusCommand({ ...Id, Description: 'an hour', State: 'DISABLED' }));
    expect((await server.connect.send(new DescribeAgentStatusCommand(Id))).AgentStatus).toMatchObject({
      AgentStatusARN: created.AgentStatusARN, Type: 'CUSTOM', State: 'DISABLED', Description: 'an hour', DisplayOrder: 3, Tags: { team: 'a' },
    });
    const agent = await server.connect.send(new CreateUserCommand({
      InstanceId: server.instanceId, Username: `lc-status${++n}`, Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId, SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    expect(await rejection(server.connect.send(new PutUserStatusCommand({ InstanceId: server.instanceId, UserId: agent.UserId!, AgentStatusId: created.AgentStatusId! }))))
      .toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    const statuses = (await server.connect.send(new ListAgentStatusesCommand({ InstanceId: server.instanceId }))).AgentStatusSummaryList!;
    expect(statuses.map((s) => s.Id)).toContain(created.AgentStatusId);
    const available = statuses.find((s) => s.Name === 'Available')!;
    expect(await rejection(server.connect.send(new UpdateAgentStatusCommand({ InstanceId: server.instanceId, AgentStatusId: available.Id!, State: 'DISABLED' }))))
      .toMatchObject({ name: 'InvalidRequestException', status: 400 });
  });
});

describe('tags', () => {
  it('tags, lists and untags an instance and a queue by ARN; unknown ARNs and reserved keys are refused', async () => {
    const instanceArn = (await server.connect.send(new DescribeInstanceCommand({ InstanceId: server.instanceId }))).Instance!.Arn!;
    const { QueueArn } = await queue();
    for (const resourceArn of [instanceArn, QueueArn!]) {
      await server.connect.send(new TagResourceCommand({ resourceArn, tags: { env: 'test', owner: 'team-a' } }));
      await server.connect.send(new TagResourceCommand({ resourceArn, tags: { owner: 'team-b' } }));
      expect((await server.connect.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({ env: 'test', owner: 'team-b' });
      await server.connect.send(new UntagResourceCommand({ resourceArn, tagKeys: ['env'] }));
      expect((await server.connect.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({ owner: 'team-b' });
    }
    expect((await server.connect.send(new DescribeInstanceCommand({ InstanceId: server.instanceId }))).Instance!.Tags).toEqual({ owner: 'team-b' });
    expect((await server.connect.send(new DescribeQueueCommand({ InstanceId: server.instanceId, QueueId: QueueArn! }))).Queue!.Tags).toEqual({ owner: 'team-b' });
    expect(await rejection(server.connect.send(new ListTagsForResourceCommand({ resourceArn: `${instanceArn}/queue/nope` })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(await rejection(server.connect.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:connect:us-east-1:000000000000:instance/nope' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(await rejection(server.connect.send(new TagResourceCommand({ resourceArn: QueueArn!, tags: { 'aws:owner': 'x' } })))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });
});
