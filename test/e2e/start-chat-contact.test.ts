// Every documented rule of StartChatContact, accepted and rejected, through the real @aws-sdk/client-connect.
import {
  DescribeContactCommand, GetContactAttributesCommand, StartChatContactCommand, type StartChatContactCommandInput, StopContactCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_MAX_ACTIVE_CHATS: '1000' } });
});
afterAll(async () => {
  await server?.close();
});

const base = (): StartChatContactCommandInput => ({
  InstanceId: server.instanceId,
  ContactFlowId: server.defaults.inboundFlowId,
  ParticipantDetails: { DisplayName: 'Customer' },
});
const start = (overrides: Partial<StartChatContactCommandInput> = {}) =>
  server.connect.send(new StartChatContactCommand({ ...base(), ...overrides }));
const rejection = async (overrides: Partial<StartChatContactCommandInput>) => {
  const err = await start(overrides).then(() => undefined, (e: Error & { $metadata: { httpStatusCode: number } }) => e);
  if (!err) throw new Error('expected the request to be rejected');
  return { name: err.name, status: err.$metadata.httpStatusCode, message: err.message };
};
const describeContact = (ContactId: string) =>
  server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId })).then((r) => r.Contact!);

describe('StartChatContact accepts', () => {
  it('the minimal request and answers ContactId, ParticipantId, ParticipantToken', async () => {
    const r = await start();
    expect(r.ContactId).toBeTruthy();
    expect(r.ParticipantId).toBeTruthy();
    expect(r.ParticipantToken!.length).toBeGreaterThanOrEqual(40);
    expect(r.ContinuedFromContactId).toBeUndefined();
  });

  it('ids given as ARNs', async () => {
    const instanceArn = `arn:aws:connect:us-east-1:123456789012:instance/${server.instanceId}`;
    const r = await start({ InstanceId: instanceArn, ContactFlowId: `${instanceArn}/contact-flow/${server.defaults.inboundFlowId}` });
    expect((await describeContact(r.ContactId!)).Id).toBe(r.ContactId);
  });

  it('every optional field at once, and records them', async () => {
    const r = await start({
      Attributes: { orderId: 'A-1', 'customer_tier-2': 'gold' },
      InitialMessage: { ContentType: 'text/markdown', Content: '**Hi**' },
      ChatDurationInMinutes: 10_080,
      SupportedMessagingContentTypes: ['text/plain', 'text/markdown', 'application/json',
        'application/vnd.amazonaws.connect.message.interactive', 'application/vnd.amazonaws.connect.message.interactive.response'],
      SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Guide' }, tier: { ValueInteger: 3 } },
      CustomerId: 'crm-42',
      ParticipantConfiguration: { ResponseMode: 'INCREMENTAL' },
      DisconnectOnCustomerExit: ['AGENT'],
    });
    const c = await describeContact(r.ContactId!);
    expect(c.Attributes).toEqual({ orderId: 'A-1', 'customer_tier-2': 'gold' });
    expect(c.CustomerId).toBe('crm-42');
    expect(c.SegmentAttributes).toEqual({ 'connect:Subtype': { ValueString: 'connect:Guide' }, tier: { ValueInteger: 3 } });
    // The customer may now send markdown, which the chat supports.
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: r.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
    await server.participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/markdown', Content: '_ok_' }));
  });

  it('attributes of exactly 32,768 UTF-8 bytes', async () => {
    const r = await start({ Attributes: { k: 'é'.repeat((32_768 - 1) / 2 - 0.5) + 'x' } });
    expect(r.ContactId).toBeTruthy();
  });

  it('ChatDurationInMinutes at both ends of 60–10,080', async () => {
    for (const ChatDurationInMinutes of [60, 10_080]) expect((await start({ ChatDurationInMinutes })).ContactId).toBeTruthy();
  });

  it('RelatedContactId, copying the related contact’s attributes', async () => {
    const first = await start({ Attributes: { plan: 'pro', region: 'eu' } });
    const second = await start({ RelatedContactId: first.ContactId, Attributes: { region: 'us' } });
    const c = await describeContact(second.ContactId!);
    expect(c.RelatedContactId).toBe(first.ContactId);
    const attrs = await server.connect.send(new GetContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: second.ContactId! }));
    expect(attrs.Attributes).toEqual({ plan: 'pro', region: 'us' });
  });

  it('PersistentChat naming an ended chat', async () => {
    const past = await start();
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: past.ContactId! }));
    const r = await start({ PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: past.ContactId } });
    expect(r.ContactId).toBeTruthy();
  });
});

describe('StartChatContact idempotency (ClientToken)', () => {
  it('same token and request → the same contact and participant', async () => {
    const a = await start({ ClientToken: 'token-same-1', Attributes: { a: '1' } });
    const b = await start({ ClientToken: 'token-same-1', Attributes: { a: '1' } });
    expect(b.ContactId).toBe(a.ContactId);
    expect(b.ParticipantId).toBe(a.ParticipantId);
    // Tokens are stored hashed, so a replay mints a fresh token for the same participant; both work.
    for (const token of [a.ParticipantToken!, b.ParticipantToken!]) {
      const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: token, Type: ['CONNECTION_CREDENTIALS'] }));
      expect(conn.ConnectionCredentials!.ConnectionToken).toBeTruthy();
    }
  });

  it('same token, different request → IdempotencyException (409)', async () => {
    await start({ ClientToken: 'token-diff-1', Attributes: { a: '1' } });
    expect(await rejection({ ClientToken: 'token-diff-1', Attributes: { a: '2' } })).toMatchObject({ name: 'IdempotencyException', status: 409 });
  });
});

