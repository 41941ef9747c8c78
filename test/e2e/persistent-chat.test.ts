// Persistent chat, exactly as seed 004 describes it, through the AWS SDK clients: both use cases word for word,
// CreatePersistentContactAssociation (API and flow block), every rule accepted and refused, racing requests,
// and a chain of three persistent sessions.
import {
  CreateInstanceCommand, CreatePersistentContactAssociationCommand, DescribeContactCommand, GetContactAttributesCommand, StartChatContactCommand,
  type StartChatContactCommandInput, StopContactCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, type Item, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../helpers/aws-errors.js';
import { createFlow, say } from '../helpers/flow-harness.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { type SeedSession, buildSeedSession } from '../helpers/seed-session.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let past: SeedSession;
beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_MAX_ACTIVE_CHATS: '1000' } });
  past = await buildSeedSession(server);
});
afterAll(async () => {
  await server?.close();
});

const start = (extra: Partial<StartChatContactCommandInput> = {}) => server.connect.send(new StartChatContactCommand({
  InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Returning' }, ...extra,
}));
const connect = async (participantToken: string) => (await server.participant.send(new CreateParticipantConnectionCommand({
  ParticipantToken: participantToken, Type: ['CONNECTION_CREDENTIALS'],
}))).ConnectionCredentials!.ConnectionToken!;

/** Everything GetTranscript returns: the chat's own items, then — following NextToken BACKWARD — the past. */
async function fullTranscript(token: string) {
  const first = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 100, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', StartPosition: {} }));
  const pastItems: Item[] = [];
  let next = first.NextToken;
  while (next) {
    const page = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 4, ScanDirection: 'BACKWARD', NextToken: next }));
    pastItems.push(...page.Transcript!);
    next = page.NextToken;
  }
  return { own: first.Transcript!, past: pastItems, initialContactId: first.InitialContactId };
}
const pastContactIds = (items: Item[]) => [...new Set(items.map((i) => i.ContactId))];

describe('the seed 004 use cases', () => {
  it('Use case 1: FROM_SEGMENT with C2 continues from C2; C2 and C1 are visible, C3 is dropped', async () => {
    const r = await start({ PersistentChat: { SourceContactId: past.c2, RehydrationType: 'FROM_SEGMENT' } });
    expect(r.ContinuedFromContactId).toBe(past.c2);
    const d = (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: r.ContactId! }))).Contact!;
    expect(d.RelatedContactId).toBe(past.c2);
    const t = await fullTranscript(await connect(r.ParticipantToken!));
    expect(t.own.some((i) => i.ContentType === 'application/vnd.amazonaws.connect.event.chat.rehydrated')).toBe(true);
    expect(pastContactIds(t.past)).toEqual([past.c2, past.c1]);
    const texts = t.past.map((i) => i.Content).filter(Boolean);
    expect(texts).toEqual(expect.arrayContaining(['C2: a2 here, parcel found', 'C1: a1 here, transferring you', 'C1: my parcel is late']));
    expect(texts.some((x) => /rate this chat/.test(x!))).toBe(false);
    // Newest first across pages.
    const times = t.past.map((i) => i.AbsoluteTime!);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('Use case 2: ENTIRE_PAST_SESSION with C1 continues from C3; C3, C2 and C1 are visible', async () => {
    const r = await start({ PersistentChat: { SourceContactId: past.c1, RehydrationType: 'ENTIRE_PAST_SESSION' } });
    expect(r.ContinuedFromContactId).toBe(past.c3);
    const d = (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: r.ContactId! }))).Contact!;
    expect(d.RelatedContactId).toBe(past.c3);
    const t = await fullTranscript(await connect(r.ParticipantToken!));
    expect(pastContactIds(t.past)).toEqual([past.c3, past.c2, past.c1]);
    expect(t.past.some((i) => /rate this chat/.test(i.Content ?? ''))).toBe(true);
    // The continued contact's attributes come with it (RelatedContactId semantics).
    const attrs = await server.connect.send(new GetContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: r.ContactId! }));
    expect(attrs.Attributes).toMatchObject({ loyalty: 'gold', surveyRating: '4' });
  });
});

