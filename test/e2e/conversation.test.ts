// A full conversation between a customer and a CUSTOM_BOT participant through the real AWS SDK clients
// and the participant websocket: messages, typing, receipts, transcript paging, leaving and ending.
import { CreateParticipantCommand, DescribeContactCommand, StartChatContactCommand, StopContactCommand, UpdateParticipantAuthenticationCommand } from '@aws-sdk/client-connect';
import {
  CancelParticipantAuthenticationCommand, CreateParticipantConnectionCommand, DisconnectParticipantCommand, GetAuthenticationUrlCommand,
  GetTranscriptCommand, SendEventCommand, SendMessageCommand,
} from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../helpers/aws-errors.js';
import { hashToken } from '../../src/chat/tokens.js';
import { ChatSocket, contentType } from '../helpers/chat-socket.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function connectParticipant(participantToken: string) {
  const out = await server.participant.send(new CreateParticipantConnectionCommand({
    ParticipantToken: participantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'],
  }));
  const socket = await ChatSocket.open(out.Websocket!.Url!);
  return { token: out.ConnectionCredentials!.ConnectionToken!, socket, out };
}

describe('websocket URLs', () => {
  it('follow SWITCHBOARD_PUBLIC_URL behind TLS (wss://)', async () => {
    const behindTls = await startTestServer({ env: { SWITCHBOARD_PUBLIC_URL: 'https://chat.example.com' } });
    try {
      const started = await behindTls.connect.send(new StartChatContactCommand({
        InstanceId: behindTls.instanceId, ContactFlowId: behindTls.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'TLS' },
      }));
      const conn = await behindTls.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET'] }));
      expect(conn.Websocket!.Url).toMatch(/^wss:\/\/chat\.example\.com\/participant-socket\?token=[\w-]{43}$/);
      expect(conn.ConnectionCredentials).toBeUndefined();
    } finally {
      await behindTls.close();
    }
  });
});

