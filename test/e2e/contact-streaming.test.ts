// StartContactStreaming / StopContactStreaming through the SDK, with real HTTP endpoints standing for the SNS topics
// (SWITCHBOARD_STREAMING_ENDPOINTS): items after the start arrive in order as SNS notifications with Amazon's
// message attributes, a failing endpoint gets them again until it takes them, a stopped stream gets nothing more,
// and the stream ends with the chat.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartChatContactCommand, StartContactStreamingCommand, StopContactCommand, StopContactStreamingCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../helpers/aws-errors.js';
import { eventually } from '../helpers/eventually.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

interface Notification {
  Type: string;
  TopicArn: string;
  Message: string;
  MessageAttributes: Record<string, { Type: string; Value: string }>;
}

/** An HTTP endpoint that records notifications; it refuses the first `failFirst` with 500. */
async function endpoint(failFirst = 0) {
  const received: { headers: Record<string, unknown>; body: Notification }[] = [];
  let refused = 0;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      if (refused < failFirst) {
        refused++;
        res.writeHead(500).end();
        return;
      }
      received.push({ headers: req.headers, body: JSON.parse(text) as Notification });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const contents = () => received.map((n) => (JSON.parse(n.body.Message) as { Content?: string }).Content ?? (JSON.parse(n.body.Message) as { ContentType: string }).ContentType);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns`, received, contents, refusals: () => refused, close: () => new Promise((r) => server.close(r)) };
}

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:chat-stream';
const FLAKY_TOPIC = 'arn:aws:sns:us-east-1:123456789012:flaky-stream';
const THIRD_TOPIC = 'arn:aws:sns:us-east-1:123456789012:third-stream';
let server: TestServer;
let steady: Awaited<ReturnType<typeof endpoint>>;
let flaky: Awaited<ReturnType<typeof endpoint>>;
beforeAll(async () => {
  steady = await endpoint();
  flaky = await endpoint(2);
  server = await startTestServer({ env: { SWITCHBOARD_STREAMING_ENDPOINTS: JSON.stringify({ [TOPIC]: steady.url, [FLAKY_TOPIC]: flaky.url, [THIRD_TOPIC]: steady.url }) } });
});
afterAll(async () => {
  await server?.close();
  await steady?.close();
  await flaky?.close();
});

async function chat() {
  const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Streamed' } }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  const token = conn.ConnectionCredentials!.ConnectionToken!;
  return { contactId: started.ContactId!, say: (Content: string) => server.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content })) };
}
const start = (ContactId: string, StreamingEndpointArn: string) =>
  server.connect.send(new StartContactStreamingCommand({ InstanceId: server.instanceId, ContactId, ChatStreamingConfiguration: { StreamingEndpointArn } }));

describe('chat streaming', () => {
  it('delivers the items after the start in order, retries a failing endpoint, stops on request and when the chat ends', async () => {
    const c = await chat();
    await c.say('before the stream');
    const steadyStream = await start(c.contactId, TOPIC);
    await start(c.contactId, FLAKY_TOPIC);
    expect(steadyStream.StreamingId).toMatch(/^[0-9a-f-]{36}$/);
    for (const text of ['one', 'two', 'three']) await c.say(text);
    await eventually('the steady endpoint has the three messages', () => steady.contents().filter((x) => ['one', 'two', 'three'].includes(x)).length === 3);
    await eventually('the flaky endpoint has them too, after its refusals', () => flaky.contents().filter((x) => ['one', 'two', 'three'].includes(x)).length === 3);
    expect(flaky.refusals()).toBe(2);
    for (const e of [steady, flaky]) {
      expect(e.contents().filter((x) => !x.startsWith('application/'))).toEqual(['one', 'two', 'three']);
    }
    const first = steady.received.find((n) => n.body.Message.includes('"one"'))!;
    expect(first.headers['x-amz-sns-message-type']).toBe('Notification');
    expect(first.body).toMatchObject({ Type: 'Notification', TopicArn: TOPIC });
    expect(JSON.parse(first.body.Message)).toMatchObject({ Type: 'MESSAGE', ContentType: 'text/plain', Content: 'one', ParticipantRole: 'CUSTOMER', InitialContactId: c.contactId });
    expect(first.body.MessageAttributes).toMatchObject({
      InitialContactId: { Type: 'String', Value: c.contactId }, ContactId: { Type: 'String', Value: c.contactId },
      ParticipantRole: { Type: 'String', Value: 'CUSTOMER' }, InstanceId: { Type: 'String', Value: server.instanceId },
      Type: { Type: 'String', Value: 'MESSAGE' }, ContentType: { Type: 'String', Value: 'text/plain' }, MessageVisibility: { Type: 'String', Value: 'ALL' },
    });

    // Stopped: the steady stream gets nothing more; the flaky one, still on, shows what came after.
    await server.connect.send(new StopContactStreamingCommand({ InstanceId: server.instanceId, ContactId: c.contactId, StreamingId: steadyStream.StreamingId! }));
    await c.say('after the stop');
    await eventually('the running stream has the later message', () => flaky.contents().includes('after the stop'));
    expect(steady.contents()).not.toContain('after the stop');

    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: c.contactId }));
    await eventually('the running stream delivered chat.ended', () => flaky.contents().includes('application/vnd.amazonaws.connect.event.chat.ended'));
    expect(await rejection(server.connect.send(new StopContactStreamingCommand({ InstanceId: server.instanceId, ContactId: c.contactId, StreamingId: 'nope' }))))
      .toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('refuses what cannot stream, with the modelled errors', async () => {
    const c = await chat();
    expect(await rejection(start(c.contactId, 'arn:aws:sqs:us-east-1:123456789012:not-a-topic'))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(await rejection(start(c.contactId, 'arn:aws:sns:us-east-1:123456789012:unconfigured'))).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    expect(await rejection(start('no-such-contact', TOPIC))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    const one = await start(c.contactId, TOPIC);
    expect((await start(c.contactId, TOPIC)).StreamingId).toBe(one.StreamingId);
    await start(c.contactId, FLAKY_TOPIC);
    // API reference: LimitExceededException — a chat streams to at most two endpoints at once.
    expect(await rejection(start(c.contactId, THIRD_TOPIC))).toMatchObject({ name: 'LimitExceededException', status: 429 });
    await server.connect.send(new StopContactStreamingCommand({ InstanceId: server.instanceId, ContactId: c.contactId, StreamingId: one.StreamingId! }));
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: c.contactId }));
    expect(await rejection(start(c.contactId, TOPIC))).toMatchObject({ name: 'InvalidRequestException', status: 400 });
  });
});
