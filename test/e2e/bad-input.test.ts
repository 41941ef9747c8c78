// Bad input to every implemented operation gets its modelled error with the right status, through the SDKs.
import {
  CreateInstanceCommand, CreateParticipantCommand, DeleteInstanceCommand, DescribeContactCommand, DescribeInstanceCommand,
  GetContactAttributesCommand, ListInstancesCommand, StartChatContactCommand, StopContactCommand, UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import {
  CreateParticipantConnectionCommand, DisconnectParticipantCommand, GetTranscriptCommand, SendEventCommand, SendMessageCommand,
} from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let chat: { ContactId: string; ParticipantToken: string; connectionToken: string };
let otherInstance: string;

beforeAll(async () => {
  server = await startTestServer();
  const started = await server.connect.send(new StartChatContactCommand({
    InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Bad Input' },
  }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
  chat = { ContactId: started.ContactId!, ParticipantToken: started.ParticipantToken!, connectionToken: conn.ConnectionCredentials!.ConnectionToken! };
  otherInstance = (await server.connect.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InboundCallsEnabled: true, OutboundCallsEnabled: false }))).Id!;
});
afterAll(async () => {
  await server?.close();
});

type Failure = { name: string; status: number; message: string };
async function failure(p: Promise<unknown>): Promise<Failure> {
  const err = await p.then(() => undefined, (e: Error & { $metadata: { httpStatusCode: number } }) => e);
  if (!err) throw new Error('expected a rejection');
  return { name: err.name, status: err.$metadata.httpStatusCode, message: err.message };
}

describe('Participant Service bad input', () => {
  const p = () => server.participant;
  const cases: [string, () => Promise<unknown>, string, number][] = [
    ['CreateParticipantConnection with an unknown token', () => p().send(new CreateParticipantConnectionCommand({ ParticipantToken: 'not-a-token', Type: ['WEBSOCKET'] })), 'AccessDeniedException', 403],
    ['CreateParticipantConnection with a connection token instead of a participant token', () => p().send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.connectionToken, Type: ['WEBSOCKET'] })), 'AccessDeniedException', 403],
    ['CreateParticipantConnection with an unknown Type', () => p().send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['CARRIER_PIGEON' as never] })), 'ValidationException', 400],
    ['CreateParticipantConnection with an empty Type list', () => p().send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: [] })), 'ValidationException', 400],
    ['SendMessage with a participant token', () => p().send(new SendMessageCommand({ ConnectionToken: chat.ParticipantToken, ContentType: 'text/plain', Content: 'x' })), 'AccessDeniedException', 403],
    ['SendMessage with empty content', () => p().send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: '' })), 'ValidationException', 400],
    ['SendMessage over 1,024 characters of text', () => p().send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'x'.repeat(1025) })), 'ValidationException', 400],
    ['SendMessage over the model maximum', () => p().send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'text/plain', Content: 'x'.repeat(16_385) })), 'ValidationException', 400],
    ['SendMessage of an unsupported type', () => p().send(new SendMessageCommand({ ConnectionToken: chat.connectionToken, ContentType: 'application/json', Content: '{}' })), 'ValidationException', 400],
    ['SendEvent of an unknown event type', () => p().send(new SendEventCommand({ ConnectionToken: chat.connectionToken, ContentType: 'application/vnd.amazonaws.connect.event.chat.ended' })), 'ValidationException', 400],
    ['SendEvent read receipt without a messageId', () => p().send(new SendEventCommand({ ConnectionToken: chat.connectionToken, ContentType: 'application/vnd.amazonaws.connect.event.message.read', Content: '{}' })), 'ValidationException', 400],
    ['SendEvent read receipt for a message of no chat', () => p().send(new SendEventCommand({ ConnectionToken: chat.connectionToken, ContentType: 'application/vnd.amazonaws.connect.event.message.read', Content: '{"messageId":"nope"}' })), 'ValidationException', 400],
    ['GetTranscript with MaxResults 101', () => p().send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, MaxResults: 101 })), 'ValidationException', 400],
    ['GetTranscript with an unknown ScanDirection', () => p().send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, ScanDirection: 'SIDEWAYS' as never })), 'ValidationException', 400],
    ['GetTranscript from an item of no chat', () => p().send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, StartPosition: { Id: 'nope' } })), 'ValidationException', 400],
    ['GetTranscript for a contact outside the chain', () => p().send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, ContactId: 'someone-else' })), 'ValidationException', 400],
    ['GetTranscript with MostRecent 101', () => p().send(new GetTranscriptCommand({ ConnectionToken: chat.connectionToken, StartPosition: { MostRecent: 101 } })), 'ValidationException', 400],
    ['DisconnectParticipant with an unknown token', () => p().send(new DisconnectParticipantCommand({ ConnectionToken: 'nope' })), 'AccessDeniedException', 403],
  ];
  for (const [what, call, name, status] of cases) {
    it(what, async () => expect(await failure(call())).toMatchObject({ name, status }));
  }
});