describe('a customer and a CUSTOM_BOT participant', () => {
  it('hold a conversation end to end', async () => {
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId,
      ParticipantDetails: { DisplayName: 'Jane' }, Attributes: { customerName: 'Jane' },
      InitialMessage: { ContentType: 'text/plain', Content: 'Hello, I need help' },
    }));
    expect(started.ContactId).toMatch(/^[0-9a-f-]{36}$/);
    const customer = await connectParticipant(started.ParticipantToken!);
    expect(customer.out.Websocket!.Url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    expect(Date.parse(customer.out.Websocket!.ConnectionExpiry!) - Date.now()).toBeGreaterThan(90_000);
    expect(Date.parse(customer.out.ConnectionCredentials!.Expiry!) - Date.now()).toBeGreaterThan(23 * 3600_000);

    const added = await server.connect.send(new CreateParticipantCommand({
      InstanceId: server.instanceId, ContactId: started.ContactId!,
      ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'HelperBot' },
    }));
    const bot = await connectParticipant(added.ParticipantCredentials!.ParticipantToken!);
    const botJoined = await customer.socket.next((i) => i.ContentType === contentType.joined && i.ParticipantId === added.ParticipantId);
    expect(botJoined).toMatchObject({ ParticipantRole: 'CUSTOM_BOT', DisplayName: 'HelperBot', ContactId: started.ContactId, InitialContactId: started.ContactId });

    // The bot answers; both sides receive the message on their sockets (the sender too).
    const sent = await server.participant.send(new SendMessageCommand({
      ConnectionToken: bot.token, ContentType: 'text/plain', Content: 'Hi Jane, how can I help?',
    }));
    expect(sent.Id).toBeTruthy();
    expect(sent.AbsoluteTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    for (const side of [customer, bot]) {
      const item = await side.socket.next((i) => i.Id === sent.Id);
      expect(item).toMatchObject({ Type: 'MESSAGE', Content: 'Hi Jane, how can I help?', ParticipantRole: 'CUSTOM_BOT' });
    }

    // Typing reaches the other side; a read receipt reaches the sender as MESSAGEMETADATA.
    await server.participant.send(new SendEventCommand({ ConnectionToken: customer.token, ContentType: contentType.typing }));
    await bot.socket.next((i) => i.ContentType === contentType.typing && i.ParticipantRole === 'CUSTOMER');
    await server.participant.send(new SendEventCommand({
      ConnectionToken: customer.token, ContentType: contentType.read, Content: JSON.stringify({ messageId: sent.Id }),
    }));
    const receipt = await bot.socket.next((i) => i.Type === 'MESSAGEMETADATA');
    expect(receipt.MessageMetadata).toMatchObject({ MessageId: sent.Id, Receipts: [{ RecipientParticipantId: started.ParticipantId }] });
    expect(receipt.MessageMetadata!.Receipts[0]!.ReadTimestamp).toBeTruthy();

    const reply = await server.participant.send(new SendMessageCommand({
      ConnectionToken: customer.token, ContentType: 'text/markdown', Content: '**my order** is late',
    })).catch((e: Error) => e);
    // text/markdown is not in this chat's SupportedMessagingContentTypes (default: text/plain only).
    expect((reply as Error).name).toBe('ValidationException');
    await server.participant.send(new SendMessageCommand({ ConnectionToken: customer.token, ContentType: 'text/plain', Content: 'My order is late' }));

    // The transcript holds the events and messages in order, with the read receipt attached.
    const transcript = await server.participant.send(new GetTranscriptCommand({
      ConnectionToken: customer.token, SortOrder: 'ASCENDING', ScanDirection: 'BACKWARD', MaxResults: 100, StartPosition: {},
    }));
    expect(transcript.InitialContactId).toBe(started.ContactId);
    const summary = transcript.Transcript!.map((i) => `${i.ParticipantRole ?? '-'}:${i.Type}:${i.Content ?? i.ContentType}`);
    expect(summary).toEqual([
      `CUSTOMER:EVENT:${contentType.joined}`,
      'CUSTOMER:MESSAGE:Hello, I need help',
      'SYSTEM:MESSAGE:Thanks for contacting us. An agent will be with you shortly.',
      'SYSTEM:MESSAGE:You are in the queue. The next available agent will join this chat.',
      `CUSTOM_BOT:EVENT:${contentType.joined}`,
      'CUSTOM_BOT:MESSAGE:Hi Jane, how can I help?',
      'CUSTOMER:MESSAGE:My order is late',
    ]);
    const botMessage = transcript.Transcript!.find((i) => i.Id === sent.Id)!;
    expect(botMessage.MessageMetadata?.Receipts?.[0]?.RecipientParticipantId).toBe(started.ParticipantId);

    // The bot leaves; the chat goes on. Then the customer leaves and the chat ends.
    await server.participant.send(new DisconnectParticipantCommand({ ConnectionToken: bot.token }));
    await customer.socket.next((i) => i.ContentType === contentType.left && i.ParticipantId === added.ParticipantId);
    await server.participant.send(new DisconnectParticipantCommand({ ConnectionToken: customer.token }));
    const ended = await customer.socket.next((i) => i.ContentType === contentType.ended);
    expect(ended).toMatchObject({ Type: 'EVENT', ContactId: started.ContactId, InitialContactId: started.ContactId });

    // Dead tokens answer 403 AccessDeniedException, which chatjs reads as "the chat ended".
    const late = await server.participant.send(new SendMessageCommand({ ConnectionToken: customer.token, ContentType: 'text/plain', Content: 'still there?' })).catch((e) => e);
    expect(late).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    const reconnect = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET'] })).catch((e) => e);
    expect(reconnect).toMatchObject({ name: 'AccessDeniedException' });

    const described = await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: started.ContactId! }));
    expect(described.Contact).toMatchObject({
      Id: started.ContactId, InitialContactId: started.ContactId, Channel: 'CHAT', InitiationMethod: 'API',
      DisconnectReason: 'CUSTOMER_DISCONNECT', Attributes: { customerName: 'Jane' },
    });
    expect(described.Contact!.InitiationTimestamp).toBeInstanceOf(Date);
    expect(described.Contact!.DisconnectTimestamp!.getTime()).toBeGreaterThanOrEqual(described.Contact!.InitiationTimestamp!.getTime());
    customer.socket.close();
    bot.socket.close();
  });

  it('keeps tokens only as hashes, 256 random bits each', async () => {
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Hashed' },
    }));
    const raw = started.ParticipantToken!;
    expect(Buffer.from(raw, 'base64url')).toHaveLength(32);
    expect(await server.app.store.getToken(raw)).toBeUndefined();
    expect(await server.app.store.getToken(hashToken(raw))).toMatchObject({ kind: 'participant', participantId: started.ParticipantId });
  });

  it('pages the transcript with NextToken in both directions', async () => {
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Pager' },
    }));
    const customer = await connectParticipant(started.ParticipantToken!);
    const sentIds: string[] = [];
    for (let n = 1; n <= 12; n++) {
      const s = await server.participant.send(new SendMessageCommand({ ConnectionToken: customer.token, ContentType: 'text/plain', Content: `m${n}` }));
      sentIds.push(s.Id!);
    }
    const collect = async (base: Record<string, unknown>) => {
      const ids: string[] = [];
      let next: string | undefined;
      do {
        const page = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: customer.token, MaxResults: 5, NextToken: next, ...base }));
        ids.push(...page.Transcript!.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER').map((i) => i.Id!));
        next = page.NextToken;
      } while (next);
      return ids;
    };
    // Default: BACKWARD from the newest, each page DESCENDING.
    expect(await collect({})).toEqual([...sentIds].reverse());
    expect(await collect({ ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' })).toEqual(sentIds);
    // StartPosition Id scans FORWARD from that item, inclusive.
    const fromSixth = await collect({ StartPosition: { Id: sentIds[5] }, SortOrder: 'ASCENDING' });
    expect(fromSixth).toEqual(sentIds.slice(5));
    // AbsoluteTime scans FORWARD from that moment.
    const all = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: customer.token, MaxResults: 100, SortOrder: 'ASCENDING', StartPosition: {} }));
    const sixthTime = all.Transcript!.find((i) => i.Id === sentIds[5])!.AbsoluteTime!;
    const fromTime = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: customer.token, MaxResults: 100, SortOrder: 'ASCENDING', StartPosition: { AbsoluteTime: sixthTime } }));
    expect(fromTime.Transcript!.every((i) => i.AbsoluteTime! >= sixthTime)).toBe(true);
    expect(fromTime.Transcript!.map((i) => i.Id)).toContain(sentIds[11]);
    // MostRecent 0 = the newest item.
    const newest = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: customer.token, StartPosition: { MostRecent: 0 } }));
    expect(newest.Transcript!.map((i) => i.Id)).toEqual([sentIds[11]]);
    const badToken = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: customer.token, NextToken: 'garbage' })).catch((e) => e);
    expect(badToken).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: started.ContactId! }));
    await customer.socket.next((i) => i.ContentType === contentType.ended);
    customer.socket.close();
  });

  it('answers a repeated SendMessage or SendEvent ClientToken with the first result and keeps one item', async () => {
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Retrier' },
    }));
    const customer = await connectParticipant(started.ParticipantToken!);
    const send = (Content: string, ClientToken: string) =>
      server.participant.send(new SendMessageCommand({ ConnectionToken: customer.token, ContentType: 'text/plain', Content, ClientToken }));
    const first = await send('only once', 'retry-1');
    const again = await send('only once', 'retry-1');
    const racing = await Promise.all([1, 2, 3].map(() => send('raced', 'retry-2')));
    expect(again).toMatchObject({ Id: first.Id, AbsoluteTime: first.AbsoluteTime });
    expect(new Set(racing.map((r) => r.Id)).size).toBe(1);
    const typing = (ClientToken: string) => server.participant.send(new SendEventCommand({
      ConnectionToken: customer.token, ContentType: 'application/vnd.amazonaws.connect.event.typing', ClientToken,
    }));
    const typed = await typing('typing-1');
    expect((await typing('typing-1')).Id).toBe(typed.Id);
    const page = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: customer.token, MaxResults: 100, SortOrder: 'ASCENDING' }));
    const contents = page.Transcript!.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER').map((i) => i.Content);
    expect(contents).toEqual(['only once', 'raced']);
    customer.socket.close();
  });

  it('refuses customer authentication clearly: no authentication session exists without Amazon Cognito', async () => {
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Unauthenticated' },
    }));
    const customer = await connectParticipant(started.ParticipantToken!);
    const url = await rejection(server.participant.send(new GetAuthenticationUrlCommand({ ConnectionToken: customer.token, SessionId: '5b4d1e58-8c1c-4f0e-9d0b-6f1f0a2e7c11', RedirectUri: 'https://example.com/back' })));
    expect(url).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(url.message).toContain('No authentication session 5b4d1e58-8c1c-4f0e-9d0b-6f1f0a2e7c11');
    expect(await rejection(server.participant.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: customer.token, SessionId: '5b4d1e58-8c1c-4f0e-9d0b-6f1f0a2e7c11' }))))
      .toMatchObject({ name: 'ValidationException', status: 400 });
    expect(await rejection(server.participant.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: 'dead', SessionId: '5b4d1e58-8c1c-4f0e-9d0b-6f1f0a2e7c11' }))))
      .toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(await rejection(server.connect.send(new UpdateParticipantAuthenticationCommand({ InstanceId: server.instanceId, State: 'state-1', Code: 'code' }))))
      .toMatchObject({ name: 'InvalidRequestException', status: 400 });
    customer.socket.close();
  });
});
