// Socket rules of fault injection, as a client's test uses them: a dropped participant socket that amazon-connect-
// chatjs recovers from by itself, a stalled socket that receives nothing (not even heartbeat answers) until the rule
// is removed, and pushes delayed in order.
import { CreateParticipantCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall } from '../helpers/admin-client.js';
import { ChatSocket } from '../helpers/chat-socket.js';
import { type ChatjsItem, createCustomerSession, connectAndOpenSocket, loadChatjs, waitFor } from '../helpers/chatjs.js';
import { REGION, type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_FAULT_INJECTION: 'true' } });
});
afterAll(async () => {
  await server?.close();
});

/** A chat with a CUSTOM_BOT that talks to the customer through the public APIs. */
async function chatWithBot(name: string) {
  const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: name } }));
  const bot = await server.connect.send(new CreateParticipantCommand({
    InstanceId: server.instanceId, ContactId: started.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' },
  }));
  const botConn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: bot.ParticipantCredentials!.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  const botSays = (Content: string) => server.participant.send(new SendMessageCommand({ ConnectionToken: botConn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content }));
  return { started, botSays };
}

async function rawCustomerSocket(started: { ParticipantToken?: string }) {
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET'] }));
  return ChatSocket.open(conn.Websocket!.Url!);
}

describe('socket fault rules', () => {
  it('drops a chat\'s socket as a network cut would; chatjs reconnects by itself and gets what follows', async () => {
    const { started, botSays } = await chatWithBot('Dropped');
    const session = createCustomerSession(loadChatjs(server.app.url, REGION), started, REGION);
    const received: ChatjsItem[] = [];
    session.onMessage((e) => received.push(e.data));
    let established = 0;
    session.onConnectionEstablished(() => established++);
    await connectAndOpenSocket(session);
    const lost = waitFor<void>((resolve) => session.onConnectionLost(() => resolve()), 'the connection lost');
    const before = established;
    const rule = await adminCall(server, 'POST', '/faults', { socket: 'drop', contactId: started.ContactId, remaining: 1 });
    expect(rule.status).toBe(200);
    await lost;
    await waitFor<void>((resolve) => {
      const poll = () => (established > before ? resolve() : setTimeout(poll, 50));
      poll();
    }, 'chatjs to reconnect');
    await botSays('after the drop');
    await waitFor<void>((resolve) => {
      const poll = () => (received.some((i) => i.Content === 'after the drop') ? resolve() : setTimeout(poll, 20));
      poll();
    }, 'the message after the reconnect');
    // One socket dropped, and the rule is used up: the new socket stays.
    expect((await adminCall(server, 'GET', '/faults')).body.rules).toEqual([]);
    await session.disconnectParticipant();
  }, 30_000);

  it('stalls a socket: nothing is pushed or answered until the rule is removed', async () => {
    const { started, botSays } = await chatWithBot('Stalled');
    const socket = await rawCustomerSocket(started);
    const rule = (await adminCall(server, 'POST', '/faults', { socket: 'stall', contactId: started.ContactId })).body as { id: string };
    await botSays('while stalled');
    socket.ws.send(JSON.stringify({ topic: 'aws/heartbeat' }));
    expect((await adminCall(server, 'DELETE', `/faults/${rule.id}`)).status).toBe(200);
    await botSays('after the stall');
    await socket.next((i) => i.Content === 'after the stall');
    socket.ws.send(JSON.stringify({ topic: 'aws/ping' }));
    await socket.frame((f) => f.topic === 'aws/ping');
    // Pushes keep their order, so the one sent during the stall would have come first: it was swallowed, as was the
    // heartbeat sent during the stall (the ping after it was answered).
    expect(socket.items.map((i) => i.Content)).not.toContain('while stalled');
    expect(socket.frames.filter((f) => f.topic === 'aws/heartbeat')).toEqual([]);
    socket.close();
  });

  it('delays pushes, in order', async () => {
    const { started, botSays } = await chatWithBot('Delayed');
    const socket = await rawCustomerSocket(started);
    const rule = (await adminCall(server, 'POST', '/faults', { pushDelayMs: 400, contactId: started.ContactId })).body as { id: string };
    const t0 = Date.now();
    await botSays('first');
    await botSays('second');
    await socket.next((i) => i.Content === 'second');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(socket.items.filter((i) => i.Type === 'MESSAGE').map((i) => i.Content).slice(-2)).toEqual(['first', 'second']);
    expect(((await adminCall(server, 'GET', '/faults')).body.rules as { id: string; hits: number }[]).find((r) => r.id === rule.id)!.hits).toBeGreaterThanOrEqual(2);
    socket.close();
  });

  it('refuses socket rules that mix in call scopes or errors', async () => {
    const mixed = await adminCall(server, 'POST', '/faults', { socket: 'drop', error: 'ThrottlingException' });
    expect(mixed.status).toBe(400);
    expect(mixed.body.message).toMatch(/scoped by contactId only/);
    expect((await adminCall(server, 'POST', '/faults', { socket: 'explode' })).status).toBe(400);
    expect((await adminCall(server, 'POST', '/faults', { socket: 'stall', remaining: 2 })).status).toBe(400);
  });
});
