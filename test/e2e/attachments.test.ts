// Attachments through the Participant Service SDK and over the signed URLs Switchboard serves: upload, complete,
// the ATTACHMENT item, download; the documented types, 20 MB, 35 per chat; bots cannot download; and
// amazon-connect-chatjs's own sendAttachment / downloadAttachment.
import { CreateParticipantCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import {
  CompleteAttachmentUploadCommand, CreateParticipantConnectionCommand, GetAttachmentCommand, StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatSocket } from '../helpers/chat-socket.js';
import { connectAndOpenSocket, createCustomerSession, loadChatjs, waitFor } from '../helpers/chatjs.js';
import { REGION, type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function chatWithBot() {
  const started = await server.connect.send(new StartChatContactCommand({
    InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Sender' },
  }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
  const bot = await server.connect.send(new CreateParticipantCommand({
    InstanceId: server.instanceId, ContactId: started.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' },
  }));
  const botConn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: bot.ParticipantCredentials!.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
  return {
    started, customer: conn.ConnectionCredentials!.ConnectionToken!, bot: botConn.ConnectionCredentials!.ConnectionToken!,
    botSocket: await ChatSocket.open(botConn.Websocket!.Url!),
  };
}

const startUpload = (token: string, name: string, contentType: string, size: number, ClientToken = `${Math.random()}`) =>
  server.participant.send(new StartAttachmentUploadCommand({ ConnectionToken: token, AttachmentName: name, ContentType: contentType, AttachmentSizeInBytes: size, ClientToken }));
const put = (url: string, headers: Record<string, string>, body: Buffer) => fetch(url, { method: 'PUT', headers, body: new Uint8Array(body) });

describe('attachments', () => {
  it('upload → complete → ATTACHMENT item (APPROVED) → signed download; bots cannot download', async () => {
    const chat = await chatWithBot();
    const content = Buffer.from('order 42: two parcels\n');
    const started = await startUpload(chat.customer, 'order.txt', 'text/plain', content.length);
    expect(started.UploadMetadata!.HeadersToInclude).toMatchObject({ 'Content-Type': 'text/plain' });
    expect(Date.parse(started.UploadMetadata!.UrlExpiry!)).toBeGreaterThan(Date.now());
    expect((await put(started.UploadMetadata!.Url!, started.UploadMetadata!.HeadersToInclude!, content)).status).toBe(200);
    await server.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: chat.customer, AttachmentIds: [started.AttachmentId!], ClientToken: 'done-1' }));
    const item = await chat.botSocket.next((i) => i.Type === 'ATTACHMENT');
    expect((item as unknown as { Attachments: unknown[] }).Attachments).toEqual([{ ContentType: 'text/plain', AttachmentId: started.AttachmentId, AttachmentName: 'order.txt', Status: 'APPROVED' }]);
    const got = await server.participant.send(new GetAttachmentCommand({ ConnectionToken: chat.customer, AttachmentId: started.AttachmentId!, UrlExpiryInSeconds: 60 }));
    expect(got.AttachmentSizeInBytes).toBe(content.length);
    const download = await fetch(got.Url!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/plain');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(content);
    // Change the signature's first hex digit (to a different one) and the URL stops working.
    const tampered = await fetch(got.Url!.replace(/signature=([0-9a-f])/, (_m, d: string) => `signature=${d === '0' ? '1' : '0'}`));
    expect(tampered.status).toBe(403);
    const botGet = await server.participant.send(new GetAttachmentCommand({ ConnectionToken: chat.bot, AttachmentId: started.AttachmentId! })).catch((e) => e);
    expect(botGet).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    chat.botSocket.close();
  });

  it('refuses undocumented types, more than 20 MB, completing before the upload, and an oversized upload', async () => {
    const chat = await chatWithBot();
    expect(await startUpload(chat.customer, 'tool.exe', 'application/octet-stream', 10).catch((e) => e)).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(await startUpload(chat.customer, 'photo.png', 'text/plain', 10).catch((e) => e)).toMatchObject({ name: 'ValidationException' });
    expect(await startUpload(chat.customer, 'big.pdf', 'application/pdf', 20 * 1024 * 1024 + 1).catch((e) => e)).toMatchObject({ name: 'ValidationException' });
    const pending = await startUpload(chat.customer, 'later.pdf', 'application/pdf', 5);
    const early = await server.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: chat.customer, AttachmentIds: [pending.AttachmentId!], ClientToken: 'early' })).catch((e) => e);
    expect(early).toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 } });
    const tooMuch = await put(pending.UploadMetadata!.Url!, pending.UploadMetadata!.HeadersToInclude!, Buffer.alloc(6));
    expect(tooMuch.status).toBe(400);
    // Same ClientToken, same request: the same attachment and a fresh URL.
    const again = await startUpload(chat.customer, 'later.pdf', 'application/pdf', 5, 'same-token');
    const replay = await startUpload(chat.customer, 'later.pdf', 'application/pdf', 5, 'same-token');
    expect(replay.AttachmentId).toBe(again.AttachmentId);
    chat.botSocket.close();
  });

  it('allows at most 35 attachments per chat (ServiceQuotaExceededException)', async () => {
    const chat = await chatWithBot();
    for (let i = 0; i < 35; i++) await startUpload(chat.customer, `f${i}.txt`, 'text/plain', 1);
    const over = await startUpload(chat.customer, 'f35.txt', 'text/plain', 1).catch((e) => e);
    expect(over).toMatchObject({ name: 'ServiceQuotaExceededException', $metadata: { httpStatusCode: 402 } });
    chat.botSocket.close();
  });

  it('answers CORS preflights for uploads from a page', async () => {
    const res = await fetch(`${server.app.localUrl}/attachments/x`, {
      method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type,content-disposition' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-headers')).toContain('content-disposition');
  });

  it('amazon-connect-chatjs sends and downloads an attachment', async () => {
    const chat = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'chatjs sender' },
    }));
    const chatjs = loadChatjs(server.app.url, REGION);
    const session = createCustomerSession(chatjs, chat, REGION) as ReturnType<typeof createCustomerSession> & {
      sendAttachment(args: { attachment: File }): Promise<unknown>;
      downloadAttachment(args: { attachmentId: string }): Promise<Blob>;
    };
    const seen: { Type: string; Attachments?: { AttachmentId: string; Status: string }[] }[] = [];
    session.onMessage((e) => seen.push(e.data as never));
    await connectAndOpenSocket(session);
    await session.sendAttachment({ attachment: new File(['receipt contents'], 'receipt.pdf', { type: 'application/pdf' }) });
    const item = await waitFor<(typeof seen)[number]>((resolve) => {
      const poll = () => {
        const found = seen.find((i) => i.Type === 'ATTACHMENT');
        if (found) resolve(found);
        else setTimeout(poll, 20);
      };
      poll();
    }, 'the ATTACHMENT item');
    expect(item.Attachments![0]!.Status).toBe('APPROVED');
    const blob = await session.downloadAttachment({ attachmentId: item.Attachments![0]!.AttachmentId });
    expect(await blob.text()).toBe('receipt contents');
    const ended = waitFor<unknown>((resolve) => session.onEnded(resolve), 'onEnded');
    await session.disconnectParticipant();
    await ended;
  });
});
