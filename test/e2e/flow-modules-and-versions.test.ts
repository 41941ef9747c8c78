// Flow versions (snapshots addressed as "<flow id>:<version>") and flow modules, run by InvokeFlowModule inside a
// chat's flow — including a module that waits for the customer — through the AWS SDK and the Participant Service.
import {
  CreateContactFlowCommand, CreateContactFlowModuleCommand, CreateContactFlowVersionCommand, DeleteContactFlowModuleCommand,
  DeleteContactFlowVersionCommand, DescribeContactFlowCommand, DescribeContactFlowModuleCommand, GetContactAttributesCommand,
  ListContactFlowModulesCommand, ListContactFlowVersionsCommand, StartChatContactCommand, UpdateContactFlowContentCommand,
  UpdateContactFlowModuleContentCommand, UpdateContactFlowModuleMetadataCommand,
} from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../helpers/aws-errors.js';
import { eventually } from '../helpers/eventually.js';
import { type Action, end, say, to } from '../helpers/flow-harness.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
const content = (actions: Action[], start = actions[0]!.Identifier) =>
  JSON.stringify({ Version: '2019-10-30', StartAction: start, Actions: actions.map((a) => ({ Parameters: {}, Transitions: {}, ...a })) });
const module = async (actions: Action[]) =>
  server.connect.send(new CreateContactFlowModuleCommand({ InstanceId: server.instanceId, Name: `module-${++n}`, Content: content(actions) }));
const flow = async (actions: Action[]) =>
  (await server.connect.send(new CreateContactFlowCommand({ InstanceId: server.instanceId, Name: `flow-${++n}`, Type: 'CONTACT_FLOW', Content: content(actions) }))).ContactFlowId!;

/** A chat on `flowId` whose customer is connected: what the flow said (through GetTranscript) and a way to answer. */
async function chatOn(flowId: string) {
  const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Caller' } }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  const token = conn.ConnectionCredentials!.ConnectionToken!;
  return {
    contactId: started.ContactId!,
    said: async () => ((await server.participant.send(new GetTranscriptCommand({ ConnectionToken: token, MaxResults: 100, SortOrder: 'ASCENDING' }))).Transcript ?? [])
      .filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM').map((i) => i.Content),
    reply: (Content: string) => server.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content })),
  };
}

describe('flow versions', () => {
  it('snapshots content as numbered versions that can be described, listed and deleted', async () => {
    const InstanceId = server.instanceId;
    const id = await flow([say('hi', 'Version one', 'end'), end()]);
    const described = (await server.connect.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: id }))).ContactFlow!;
    expect(await rejection(server.connect.send(new CreateContactFlowVersionCommand({ InstanceId, ContactFlowId: id, FlowContentSha256: '0'.repeat(64) }))))
      .toMatchObject({ name: 'InvalidRequestException', status: 400 });
    const v1 = await server.connect.send(new CreateContactFlowVersionCommand({ InstanceId, ContactFlowId: id, Description: 'first', FlowContentSha256: described.FlowContentSha256 }));
    expect(v1).toMatchObject({ Version: 1, ContactFlowArn: `${described.Arn}:1` });
    await server.connect.send(new UpdateContactFlowContentCommand({ InstanceId, ContactFlowId: id, Content: content([say('hi', 'Version two', 'end'), end()]) }));
    const v2 = await server.connect.send(new CreateContactFlowVersionCommand({ InstanceId, ContactFlowId: id }));
    expect(v2.Version).toBe(2);
    const listed = await server.connect.send(new ListContactFlowVersionsCommand({ InstanceId, ContactFlowId: id }));
    expect(listed.ContactFlowVersionSummaryList).toEqual([
      { Arn: `${described.Arn}:1`, Version: 1, VersionDescription: 'first' }, { Arn: `${described.Arn}:2`, Version: 2 },
    ]);
    const first = (await server.connect.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: `${id}:1` }))).ContactFlow!;
    expect(first.Content).toContain('Version one');
    expect((await server.connect.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: v2.ContactFlowArn! }))).ContactFlow!.Content).toContain('Version two');
    await server.connect.send(new DeleteContactFlowVersionCommand({ InstanceId, ContactFlowId: id, ContactFlowVersion: 1 }));
    expect(await rejection(server.connect.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: `${id}:1` })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });
});

