// Flows through the Connect API as Amazon stores them: every real exported flow loads and publishes, PUBLISHED
// content is checked with every problem listed, SAVED content is not, the legacy export format is refused.
import { readFileSync, readdirSync } from 'node:fs';
import {
  CreateContactFlowCommand, DeleteContactFlowCommand, DescribeContactFlowCommand, ListContactFlowsCommand, UpdateContactFlowContentCommand,
  UpdateContactFlowMetadataCommand, UpdateContactFlowNameCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const EXAMPLES = new URL('../fixtures/flow-examples/', import.meta.url);
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const create = (Name: string, Content: string, Status?: 'PUBLISHED' | 'SAVED', Type: 'CONTACT_FLOW' | 'CUSTOMER_QUEUE' = 'CONTACT_FLOW') =>
  server.connect.send(new CreateContactFlowCommand({ InstanceId: server.instanceId, Name, Type, Content, Status }));

const flow = (actions: unknown[], start = 'a') => JSON.stringify({ Version: '2019-10-30', StartAction: start, Actions: actions });
const broken = flow([
  { Identifier: 'a', Type: 'MessageParticipant', Parameters: {}, Transitions: { NextAction: 'nowhere' } },
  { Identifier: 'b', Type: 'NoSuchAction', Parameters: {}, Transitions: {} },
  { Identifier: 'c', Type: 'Compare', Parameters: {}, Transitions: { Conditions: [{ NextAction: 'a', Condition: { Operator: 'Equals', Operands: ['x'] } }] } },
  { Identifier: 'd', Type: 'CheckHoursOfOperation', Parameters: {}, Transitions: { NextAction: 'a', Conditions: [{ NextAction: 'a', Condition: { Operator: 'Equals', Operands: ['Maybe'] } }] } },
  { Identifier: 'e', Type: 'DisconnectParticipant', Parameters: {}, Transitions: { NextAction: 'a' } },
  { Identifier: 'f', Type: 'Wait', Parameters: { TimeLimitSeconds: '10' }, Transitions: { NextAction: 'a', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'a' }] } },
]);

describe('real exported flows', () => {
  for (const file of examples.filter((f) => !f.includes('LEGACY'))) {
    it(`loads and publishes ${file}`, async () => {
      const content = readFileSync(new URL(file, EXAMPLES), 'utf8');
      const created = await create(`example ${file}`.slice(0, 80), content);
      const described = await server.connect.send(new DescribeContactFlowCommand({ InstanceId: server.instanceId, ContactFlowId: created.ContactFlowId! }));
      expect(described.ContactFlow).toMatchObject({ Id: created.ContactFlowId, Status: 'PUBLISHED', State: 'ACTIVE', Content: content });
      expect(described.ContactFlow!.Arn).toBe(created.ContactFlowArn);
    });
  }

  it('refuses the console legacy export format, saying so', async () => {
    const legacy = readFileSync(new URL(examples.find((f) => f.includes('LEGACY'))!, EXAMPLES), 'utf8');
    for (const status of ['PUBLISHED', 'SAVED'] as const) {
      const err = await create(`legacy ${status}`, legacy, status).catch((e) => e);
      expect(err).toMatchObject({ name: 'InvalidContactFlowException', $metadata: { httpStatusCode: 400 } });
      expect(err.problems[0].message).toMatch(/legacy export format/);
    }
  });
});

