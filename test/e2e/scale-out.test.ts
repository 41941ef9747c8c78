// Two Switchboard nodes sharing real PostgreSQL and Redis: a customer connected to one node talks with a
// bot connected to the other, and concurrent requests racing on one ClientToken across nodes get one contact.
import { CreateParticipantCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ChatSocket, contentType } from '../helpers/chat-socket.js';
import { type SharedNodes, startSharedNodes } from '../helpers/shared-nodes.js';
import type { TestServer } from '../helpers/test-server.js';

let cluster: SharedNodes;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  cluster = await startSharedNodes(2);
  [a, b] = cluster.nodes as [TestServer, TestServer];
});
afterAll(async () => {
  await cluster?.close();
});

describe('two nodes on PostgreSQL + Redis', () => {
  it('share one default instance', () => {
    expect(b.instanceId).toBe(a.instanceId);
  });

  it('deliver a message sent on one node to a socket on the other', async () => {
    const started = await a.connect.send(new StartChatContactCommand({
      InstanceId: a.instanceId, ContactFlowId: a.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Across' },
    }));
    const customerConn = await a.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    const customerSocket = await ChatSocket.open(customerConn.Websocket!.Url!);
    const bot = await b.connect.send(new CreateParticipantCommand({
      InstanceId: b.instanceId, ContactId: started.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Node B bot' },
    }));
    const botConn = await b.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: bot.ParticipantCredentials!.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    const botSocket = await ChatSocket.open(botConn.Websocket!.Url!);
    await customerSocket.next((i) => i.ContentType === contentType.joined && i.ParticipantRole === 'CUSTOM_BOT');

    const fromB = await b.participant.send(new SendMessageCommand({ ConnectionToken: botConn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'hello from node B' }));
    expect((await customerSocket.next((i) => i.Id === fromB.Id)).Content).toBe('hello from node B');
    // A connection token minted on node A works on node B: all state is in the shared store.
    const fromA = await b.participant.send(new SendMessageCommand({ ConnectionToken: customerConn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'hi B, via B' }));
    await botSocket.next((i) => i.Id === fromA.Id);
    const transcript = await a.participant.send(new GetTranscriptCommand({ ConnectionToken: customerConn.ConnectionCredentials!.ConnectionToken!, SortOrder: 'ASCENDING' }));
    expect(transcript.Transcript!.map((i) => i.Id)).toEqual(expect.arrayContaining([fromA.Id, fromB.Id]));
    customerSocket.close();
    botSocket.close();
  });

  it('resolve a ClientToken race across nodes to one contact', async () => {
    const req = { InstanceId: a.instanceId, ContactFlowId: a.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Race' }, ClientToken: `race-${Date.now()}` };
    const results = await Promise.all([a, b, a, b].map((node) => node.connect.send(new StartChatContactCommand(req))));
    expect(new Set(results.map((r) => r.ContactId)).size).toBe(1);
    expect(new Set(results.map((r) => r.ParticipantId)).size).toBe(1);
  });

  it('resolve a SendMessage ClientToken race across nodes to one message, and refuse no request of it', async () => {
    const started = await a.connect.send(new StartChatContactCommand({
      InstanceId: a.instanceId, ContactFlowId: a.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Message race' },
    }));
    const conn = await a.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
    const token = conn.ConnectionCredentials!.ConnectionToken!;
    for (let round = 0; round < 5; round++) {
      const req = { ConnectionToken: token, ContentType: 'text/plain', Content: `once ${round}`, ClientToken: `message-race-${round}-${Date.now()}` };
      const results = await Promise.all([a, b, a, b].map((node) => node.participant.send(new SendMessageCommand(req))));
      expect(new Set(results.map((r) => r.Id)).size).toBe(1);
      expect(new Set(results.map((r) => r.AbsoluteTime)).size).toBe(1);
    }
    const transcript = await b.participant.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING', MaxResults: 100 }));
    const sent = transcript.Transcript!.filter((i) => i.Type === 'MESSAGE' && i.Content?.startsWith('once '));
    expect(sent.map((i) => i.Content)).toEqual(['once 0', 'once 1', 'once 2', 'once 3', 'once 4']);
  });

  it('push a repeated SendMessage once: the repeat replays the first answer and pushes nothing', async () => {
    const started = await a.connect.send(new StartChatContactCommand({
      InstanceId: a.instanceId, ContactFlowId: a.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Repeat' },
    }));
    const conn = await a.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    const socket = await ChatSocket.open(conn.Websocket!.Url!);
    const token = conn.ConnectionCredentials!.ConnectionToken!;
    const req = { ConnectionToken: token, ContentType: 'text/plain', Content: 'said once', ClientToken: `repeat-${Date.now()}` };
    const first = await a.participant.send(new SendMessageCommand(req));
    const again = await b.participant.send(new SendMessageCommand(req));
    expect(again).toMatchObject({ Id: first.Id, AbsoluteTime: first.AbsoluteTime });
    const after = await a.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'said after' }));
    // Pushes of one chat arrive in order: once the later message is here, any push of the repeat would be too.
    await socket.next((i) => i.Id === after.Id);
    expect(socket.items.filter((i) => i.Content === 'said once').map((i) => i.Id)).toEqual([first.Id]);
    socket.close();
  });

  it('pushes to a socket every message sent once it is open, with no window while Redis subscribes', async () => {
    for (let n = 0; n < 20; n++) {
      const started = await a.connect.send(new StartChatContactCommand({
        InstanceId: a.instanceId, ContactFlowId: a.defaults.inboundFlowId, ParticipantDetails: { DisplayName: `Opener ${n}` },
      }));
      const conn = await b.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
      // Opened on node B, the message sent through node A the moment the socket is open (no subscribe frame first).
      const ws = new WebSocket(conn.Websocket!.Url!);
      const got = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`chat ${n}: the message never arrived`)), 3000);
        ws.on('message', (d) => {
          const frame = JSON.parse(d.toString()) as { content?: string };
          const item = frame.content ? (JSON.parse(frame.content) as { Content?: string }) : {};
          if (item.Content === `right away ${n}`) (clearTimeout(timer), resolve(item.Content));
        });
      });
      await new Promise((r) => ws.once('open', r));
      await a.participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: `right away ${n}` }));
      expect(await got).toBe(`right away ${n}`);
      ws.close();
    }
  });
});
