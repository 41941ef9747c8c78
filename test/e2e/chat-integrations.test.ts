// Chats on external messaging channels through the AWS SDK: SendChatIntegrationEvent starts a chat for a new
// conversation and continues it afterwards, the customer's side arriving through the Participant Service's rules and
// the other side reaching them through a streaming endpoint; StartOutboundChatContact starts a chat toward a customer
// whose replies then continue it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeContactCommand, DescribeContactFlowCommand, SendChatIntegrationEventCommand, StartContactStreamingCommand, StartOutboundChatContactCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../helpers/aws-errors.js';
import { eventually } from '../helpers/eventually.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:sms-out';
let server: TestServer;
let sink: Server;
const delivered: { Type: string; ContentType: string; Content?: string; ParticipantRole?: string; InitialContactId: string }[] = [];
let flowArn: string;

beforeAll(async () => {
  sink = createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      delivered.push(JSON.parse((JSON.parse(text) as { Message: string }).Message));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  server = await startTestServer({ env: { SWITCHBOARD_STREAMING_ENDPOINTS: JSON.stringify({ [TOPIC]: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/` }) } });
  flowArn = (await server.connect.send(new DescribeContactFlowCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId }))).ContactFlow!.Arn!;
});
afterAll(async () => {
  await server?.close();
  await new Promise((r) => sink?.close(r));
});

const customer = '+15557654321';
const sms = (Content: string, extra: Record<string, unknown> = {}) => server.connect.send(new SendChatIntegrationEventCommand({
  SourceId: customer, DestinationId: flowArn, Subtype: 'connect:SMS', Event: { Type: 'MESSAGE', ContentType: 'text/plain', Content }, ...extra,
}));
const of = (chat: string) => delivered.filter((d) => d.InitialContactId === chat);

describe('SendChatIntegrationEvent', () => {
  it('starts a chat for a new conversation, continues it, ends it on DISCONNECT, and starts another after', async () => {
    const first = await sms('Hi, my parcel is late', {
      NewSessionDetails: { ParticipantDetails: { DisplayName: 'SMS customer' }, Attributes: { channel: 'sms' }, StreamingConfiguration: { StreamingEndpointArn: TOPIC } },
    });
    expect(first.NewChatCreated).toBe(true);
    const chat = first.InitialContactId!;
    const described = (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: chat }))).Contact!;
    expect(described).toMatchObject({ Channel: 'CHAT', Attributes: { channel: 'sms' }, SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:SMS' } } });
    // The customer gets the flow's greeting through the stream, from the chat's first item on.
    await eventually('the greeting and the first message are streamed', () =>
      of(chat).some((d) => d.ParticipantRole === 'SYSTEM' && d.Type === 'MESSAGE') && of(chat).some((d) => d.Content === 'Hi, my parcel is late'));
    expect(of(chat).find((d) => d.Content === 'Hi, my parcel is late')).toMatchObject({ ParticipantRole: 'CUSTOMER', Type: 'MESSAGE' });

    const second = await sms('Order 77');
    expect(second).toMatchObject({ InitialContactId: chat, NewChatCreated: false });
    await server.connect.send(new SendChatIntegrationEventCommand({ SourceId: customer, DestinationId: flowArn, Subtype: 'connect:SMS', Event: { Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.typing' } }));
    await server.connect.send(new SendChatIntegrationEventCommand({ SourceId: customer, DestinationId: flowArn, Subtype: 'connect:SMS', Event: { Type: 'DISCONNECT' } }));
    await eventually('the end is streamed', () => of(chat).some((d) => d.ContentType === 'application/vnd.amazonaws.connect.event.chat.ended'));
    expect(of(chat).filter((d) => d.ParticipantRole === 'CUSTOMER' && d.Type === 'MESSAGE').map((d) => d.Content)).toEqual(['Hi, my parcel is late', 'Order 77']);

    const later = await sms('Me again');
    expect(later.NewChatCreated).toBe(true);
    expect(later.InitialContactId).not.toBe(chat);
  });

  it('refuses unknown destinations and a DISCONNECT without a chat', async () => {
    expect(await rejection(server.connect.send(new SendChatIntegrationEventCommand({ SourceId: 'x', DestinationId: '+10000000000', Event: { Type: 'MESSAGE', ContentType: 'text/plain', Content: 'hi' } }))))
      .toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(await rejection(server.connect.send(new SendChatIntegrationEventCommand({ SourceId: '+19999999999', DestinationId: flowArn, Event: { Type: 'DISCONNECT' } }))))
      .toMatchObject({ name: 'InvalidRequestException', status: 400 });
  });
});

describe('StartOutboundChatContact', () => {
  it('starts an OUTBOUND chat with its first system message; the customer reply continues it', async () => {
    const business = '+15550001111';
    const to = '+15551112222';
    const out = await server.connect.send(new StartOutboundChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId,
      SourceEndpoint: { Type: 'CONNECT_PHONENUMBER_ARN', Address: business }, DestinationEndpoint: { Type: 'TELEPHONE_NUMBER', Address: to },
      SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:SMS' } }, ParticipantDetails: { DisplayName: 'Pat' },
      InitialSystemMessage: { ContentType: 'text/plain', Content: 'Your appointment is tomorrow at 10. Reply to change it.' },
    }));
    const chat = out.ContactId!;
    expect((await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: chat }))).Contact).toMatchObject({ InitiationMethod: 'OUTBOUND' });
    await server.connect.send(new StartContactStreamingCommand({ InstanceId: server.instanceId, ContactId: chat, ChatStreamingConfiguration: { StreamingEndpointArn: TOPIC } }));
    const reply = await server.connect.send(new SendChatIntegrationEventCommand({
      SourceId: to, DestinationId: business, Subtype: 'connect:SMS', Event: { Type: 'MESSAGE', ContentType: 'text/plain', Content: 'Can we do 11?' },
    }));
    expect(reply).toMatchObject({ InitialContactId: chat, NewChatCreated: false });
    await eventually('the reply is streamed', () => of(chat).some((d) => d.Content === 'Can we do 11?'));
    expect(await rejection(server.connect.send(new StartOutboundChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, SourceEndpoint: { Type: 'TELEPHONE_NUMBER', Address: business },
      DestinationEndpoint: { Type: 'TELEPHONE_NUMBER', Address: to }, SegmentAttributes: { other: { ValueString: 'x' } },
    })))).toMatchObject({ name: 'InvalidRequestException', status: 400 });
  });
});