describe('StartChatContact rejects', () => {
  const cases: [string, () => Partial<StartChatContactCommandInput>, string, number, RegExp][] = [
    ['a missing DisplayName', () => ({ ParticipantDetails: {} as never }), 'InvalidParameterException', 400, /participantDetails\.displayName.*must not be null/],
    ['an empty DisplayName', () => ({ ParticipantDetails: { DisplayName: '' } }), 'InvalidParameterException', 400, /length greater than or equal to 1/],
    ['a 257-character DisplayName', () => ({ ParticipantDetails: { DisplayName: 'x'.repeat(257) } }), 'InvalidParameterException', 400, /less than or equal to 256/],
    ['an unknown instance', () => ({ InstanceId: '00000000-0000-0000-0000-000000000000' }), 'ResourceNotFoundException', 404, /Instance/],
    ['a flow of no such id', () => ({ ContactFlowId: '11111111-1111-1111-1111-111111111111' }), 'ResourceNotFoundException', 404, /ContactFlow/],
    ['an attribute key with a space', () => ({ Attributes: { 'bad key': 'v' } }), 'InvalidParameterException', 400, /alphanumeric, dash, and underscore/],
    ['attributes over 32,768 bytes', () => ({ Attributes: { a: 'x'.repeat(20_000), b: 'y'.repeat(12_768) } }), 'InvalidParameterException', 400, /32768/],
    ['ChatDurationInMinutes 59', () => ({ ChatDurationInMinutes: 59 }), 'InvalidParameterException', 400, /greater than or equal to 60/],
    ['ChatDurationInMinutes 10,081', () => ({ ChatDurationInMinutes: 10_081 }), 'InvalidParameterException', 400, /less than or equal to 10080/],
    ['content types without text/plain', () => ({ SupportedMessagingContentTypes: ['text/markdown'] }), 'InvalidParameterException', 400, /must always contain text\/plain/],
    ['an undocumented content type', () => ({ SupportedMessagingContentTypes: ['text/plain', 'image/png'] }), 'InvalidParameterException', 400, /image\/png/],
    ['an initial message of an unsupported type', () => ({ InitialMessage: { ContentType: 'text/markdown', Content: 'x' } }), 'InvalidParameterException', 400, /InitialMessage\.ContentType/],
    ['an initial message over 1,024 characters', () => ({ InitialMessage: { ContentType: 'text/plain', Content: 'x'.repeat(1025) } }), 'InvalidParameterException', 400, /1024/],
    ['PersistentChat with RelatedContactId', () => ({ PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: 'c' }, RelatedContactId: 'c' }), 'InvalidRequestException', 400, /both RelatedContactId and PersistentChat/],
    ['PersistentChat without SourceContactId', () => ({ PersistentChat: { RehydrationType: 'FROM_SEGMENT' } }), 'InvalidParameterException', 400, /SourceContactId/],
    ['PersistentChat with an unknown source', () => ({ PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: 'nope' } }), 'ResourceNotFoundException', 404, /nope/],
    ['an unknown RehydrationType', () => ({ PersistentChat: { RehydrationType: 'EVERYTHING' as never, SourceContactId: 'x' } }), 'InvalidParameterException', 400, /enum value set/],
    ['connect:Guide without the interactive types', () => ({ SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Guide' } } }), 'InvalidRequestException', 400, /interactive/],
    ['a segment attribute key with a space', () => ({ SegmentAttributes: { 'bad key': { ValueString: 'v' } } }), 'InvalidParameterException', 400, /Segment attribute key/],
    ['ValueList on a user-defined segment attribute', () => ({ SegmentAttributes: { mine: { ValueList: [{ ValueString: 'a' }] } } }), 'InvalidParameterException', 400, /system-defined/],
    ['a 129-character CustomerId', () => ({ CustomerId: 'c'.repeat(129) }), 'InvalidParameterException', 400, /at 'customerId'/],
    ['an unknown ResponseMode', () => ({ ParticipantConfiguration: { ResponseMode: 'FAST' as never } }), 'InvalidParameterException', 400, /INCREMENTAL, COMPLETE/],
    ['DisconnectOnCustomerExit CUSTOMER', () => ({ DisconnectOnCustomerExit: ['CUSTOMER' as never] }), 'InvalidParameterException', 400, /enum value set: \[AGENT\]/],
    ['an unknown RelatedContactId', () => ({ RelatedContactId: 'no-such-contact' }), 'ResourceNotFoundException', 404, /no-such-contact/],
  ];
  for (const [what, overrides, name, status, message] of cases) {
    it(what, async () => {
      const r = await rejection(overrides());
      expect(r).toMatchObject({ name, status });
      expect(r.message).toMatch(message);
    });
  }

  it('PersistentChat naming a chat that is still active', async () => {
    const active = await start();
    const r = await rejection({ PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: active.ContactId } });
    expect(r).toMatchObject({ name: 'InvalidRequestException', status: 400 });
  });
});

describe('the concurrent active chat quota', () => {
  it('answers LimitExceededException (429) past the quota', async () => {
    const small = await startTestServer({ env: { SWITCHBOARD_MAX_ACTIVE_CHATS: '2' } });
    try {
      const req = { InstanceId: small.instanceId, ContactFlowId: small.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'q' } };
      const first = await small.connect.send(new StartChatContactCommand(req));
      await small.connect.send(new StartChatContactCommand(req));
      const err = await small.connect.send(new StartChatContactCommand(req)).catch((e) => e);
      expect(err).toMatchObject({ name: 'LimitExceededException', $metadata: { httpStatusCode: 429 } });
      await small.connect.send(new StopContactCommand({ InstanceId: small.instanceId, ContactId: first.ContactId! }));
      expect((await small.connect.send(new StartChatContactCommand(req))).ContactId).toBeTruthy();
    } finally {
      await small.close();
    }
  });
});