describe('the rules', () => {
  it('a past contact is continued only once, by either mechanism', async () => {
    // C2 was continued by use case 1 and C3 by use case 2.
    expect(await rejection(start({ PersistentChat: { SourceContactId: past.c2, RehydrationType: 'FROM_SEGMENT' } }))).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    const fresh = await start();
    expect(await rejection(server.connect.send(new CreatePersistentContactAssociationCommand({
      InstanceId: server.instanceId, InitialContactId: fresh.ContactId!, RehydrationType: 'FROM_SEGMENT', SourceContactId: past.c3,
    })))).toMatchObject({ name: 'InvalidRequestException', message: expect.stringMatching(/only once/) });
  });

  it('only ended sessions; unknown or foreign sources are not found', async () => {
    const active = await start();
    expect(await rejection(start({ PersistentChat: { SourceContactId: active.ContactId!, RehydrationType: 'FROM_SEGMENT' } }))).toMatchObject({ name: 'InvalidRequestException', message: expect.stringMatching(/has not ended/) });
    expect(await rejection(start({ PersistentChat: { SourceContactId: 'no-such-contact', RehydrationType: 'ENTIRE_PAST_SESSION' } }))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    const other = await server.connect.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InboundCallsEnabled: true, OutboundCallsEnabled: true }));
    const otherDefaults = await server.app.instances.defaults(other.Id!);
    expect(await rejection(server.connect.send(new StartChatContactCommand({
      InstanceId: other.Id!, ContactFlowId: otherDefaults.inboundFlowId, ParticipantDetails: { DisplayName: 'x' },
      PersistentChat: { SourceContactId: past.c1, RehydrationType: 'FROM_SEGMENT' },
    })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('two racing requests for the same source: exactly one succeeds', async () => {
    const ended = await start();
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: ended.ContactId! }));
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => start({ PersistentChat: { SourceContactId: ended.ContactId!, RehydrationType: 'FROM_SEGMENT' } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.name)).toEqual(['InvalidRequestException', 'InvalidRequestException', 'InvalidRequestException']);
  });

  it('StartPosition and ContactId filters apply to the chat’s own items, not to the past', async () => {
    const ended = await start({ InitialMessage: { ContentType: 'text/plain', Content: 'old question' } });
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: ended.ContactId! }));
    const r = await start({ PersistentChat: { SourceContactId: ended.ContactId!, RehydrationType: 'ENTIRE_PAST_SESSION' } });
    const token = await connect(r.ParticipantToken!);
    const own = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: token, ContactId: r.ContactId!, StartPosition: { MostRecent: 0 }, ScanDirection: 'BACKWARD' }));
    expect(own.NextToken).toBeTruthy();
    const pastPage = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: token, ContactId: r.ContactId!, StartPosition: { MostRecent: 0 }, NextToken: own.NextToken, ScanDirection: 'BACKWARD', MaxResults: 100 }));
    expect(pastPage.Transcript!.map((i) => i.Content)).toContain('old question');
    expect(pastPage.Transcript!.every((i) => i.ContactId === ended.ContactId)).toBe(true);
  });
});

describe('CreatePersistentContactAssociation', () => {
  it('associates a current chat with a past session (the API); ClientToken replays; an ended chat is refused', async () => {
    const old = await start({ InitialMessage: { ContentType: 'text/plain', Content: 'from the API past' }, Attributes: { tier: 'gold', channel: 'past' } });
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: old.ContactId! }));
    const current = await start({ Attributes: { channel: 'current' } });
    const req = { InstanceId: server.instanceId, InitialContactId: current.ContactId!, RehydrationType: 'ENTIRE_PAST_SESSION' as const, SourceContactId: old.ContactId!, ClientToken: 'assoc-1' };
    const out = await server.connect.send(new CreatePersistentContactAssociationCommand(req));
    expect(out.ContinuedFromContactId).toBe(old.ContactId);
    expect((await server.connect.send(new CreatePersistentContactAssociationCommand(req))).ContinuedFromContactId).toBe(old.ContactId);
    const t = await fullTranscript(await connect(current.ParticipantToken!));
    expect(t.past.map((i) => i.Content)).toContain('from the API past');
    // The past contact's attributes are copied onto the chat; the chat's own attributes win.
    const attributes = await server.connect.send(new GetContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: current.ContactId! }));
    expect(attributes.Attributes).toMatchObject({ tier: 'gold', channel: 'current' });
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: current.ContactId! }));
    expect(await rejection(server.connect.send(new CreatePersistentContactAssociationCommand({ ...req, ClientToken: undefined, InitialContactId: current.ContactId! })))).toMatchObject({ name: 'InvalidRequestException' });
    expect(await rejection(server.connect.send(new CreatePersistentContactAssociationCommand({ ...req, ClientToken: undefined, InitialContactId: 'nope' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('the flow block continues the chat from a past session named by an attribute', async () => {
    const old = await start({ InitialMessage: { ContentType: 'text/plain', Content: 'from the flow past' } });
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: old.ContactId! }));
    const flowId = await createFlow(server, [
      { Identifier: 'link', Type: 'CreatePersistentContactAssociation', Parameters: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: '$.Attributes.previous' }, Transitions: { NextAction: 'ok', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'fail' }] } },
      say('ok', 'Welcome back', 'wait'), say('fail', 'no history', 'wait'),
      { Identifier: 'wait', Type: 'Wait', Parameters: { TimeLimitSeconds: '600' }, Transitions: { NextAction: 'end', Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ]);
    const linked = await start({ ContactFlowId: flowId, Attributes: { previous: old.ContactId! } });
    const t = await fullTranscript(await connect(linked.ParticipantToken!));
    expect(t.own.map((i) => i.Content)).toContain('Welcome back');
    expect(t.past.map((i) => i.Content)).toContain('from the flow past');
    const again = await start({ ContactFlowId: flowId, Attributes: { previous: old.ContactId! } });
    const t2 = await fullTranscript(await connect(again.ParticipantToken!));
    expect(t2.own.map((i) => i.Content)).toContain('no history');
  });
});

