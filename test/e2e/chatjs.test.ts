// The official amazon-connect-chatjs 5 bundle, unmodified, as a customer against Switchboard in Node:
// it connects, receives and sends, survives a dropped socket, and sees the chat end.
import { CreateParticipantCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatjsItem, createCustomerSession, loadChatjs, waitFor } from '../helpers/chatjs.js';
import { buildSeedSession } from '../helpers/seed-session.js';
import { REGION, type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('amazon-connect-chatjs as the customer', () => {
  it('connects, talks with a bot, survives a dropped socket and sees chat.ended', async () => {
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Chatjs Customer' },
    }));
    const chatjs = loadChatjs(server.app.url, REGION);
    const session = createCustomerSession(chatjs, started, REGION);
    const received: ChatjsItem[] = [];
    const listeners: ((i: ChatjsItem) => void)[] = [];
    session.onMessage((e) => {
      received.push(e.data);
      for (const l of listeners) l(e.data);
    });
    const nextItem = (match: (i: ChatjsItem) => boolean, what: string) =>
      waitFor<ChatjsItem>((resolve) => {
        const seen = received.find(match);
        if (seen) resolve(seen);
        else listeners.push((i) => match(i) && resolve(i));
      }, what);
    let established = 0;
    session.onConnectionEstablished(() => established++);
    const connected = (await session.connect()) as { connectSuccess: boolean };
    expect(connected.connectSuccess).toBe(true);

    // A program joins as a CUSTOM_BOT through public APIs and greets the customer.
    const bot = await server.connect.send(new CreateParticipantCommand({
      InstanceId: server.instanceId, ContactId: started.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' },
    }));
    const botConn = await server.participant.send(new CreateParticipantConnectionCommand({
      ParticipantToken: bot.ParticipantCredentials!.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true,
    }));
    const botToken = botConn.ConnectionCredentials!.ConnectionToken!;
    // The websocket opens after connect() resolves; wait for it before the first push.
    await waitFor<void>((resolve) => {
      const poll = () => (established >= 2 ? resolve() : setTimeout(poll, 20));
      poll();
    }, 'the websocket to open');
    await server.participant.send(new SendMessageCommand({ ConnectionToken: botToken, ContentType: 'text/plain', Content: 'Hello from the bot' }));
    const hello = await nextItem((i) => i.Content === 'Hello from the bot', 'the bot message');
    expect(hello.ParticipantRole).toBe('CUSTOM_BOT');

    // The customer answers through chatjs; the item comes back over the socket with the same Id.
    const sent = await session.sendMessage({ message: 'Hi bot', contentType: 'text/plain' });
    expect(sent.data.Id).toBeTruthy();
    await nextItem((i) => i.Id === sent.data.Id, 'the echo of our own message');

    // Drop every socket as a network cut would: chatjs reconnects through CreateParticipantConnection.
    const lost = waitFor<void>((resolve) => session.onConnectionLost(() => resolve()), 'connection lost');
    const before = established;
    server.app.sockets.dropAll();
    await lost;
    await waitFor<void>((resolve) => {
      const poll = () => (established > before ? resolve() : setTimeout(poll, 50));
      poll();
    }, 'the reconnect');
    await server.participant.send(new SendMessageCommand({ ConnectionToken: botToken, ContentType: 'text/plain', Content: 'Still here after the drop' }));
    await nextItem((i) => i.Content === 'Still here after the drop', 'a message after the reconnect');

    const transcript = await session.getTranscript({ maxResults: 100, sortOrder: 'ASCENDING' });
    const contents = transcript.data.Transcript.filter((i) => i.Type === 'MESSAGE').map((i) => i.Content);
    expect(contents).toEqual([
      'Thanks for contacting us. An agent will be with you shortly.',
      'You are in the queue. The next available agent will join this chat.', 'Hello from the bot', 'Hi bot', 'Still here after the drop',
    ]);

    // The customer leaves; chatjs ends only when the server pushes chat.ended.
    const ended = waitFor<unknown>((resolve) => session.onEnded(resolve), 'onEnded');
    await session.disconnectParticipant();
    await ended;
    expect(received.some((i) => i.ContentType === 'application/vnd.amazonaws.connect.event.chat.ended')).toBe(true);
  });

  it('continues a persistent chat: onChatRehydrated fires and the previous transcript loads with NextToken', async () => {
    // Seed 004, use case 1 — through chatjs: FROM_SEGMENT with C2 shows C2 and C1, not the C3 survey.
    const past = await buildSeedSession(server);
    const base = { InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Returning' } };
    const started = await server.connect.send(new StartChatContactCommand({
      ...base, PersistentChat: { SourceContactId: past.c2, RehydrationType: 'FROM_SEGMENT' },
    }));
    expect(started.ContinuedFromContactId).toBe(past.c2);
    const chatjs = loadChatjs(server.app.url, REGION);
    const session = createCustomerSession(chatjs, started, REGION);
    const rehydrated = waitFor<{ data: ChatjsItem }>((resolve) => session.onChatRehydrated(resolve), 'onChatRehydrated');
    await session.connect();
    expect((await rehydrated).data.ContentType).toBe('application/vnd.amazonaws.connect.event.chat.rehydrated');
    // What a widget does on rehydration: load the current transcript, then page back through the past.
    const current = await session.getTranscript({ scanDirection: 'BACKWARD', sortOrder: 'ASCENDING', maxResults: 15 });
    expect(current.data.NextToken).toBeTruthy();
    const previous: { Content?: string; ContactId?: string }[] = [];
    for (let next = current.data.NextToken; next;) {
      const page = await session.getTranscript({ scanDirection: 'BACKWARD', sortOrder: 'ASCENDING', maxResults: 5, nextToken: next });
      previous.push(...(page.data.Transcript as { Content?: string; ContactId?: string }[]));
      next = page.data.NextToken;
    }
    expect(previous.map((i) => i.Content)).toEqual(expect.arrayContaining(['C1: my parcel is late', 'C1: a1 here, transferring you', 'C2: a2 here, parcel found']));
    expect(new Set(previous.map((i) => i.ContactId))).toEqual(new Set([past.c1, past.c2]));
    const ended = waitFor<unknown>((resolve) => session.onEnded(resolve), 'onEnded');
    await session.disconnectParticipant();
    await ended;
  });
});