describe('flow modules', () => {
  it('runs a module from a flow: its messages and attributes, a wait for the customer inside it, then back to the caller', async () => {
    const m = await module([
      say('m1', 'From the module', 'set'),
      { Identifier: 'set', Type: 'UpdateContactAttributes', Parameters: { Attributes: { visited: 'module' } }, Transitions: to('ask', ['NoMatchingError']) },
      { Identifier: 'ask', Type: 'GetParticipantInput', Parameters: { Text: 'Your order number?', StoreInput: 'True', InputTimeLimitSeconds: '60' }, Transitions: to('keep', ['NoMatchingError', 'InputTimeLimitExceeded']) },
      { Identifier: 'keep', Type: 'UpdateContactAttributes', Parameters: { Attributes: { order: '$.StoredCustomerInput' } }, Transitions: to('ret', ['NoMatchingError']) },
      { Identifier: 'ret', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
    ]);
    const id = await flow([
      say('before', 'Before the module', 'invoke'),
      { Identifier: 'invoke', Type: 'InvokeFlowModule', Parameters: { FlowModuleId: m.Arn }, Transitions: { NextAction: 'after', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'failed' }] } },
      say('after', 'Back in the flow', 'wait'),
      { Identifier: 'wait', Type: 'Wait', Parameters: { TimeLimitSeconds: '600' }, Transitions: { NextAction: 'end', Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
      say('failed', 'The module failed', 'end'),
      end(),
    ]);
    const chat = await chatOn(id);
    await eventually('the module asks for input', async () => (await chat.said()).includes('Your order number?'));
    expect(await chat.said()).toEqual(['Before the module', 'From the module', 'Your order number?']);
    await chat.reply('A-1234');
    await eventually('the flow goes on after the module', async () => (await chat.said()).includes('Back in the flow'));
    expect(await chat.said()).toEqual(['Before the module', 'From the module', 'Your order number?', 'Back in the flow']);
    const { Attributes } = await server.connect.send(new GetContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: chat.contactId }));
    expect(Attributes).toMatchObject({ visited: 'module', order: 'A-1234' });
  });

  it('takes the Error branch for an unknown or archived module, and for a module that fails', async () => {
    const failing = await module([{ Identifier: 'x', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: 'no-such-queue' }, Transitions: to('ret', []) }, { Identifier: 'ret', Type: 'EndFlowModuleExecution' }]);
    const archived = await module([{ Identifier: 'ret', Type: 'EndFlowModuleExecution' }]);
    await server.connect.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId: server.instanceId, ContactFlowModuleId: archived.Id!, State: 'ARCHIVED' }));
    for (const target of ['no-such-module', archived.Id!, failing.Id!]) {
      const id = await flow([
        { Identifier: 'invoke', Type: 'InvokeFlowModule', Parameters: { FlowModuleId: target }, Transitions: { NextAction: 'ok', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'failed' }] } },
        say('ok', 'Module ran', 'hold'),
        say('failed', 'Module failed', 'hold'),
        { Identifier: 'hold', Type: 'Wait', Parameters: { TimeLimitSeconds: '600' }, Transitions: { NextAction: 'end', Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
        end(),
      ]);
      const chat = await chatOn(id);
      await eventually(`the flow reports on ${target}`, async () => (await chat.said()).length > 0);
      expect(await chat.said()).toEqual(['Module failed']);
    }
  });

  it('describes, lists, updates and deletes modules; invalid content is InvalidContactFlowModuleException', async () => {
    const InstanceId = server.instanceId;
    const m = await module([{ Identifier: 'ret', Type: 'EndFlowModuleExecution' }]);
    const described = (await server.connect.send(new DescribeContactFlowModuleCommand({ InstanceId, ContactFlowModuleId: m.Id! }))).ContactFlowModule!;
    expect(described).toMatchObject({ Id: m.Id, Arn: m.Arn, State: 'ACTIVE', Status: 'PUBLISHED' });
    expect(described.Arn).toMatch(new RegExp(`instance/${InstanceId}/flow-module/${m.Id}$`));
    const bad = await server.connect.send(new UpdateContactFlowModuleContentCommand({ InstanceId, ContactFlowModuleId: m.Id!, Content: content([{ Identifier: 'a', Type: 'Teleport' }]) })).catch((e) => e);
    expect(bad).toMatchObject({ name: 'InvalidContactFlowModuleException', $metadata: { httpStatusCode: 400 } });
    expect(bad.Problems?.length).toBeGreaterThan(0);
    await server.connect.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId, ContactFlowModuleId: m.Id!, State: 'ARCHIVED' }));
    const archived = await server.connect.send(new ListContactFlowModulesCommand({ InstanceId, ContactFlowModuleState: 'ARCHIVED' }));
    expect(archived.ContactFlowModulesSummaryList!.map((x) => x.Id)).toContain(m.Id);
    await server.connect.send(new DeleteContactFlowModuleCommand({ InstanceId, ContactFlowModuleId: m.Id! }));
    expect(await rejection(server.connect.send(new DescribeContactFlowModuleCommand({ InstanceId, ContactFlowModuleId: m.Id! })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });
});
