// Contact events (docs/contact-events.md), received the way an integration receives them: a real HTTP endpoint gets
// Amazon's "Amazon Connect Contact Event" documents for a chat's life — started, queued, attributes updated, taken
// by an agent, ended — in order, each signed; an endpoint that fails gets the same events again, still in order.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartChatContactCommand, StopContactCommand, UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentClient, newAgent } from '../helpers/agent-client.js';
import { eventually } from '../helpers/eventually.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const SECRET = 'contact-events-test-secret';

interface Received {
  id: string;
  signature: string;
  body: string;
  event: { id: string; source: string; 'detail-type': string; account: string; region: string; resources: string[]; detail: Record<string, any> };
}

/** An integration's endpoint: keeps what it is sent; refuses the next `failNext` deliveries with a 503. */
class Receiver {
  readonly received: Received[] = [];
  failNext = 0;
  refused = 0;
  private server!: Server;
  url = '';

  async start() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (this.failNext > 0) {
          this.failNext--;
          this.refused++;
          res.writeHead(503).end();
          return;
        }
        this.received.push({ id: String(req.headers['x-switchboard-event-id']), signature: String(req.headers['x-switchboard-signature']), body, event: JSON.parse(body) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/events`;
  }

  of(contactId: string) {
    return this.received.filter((r) => r.event.detail.contactId === contactId).map((r) => r.event.detail.eventType as string);
  }

  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

let receiver: Receiver;
let server: TestServer;
let agent: AgentClient;

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.start();
  server = await startTestServer({ env: { SWITCHBOARD_CONTACT_EVENT_ENDPOINTS: receiver.url, SWITCHBOARD_CONTACT_EVENT_SECRET: SECRET } });
  agent = await newAgent(server, 'events-agent');
});
afterAll(async () => {
  agent?.close();
  await server?.close();
  await receiver?.stop();
});

const start = async (name: string) => (await server.connect.send(new StartChatContactCommand({
  InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: name },
}))).ContactId!;

describe('contact events to an HTTP endpoint', () => {
  it("delivers a chat's events in order, shaped as Amazon's and signed", async () => {
    const contactId = await start('Evented');
    await eventually('the chat was queued', () => receiver.of(contactId).includes('QUEUED'));
    await server.connect.send(new UpdateContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: contactId, Attributes: { tier: 'gold' } }));
    await agent.setStatus('Available');
    await agent.next((n) => n.type === 'offer' && n.contactId === contactId);
    await agent.accept(contactId);
    await agent.setStatus('Offline');
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: contactId }));
    await eventually('the chat completed', () => receiver.of(contactId).includes('COMPLETED'));

    expect(receiver.of(contactId)).toEqual(['INITIATED', 'QUEUED', 'CONTACT_DATA_UPDATED', 'CONNECTED_TO_AGENT', 'DISCONNECTED', 'COMPLETED']);
    const events = receiver.received.filter((r) => r.event.detail.contactId === contactId);
    for (const r of events) {
      expect(r.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
      expect(r.id).toBe(r.event.id);
      expect(r.event).toMatchObject({ source: 'aws.connect', 'detail-type': 'Amazon Connect Contact Event', account: '123456789012', region: 'us-east-1' });
      expect(r.event.resources[0]).toMatch(new RegExp(`^arn:aws:connect:us-east-1:123456789012:instance/${server.instanceId}/contact/${contactId}$`));
      expect(r.event.detail).toMatchObject({ contactId, initialContactId: contactId, channel: 'CHAT', initiationMethod: 'API' });
    }
    const [, queued, updated, connected, disconnected] = events.map((r) => r.event.detail);
    expect(queued!.queueInfo).toMatchObject({ queueArn: expect.stringMatching(new RegExp(`/queue/${server.defaults.basicQueueId}$`)), queueType: 'STANDARD' });
    expect(updated!.updatedProperties).toEqual(['Attributes']);
    expect(connected!.agentInfo.agentArn).toMatch(/\/agent\/[\w-]+$/);
    expect(Date.parse(connected!.agentInfo.connectedToAgentTimestamp)).not.toBeNaN();
    expect(Date.parse(disconnected!.disconnectTimestamp)).not.toBeNaN();
  });

  it('delivers again, in the same order, what a failing endpoint refused', async () => {
    receiver.failNext = 3;
    const [a, b] = [await start('Retried A'), await start('Retried B')];
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: a }));
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: b }));
    await eventually('both chats completed at the endpoint', () => receiver.of(a).includes('COMPLETED') && receiver.of(b).includes('COMPLETED'), 20_000);
    expect(receiver.refused).toBe(3);
    expect(receiver.of(a)).toEqual(['INITIATED', 'QUEUED', 'DISCONNECTED', 'COMPLETED']);
    expect(receiver.of(b)).toEqual(['INITIATED', 'QUEUED', 'DISCONNECTED', 'COMPLETED']);
    // Each event arrived once: nothing after a refusal was delivered ahead of it.
    const ids = receiver.received.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 30_000);
});