describe('linkage is cumulative', () => {
  it('a chain of three persistent sessions reaches all of them', async () => {
    const s1 = await start({ InitialMessage: { ContentType: 'text/plain', Content: 'session one' } });
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: s1.ContactId! }));
    const s2 = await start({ PersistentChat: { SourceContactId: s1.ContactId!, RehydrationType: 'ENTIRE_PAST_SESSION' }, InitialMessage: { ContentType: 'text/plain', Content: 'session two' } });
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: s2.ContactId! }));
    const s3 = await start({ PersistentChat: { SourceContactId: s2.ContactId!, RehydrationType: 'ENTIRE_PAST_SESSION' } });
    const token = await connect(s3.ParticipantToken!);
    await server.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'session three' }));
    const t = await fullTranscript(token);
    expect(t.own.map((i) => i.Content)).toContain('session three');
    expect(t.past.map((i) => i.Content).filter((c) => /^session/.test(c ?? ''))).toEqual(['session two', 'session one']);
    expect(pastContactIds(t.past)).toEqual([s2.ContactId, s1.ContactId]);
  });
});

describe('on PostgreSQL', () => {
  it('two racing requests for the same source: exactly one succeeds', async () => {
    const db = await createTestDatabase();
    const pg = await startTestServer({ env: { SWITCHBOARD_DATABASE_URL: db.url } });
    try {
      const base = { InstanceId: pg.instanceId, ContactFlowId: pg.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'pg' } };
      const ended = await pg.connect.send(new StartChatContactCommand(base));
      await pg.connect.send(new StopContactCommand({ InstanceId: pg.instanceId, ContactId: ended.ContactId! }));
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => pg.connect.send(new StartChatContactCommand({
        ...base, PersistentChat: { SourceContactId: ended.ContactId!, RehydrationType: 'FROM_SEGMENT' },
      }))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(new Set(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.name))).toEqual(new Set(['InvalidRequestException']));
    } finally {
      await pg.close();
      await db.drop();
    }
  });
});

describe('bounds', () => {
  it('traverses at most 100 past contacts: the 101st session back is not reached', async () => {
    let previous: string | undefined;
    const ids: string[] = [];
    for (let i = 0; i < 101; i++) {
      const s = await start({
        InitialMessage: { ContentType: 'text/plain', Content: `hop ${i}` },
        ...(previous ? { PersistentChat: { SourceContactId: previous, RehydrationType: 'ENTIRE_PAST_SESSION' as const } } : {}),
      });
      await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: s.ContactId! }));
      ids.push(s.ContactId!);
      previous = s.ContactId!;
    }
    const last = await start({ PersistentChat: { SourceContactId: previous!, RehydrationType: 'ENTIRE_PAST_SESSION' } });
    const t = await fullTranscript(await connect(last.ParticipantToken!));
    const reached = pastContactIds(t.past);
    expect(reached).toHaveLength(100);
    expect(reached[0]).toBe(ids[100]);
    expect(reached).not.toContain(ids[0]);
  }, 60_000);
});
