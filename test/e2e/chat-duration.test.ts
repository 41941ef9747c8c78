// ChatDurationInMinutes: the chat ends itself when its duration elapses (default 25 hours), driven by a
// moved clock instead of sleeping; the durable timer fires exactly once.
import { DescribeContactCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const clock = new ManualClock(Date.now());
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock, sweepTimers: false });
});
afterAll(async () => {
  await server?.close();
});

const minutes = (n: number) => n * 60_000;

async function startChat(ChatDurationInMinutes?: number) {
  const started = await server.connect.send(new StartChatContactCommand({
    InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Timer' }, ChatDurationInMinutes,
  }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
  return { id: started.ContactId!, token: conn.ConnectionCredentials!.ConnectionToken! };
}

const state = async (id: string) =>
  (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: id }))).Contact!;

describe('chat duration', () => {
  it('ends a 60-minute chat at 60 minutes, and a default chat at 25 hours', async () => {
    const short = await startChat(60);
    const standard = await startChat();
    clock.advance(minutes(59));
    expect(await server.app.timers.sweep()).toBe(0);
    expect((await state(short.id)).DisconnectTimestamp).toBeUndefined();

    // Read the transcript while the chat is alive: the connection token dies with the chat.
    clock.advance(minutes(1));
    expect(await server.app.timers.sweep()).toBe(1);
    const ended = await state(short.id);
    expect(ended.DisconnectReason).toBe('EXPIRED');
    expect(ended.DisconnectTimestamp!.getTime()).toBe(clock.now());
    const dead = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: short.token })).catch((e) => e);
    expect(dead.name).toBe('AccessDeniedException');
    expect((await state(standard.id)).DisconnectTimestamp).toBeUndefined();

    clock.advance(minutes(1500 - 60));
    expect(await server.app.timers.sweep()).toBe(1);
    expect((await state(standard.id)).DisconnectReason).toBe('EXPIRED');
    // A second sweep finds nothing: the timer fired exactly once.
    expect(await server.app.timers.sweep()).toBe(0);
  });

  it('writes chat.ended into the transcript when the duration elapses', async () => {
    const chat = await startChat(60);
    const before = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: chat.token, SortOrder: 'ASCENDING' }));
    expect(before.Transcript!.some((i) => i.ContentType?.endsWith('chat.ended'))).toBe(false);
    clock.advance(minutes(60));
    await server.app.timers.sweep();
    const items = await server.app.store.listTranscriptItems({ initialContactId: chat.id, order: 'asc', limit: 100 });
    expect(items.map((i) => i.contentType).slice(-2)).toEqual([
      'application/vnd.amazonaws.connect.event.participant.left', 'application/vnd.amazonaws.connect.event.chat.ended',
    ]);
  });
});