describe('PUBLISHED content checks', () => {
  it('lists every problem at once', async () => {
    const err = await create('broken', broken).catch((e) => e);
    expect(err.name).toBe('InvalidContactFlowException');
    const messages: string[] = err.problems.map((p: { message: string }) => p.message);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/a \(MessageParticipant\): exactly one of Text/),
      expect.stringMatching(/a: transition to nowhere/),
      expect.stringMatching(/b: unknown action type NoSuchAction/),
      expect.stringMatching(/c \(Compare\): parameter ComparisonValue is required/),
      expect.stringMatching(/d \(CheckHoursOfOperation\) cannot produce the condition Equals Maybe/),
      expect.stringMatching(/e \(DisconnectParticipant\) ends the flow and may have no transitions/),
      expect.stringMatching(/f \(Wait\) cannot produce the error QueueAtCapacity/),
      expect.stringMatching(/f \(Wait\): a WaitCompleted condition is required/),
    ]));
  });

  it('accepts the same content as SAVED, and checks it once published content is updated', async () => {
    const saved = await create('draft', broken, 'SAVED');
    expect(saved.ContactFlowId).toBeTruthy();
    const ok = await create('good', flow([{ Identifier: 'a', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }]));
    const err = await server.connect.send(new UpdateContactFlowContentCommand({ InstanceId: server.instanceId, ContactFlowId: ok.ContactFlowId!, Content: broken })).catch((e) => e);
    expect(err.name).toBe('InvalidContactFlowException');
    const fixed = flow([{ Identifier: 'start', Type: 'MessageParticipant', Parameters: { Text: 'hi' }, Transitions: { NextAction: 'end' } }, { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }], 'start');
    await server.connect.send(new UpdateContactFlowContentCommand({ InstanceId: server.instanceId, ContactFlowId: ok.ContactFlowId!, Content: fixed }));
    const d = await server.connect.send(new DescribeContactFlowCommand({ InstanceId: server.instanceId, ContactFlowId: ok.ContactFlowId! }));
    expect(d.ContactFlow!.Content).toBe(fixed);
  });

  it('refuses content that is not JSON or not the flow language', async () => {
    for (const content of ['{not json', JSON.stringify({ Version: '2019-10-30', Actions: [] }), JSON.stringify({ StartAction: 'a', Actions: [] })]) {
      const err = await create(`bad ${content.length}`, content).catch((e) => e);
      expect(err.name).toBe('InvalidContactFlowException');
    }
  });
});

describe('flow metadata, listing and deletion', () => {
  it('renames, describes, lists by type and deletes', async () => {
    const content = flow([{ Identifier: 'a', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} }]);
    const q = await create('queue music', content, 'PUBLISHED', 'CUSTOMER_QUEUE');
    await server.connect.send(new UpdateContactFlowNameCommand({ InstanceId: server.instanceId, ContactFlowId: q.ContactFlowId!, Name: 'queue music 2', Description: 'v2' }));
    await server.connect.send(new UpdateContactFlowMetadataCommand({ InstanceId: server.instanceId, ContactFlowId: q.ContactFlowId!, ContactFlowState: 'ARCHIVED' }));
    const d = await server.connect.send(new DescribeContactFlowCommand({ InstanceId: server.instanceId, ContactFlowId: q.ContactFlowId! }));
    expect(d.ContactFlow).toMatchObject({ Name: 'queue music 2', Description: 'v2', State: 'ARCHIVED', Type: 'CUSTOMER_QUEUE' });
    const dup = await server.connect.send(new UpdateContactFlowNameCommand({ InstanceId: server.instanceId, ContactFlowId: q.ContactFlowId!, Name: 'Sample inbound chat flow' })).catch((e) => e);
    expect(dup).toMatchObject({ name: 'DuplicateResourceException', $metadata: { httpStatusCode: 409 } });
    const listed = await server.connect.send(new ListContactFlowsCommand({ InstanceId: server.instanceId, ContactFlowTypes: ['CUSTOMER_QUEUE'] }));
    expect(listed.ContactFlowSummaryList!.map((f) => f.Name).sort()).toEqual(['Default customer queue', 'queue music 2']);
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await server.connect.send(new ListContactFlowsCommand({ InstanceId: server.instanceId, MaxResults: 3, NextToken }));
      names.push(...page.ContactFlowSummaryList!.map((f) => f.Name!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(names).toContain('Sample inbound chat flow');
    await server.connect.send(new DeleteContactFlowCommand({ InstanceId: server.instanceId, ContactFlowId: q.ContactFlowId! }));
    const gone = await server.connect.send(new DescribeContactFlowCommand({ InstanceId: server.instanceId, ContactFlowId: q.ContactFlowId! })).catch((e) => e);
    expect(gone).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });
});