describe('Connect bad input', () => {
  const c = () => server.connect;
  const cases: [string, () => Promise<unknown>, string, number][] = [
    ['DescribeContact of an unknown contact', () => c().send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: 'nope' })), 'ResourceNotFoundException', 404],
    ['DescribeContact through another instance', () => c().send(new DescribeContactCommand({ InstanceId: otherInstance, ContactId: chat.ContactId })), 'ResourceNotFoundException', 404],
    ['DescribeContact in an unknown instance', () => c().send(new DescribeContactCommand({ InstanceId: 'no-instance', ContactId: chat.ContactId })), 'ResourceNotFoundException', 404],
    ['StopContact of an unknown contact', () => c().send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: 'nope' })), 'ResourceNotFoundException', 404],
    ['UpdateContactAttributes with a bad key', () => c().send(new UpdateContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: chat.ContactId, Attributes: { 'a b': 'x' } })), 'InvalidParameterException', 400],
    ['UpdateContactAttributes past 32,768 bytes', () => c().send(new UpdateContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: chat.ContactId, Attributes: { a: 'x'.repeat(32_768) } })), 'InvalidParameterException', 400],
    ['UpdateContactAttributes without Attributes', () => c().send(new UpdateContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: chat.ContactId } as never)), 'InvalidParameterException', 400],
    ['GetContactAttributes of an unknown contact', () => c().send(new GetContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: 'nope' })), 'ResourceNotFoundException', 404],
    ['CreateParticipant as an AGENT', () => c().send(new CreateParticipantCommand({ InstanceId: server.instanceId, ContactId: chat.ContactId, ParticipantDetails: { ParticipantRole: 'AGENT', DisplayName: 'x' } })), 'InvalidRequestException', 400],
    ['CreateParticipant with an unknown role', () => c().send(new CreateParticipantCommand({ InstanceId: server.instanceId, ContactId: chat.ContactId, ParticipantDetails: { ParticipantRole: 'ROBOT' as never, DisplayName: 'x' } })), 'InvalidRequestException', 400],
    ['CreateParticipant on an unknown contact', () => c().send(new CreateParticipantCommand({ InstanceId: server.instanceId, ContactId: 'nope', ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'x' } })), 'ResourceNotFoundException', 404],
    ['CreateInstance without IdentityManagementType', () => c().send(new CreateInstanceCommand({ InboundCallsEnabled: true, OutboundCallsEnabled: true } as never)), 'InvalidRequestException', 400],
    ['CreateInstance with an unknown directory type', () => c().send(new CreateInstanceCommand({ IdentityManagementType: 'LDAP' as never, InboundCallsEnabled: true, OutboundCallsEnabled: true })), 'InvalidRequestException', 400],
    ['CreateInstance with an alias in use', () => c().send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'switchboard', InboundCallsEnabled: true, OutboundCallsEnabled: true })), 'InvalidRequestException', 400],
    ['DescribeInstance of an unknown instance', () => c().send(new DescribeInstanceCommand({ InstanceId: 'nope' })), 'ResourceNotFoundException', 404],
    ['ListInstances with MaxResults 11', () => c().send(new ListInstancesCommand({ MaxResults: 11 })), 'InvalidRequestException', 400],
    ['ListInstances with a forged NextToken', () => c().send(new ListInstancesCommand({ NextToken: 'forged' })), 'InvalidRequestException', 400],
    ['DeleteInstance of an unknown instance', () => c().send(new DeleteInstanceCommand({ InstanceId: 'nope' })), 'ResourceNotFoundException', 404],
  ];
  for (const [what, call, name, status] of cases) {
    it(what, async () => expect(await failure(call())).toMatchObject({ name, status }));
  }

  it('StopContact of an ended contact answers ContactNotFoundException (410)', async () => {
    const started = await c().send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 's' } }));
    await c().send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: started.ContactId! }));
    expect(await failure(c().send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: started.ContactId! })))).toMatchObject({ name: 'ContactNotFoundException', status: 410 });
    expect(await failure(c().send(new CreateParticipantCommand({ InstanceId: server.instanceId, ContactId: started.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'late' } })))).toMatchObject({ name: 'InvalidRequestException', status: 400 });
  });

  it('instances list, page and delete', async () => {
    for (let n = 0; n < 3; n++) await c().send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InboundCallsEnabled: true, OutboundCallsEnabled: true, InstanceAlias: `page-${n}` }));
    const ids: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await c().send(new ListInstancesCommand({ MaxResults: 2, NextToken }));
      expect(page.InstanceSummaryList!.length).toBeLessThanOrEqual(2);
      ids.push(...page.InstanceSummaryList!.map((i) => i.Id!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(ids).toContain(server.instanceId);
    expect(ids.length).toBe(new Set(ids).size);
    const described = await c().send(new DescribeInstanceCommand({ InstanceId: otherInstance }));
    expect(described.Instance).toMatchObject({ Id: otherInstance, InstanceStatus: 'ACTIVE', IdentityManagementType: 'CONNECT_MANAGED' });
    expect(described.Instance!.CreatedTime).toBeInstanceOf(Date);
    await c().send(new DeleteInstanceCommand({ InstanceId: otherInstance }));
    expect(await failure(c().send(new DescribeInstanceCommand({ InstanceId: otherInstance })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('CreateInstance is idempotent by ClientToken', async () => {
    const req = { IdentityManagementType: 'CONNECT_MANAGED' as const, InboundCallsEnabled: true, OutboundCallsEnabled: true, ClientToken: 'inst-token-1' };
    const a = await c().send(new CreateInstanceCommand(req));
    const b = await c().send(new CreateInstanceCommand(req));
    expect(b.Id).toBe(a.Id);
  });
});
