// GetMetricDataV2 through the AWS SDK over chats driven through public APIs on a manual clock: one chat answered
// after 30 s in queue and handled for 2 minutes, one abandoned in queue; per queue, per interval, and a metric
// without data answered without a Value.
import {
  CreateQueueCommand, CreateRoutingProfileCommand, CreateUserCommand, DescribeInstanceCommand, GetMetricDataV2Command,
  StartChatContactCommand, TransferContactCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { AgentClient } from '../helpers/agent-client.js';
import { rejection } from '../helpers/aws-errors.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const T0 = Date.UTC(2026, 10, 23, 12, 0);
const clock = new ManualClock(T0);
let server: TestServer;
let agent: AgentClient | undefined;
beforeAll(async () => {
  server = await startTestServer({ clock, sweepTimers: false });
});
afterAll(async () => {
  agent?.close();
  await server?.close();
});

describe('GetMetricDataV2', () => {
  it('counts handled and abandoned chats, queue answer and handle times, per queue and per hour', async () => {
    const InstanceId = server.instanceId;
    const queue = (await server.connect.send(new CreateQueueCommand({ InstanceId, Name: 'Metrics queue', HoursOfOperationId: server.defaults.basicHoursId }))).QueueId!;
    const profile = await server.connect.send(new CreateRoutingProfileCommand({
      InstanceId, Name: 'Metrics profile', Description: 'x', DefaultOutboundQueueId: queue,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }], QueueConfigs: [{ QueueReference: { QueueId: queue, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
    }));
    const user = await server.connect.send(new CreateUserCommand({
      InstanceId, Username: 'metrics.agent', Password: 'Passw0rd!', RoutingProfileId: profile.RoutingProfileId!, SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    const chatInQueue = async () => {
      const started = await server.connect.send(new StartChatContactCommand({ InstanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Metered' } }));
      const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
      const moved = await server.connect.send(new TransferContactCommand({ InstanceId, ContactId: started.ContactId!, QueueId: queue, ContactFlowId: server.defaults.queueTransferFlowId }));
      return { contactId: moved.ContactId!, token: conn.ConnectionCredentials!.ConnectionToken! };
    };

    // Abandoned: the customer leaves after 10 s in queue, no agent online.
    const gone = await chatInQueue();
    clock.advance(10_000);
    await server.participant.send(new DisconnectParticipantCommand({ ConnectionToken: gone.token }));

    // Handled: in queue 30 s, then an agent takes it and ends it 2 minutes later (the next hour).
    clock.advance(3_600_000);
    const answered = await chatInQueue();
    clock.advance(30_000);
    agent = new AgentClient(server.app.localUrl);
    await agent.login('metrics.agent', 'Passw0rd!', InstanceId);
    await agent.setStatus('Available');
    await agent.next((n) => n.type === 'offer' && n.contactId === answered.contactId);
    await agent.accept(answered.contactId);
    clock.advance(120_000);
    await agent.call('POST', `/contacts/${answered.contactId}/end`);

    const ResourceArn = (await server.connect.send(new DescribeInstanceCommand({ InstanceId }))).Instance!.Arn!;
    const Metrics = ['CONTACTS_QUEUED', 'CONTACTS_HANDLED', 'CONTACTS_ABANDONED', 'AVG_QUEUE_ANSWER_TIME', 'AVG_HANDLE_TIME', 'SERVICE_LEVEL'].map((Name) => ({ Name }));
    const span = { ResourceArn, StartTime: new Date(T0), EndTime: new Date(T0 + 2 * 3_600_000), Filters: [{ FilterKey: 'QUEUE', FilterValues: [queue] }], Metrics };
    const total = await server.connect.send(new GetMetricDataV2Command({ ...span, Groupings: ['QUEUE'] }));
    expect(total.MetricResults).toHaveLength(1);
    const result = total.MetricResults![0]!;
    expect(result.Dimensions).toEqual({ QUEUE: queue });
    expect(result.MetricInterval).toEqual({ Interval: 'TOTAL', StartTime: new Date(T0), EndTime: new Date(T0 + 2 * 3_600_000) });
    const values = Object.fromEntries(result.Collections!.map((c) => [c.Metric!.Name, c.Value]));
    expect(values).toEqual({ CONTACTS_QUEUED: 2, CONTACTS_HANDLED: 1, CONTACTS_ABANDONED: 1, AVG_QUEUE_ANSWER_TIME: 30, AVG_HANDLE_TIME: 120, SERVICE_LEVEL: undefined });
    expect(result.Collections!.find((c) => c.Metric!.Name === 'SERVICE_LEVEL')).toEqual({ Metric: { Name: 'SERVICE_LEVEL' } });

    const hourly = await server.connect.send(new GetMetricDataV2Command({ ...span, Interval: { IntervalPeriod: 'HOUR' }, Metrics: [{ Name: 'CONTACTS_HANDLED' }, { Name: 'CONTACTS_ABANDONED' }] }));
    const byHour = hourly.MetricResults!.map((r) => [r.MetricInterval!.StartTime!.getTime() - T0, ...r.Collections!.map((c) => c.Value)]).sort((a, b) => a[0]! - b[0]!);
    expect(byHour).toEqual([[0, 0, 1], [3_600_000, 1, 0]]);

    const byAgent = await server.connect.send(new GetMetricDataV2Command({ ...span, Filters: [{ FilterKey: 'AGENT', FilterValues: [user.UserId!] }], Groupings: ['AGENT'], Metrics: [{ Name: 'CONTACTS_HANDLED' }] }));
    expect(byAgent.MetricResults!.map((r) => [r.Dimensions, r.Collections![0]!.Value])).toEqual([[{ AGENT: user.UserId }, 1]]);

    expect(await rejection(server.connect.send(new GetMetricDataV2Command({ ...span, Filters: [{ FilterKey: 'CHANNEL', FilterValues: ['CHAT'] }] }))))
      .toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(await rejection(server.connect.send(new GetMetricDataV2Command({ ...span, EndTime: new Date(T0 - 1) })))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });
});
