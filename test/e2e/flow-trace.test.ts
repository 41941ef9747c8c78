// Flow traces through the admin API, after a chat driven through the public APIs: each block entered, its
// parameters with dynamic values resolved, what came of it and where the flow went next, waits and what resumed them,
// a Lambda's answer and how long it took, modules and segments — shaped like Amazon's flow log entries; and no trace
// once a flow turns logging off.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { createFlow, end, say, to } from '../helpers/flow-harness.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:order-status';
let lambda: Server;
let server: TestServer;
let token: string;
beforeAll(async () => {
  // The Lambda is a real HTTP endpoint of the user's, as SWITCHBOARD_LAMBDA_ENDPOINTS maps it; it answers after 50 ms.
  lambda = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.end(JSON.stringify({ status: 'shipped' })), 50));
  });
  await new Promise<void>((r) => lambda.listen(0, '127.0.0.1', r));
  server = await startTestServer({ env: { SWITCHBOARD_LAMBDA_ENDPOINTS: JSON.stringify({ [LAMBDA_ARN]: `http://127.0.0.1:${(lambda.address() as AddressInfo).port}/` }) } });
  const login = await fetch(`${server.app.localUrl}/admin/v1/login`, { method: 'POST', body: JSON.stringify({ accessKeyId: server.app.keys.accessKeyId, secretAccessKey: server.app.keys.secretAccessKey }) });
  token = ((await login.json()) as { token: string }).token;
});
afterAll(async () => {
  await server?.close();
  lambda?.close();
});

interface Entry {
  Timestamp: string; ContactId: string; ContactFlowId?: string; ContactFlowModuleType: string; Identifier: string; Parameters: Record<string, unknown>;
  Results?: string; NextAction?: string; ResumedBy?: string; ExternalResults?: Record<string, string>; DurationMs?: number;
}
const trace = async (contactId: string) => {
  const res = await fetch(`${server.app.localUrl}/admin/v1/contacts/${contactId}/flow-trace?instanceId=${server.instanceId}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { entries: Entry[] }).entries;
};
async function chatOn(flowId: string) {
  const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Traced' } }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  return { contactId: started.ContactId!, say: (Content: string) => server.participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content })) };
}

describe('flow traces', () => {
  it('records each block, its parameters, the branch taken and what resumed a wait', async () => {
    const flowId = await createFlow(server, [
      { Identifier: 'set', Type: 'UpdateContactAttributes', Parameters: { Attributes: { tier: 'gold' } }, Transitions: to('ask', ['NoMatchingError']) },
      { Identifier: 'ask', Type: 'GetParticipantInput', Parameters: { Text: 'Orders or returns?', StoreInput: 'True', InputTimeLimitSeconds: '60' },
        Transitions: { NextAction: 'other', Conditions: [{ NextAction: 'orders', Condition: { Operator: 'Equals', Operands: ['orders'] } }], Errors: ['NoMatchingCondition', 'InputTimeLimitExceeded', 'NoMatchingError'].map((ErrorType) => ({ ErrorType, NextAction: 'other' })) } },
      say('orders', 'Orders it is', 'hold'),
      say('other', 'Something else', 'hold'),
      { Identifier: 'hold', Type: 'Wait', Parameters: { TimeLimitSeconds: '600' }, Transitions: { NextAction: 'bye', Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
      end('bye'),
    ]);
    const chat = await chatOn(flowId);
    await chat.say('orders');
    await eventually('the flow reached the Wait', async () => (await trace(chat.contactId)).some((e) => e.Identifier === 'hold'));
    const entries = await trace(chat.contactId);
    expect(entries.map((e) => [e.Identifier, e.Results, e.NextAction, e.ResumedBy])).toEqual([
      ['set', 'Success', 'ask', undefined],
      ['ask', 'Waiting', undefined, undefined],
      ['ask', 'orders', 'orders', 'customerMessage'],
      ['orders', 'Success', 'hold', undefined],
      ['hold', 'Waiting', undefined, undefined],
    ]);
    expect(entries[0]).toMatchObject({ ContactId: chat.contactId, ContactFlowId: flowId, ContactFlowModuleType: 'UpdateContactAttributes', Parameters: { Attributes: { tier: 'gold' } } });
    expect(Date.parse(entries[0]!.Timestamp)).not.toBeNaN();
  });

  it("shows parameters as the block used them and a Lambda's answer with how long it took", async () => {
    const flowId = await createFlow(server, [
      { Identifier: 'lookup', Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN: LAMBDA_ARN, InvocationTimeLimitSeconds: '3', LambdaInvocationAttributes: { customer: '$.CustomerEndpoint.Address' } },
        Transitions: to('remember', ['NoMatchingError']) },
      { Identifier: 'remember', Type: 'UpdateContactAttributes', Parameters: { Attributes: { orderStatus: '$.External.status' } }, Transitions: to('tell', ['NoMatchingError']) },
      say('tell', 'Hello $.Attributes.name, your order is $.External.status.', 'hold'),
      { Identifier: 'hold', Type: 'Wait', Parameters: { TimeLimitSeconds: '600' }, Transitions: { NextAction: 'bye', Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
      end('bye'),
    ]);
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Traced' }, Attributes: { name: 'Pat' },
    }));
    await eventually('the flow reached the Wait', async () => (await trace(started.ContactId!)).some((e) => e.Identifier === 'hold'));
    const entries = await trace(started.ContactId!);
    const resumed = entries.find((e) => e.Identifier === 'lookup' && e.ResumedBy === 'lambdaResult')!;
    expect(resumed.ExternalResults).toEqual({ status: 'shipped' });
    expect(resumed.DurationMs).toBeGreaterThanOrEqual(50);
    expect(entries.find((e) => e.Identifier === 'remember')!.Parameters).toEqual({ Attributes: { orderStatus: 'shipped' } });
    expect(entries.find((e) => e.Identifier === 'tell')!.Parameters).toEqual({ Text: 'Hello Pat, your order is shipped.' });
  });

  it('follows Set logging behavior block by block, also after a wait', async () => {
    const flowId = await createFlow(server, [
      say('first', 'Logged', 'off'),
      { Identifier: 'off', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Disabled' }, Transitions: to('ask', ['NoMatchingError']) },
      { Identifier: 'ask', Type: 'GetParticipantInput', Parameters: { Text: 'Anything?', StoreInput: 'True', InputTimeLimitSeconds: '60' }, Transitions: to('quiet', ['InputTimeLimitExceeded', 'NoMatchingError']) },
      say('quiet', 'Not logged', 'on'),
      { Identifier: 'on', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: to('loud', ['NoMatchingError']) },
      say('loud', 'Logged again', 'hold'),
      { Identifier: 'hold', Type: 'Wait', Parameters: { TimeLimitSeconds: '600' }, Transitions: { NextAction: 'bye', Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
      end('bye'),
    ]);
    const chat = await chatOn(flowId);
    await chat.say('nothing');
    await eventually('the flow reached the Wait', async () => (await trace(chat.contactId)).some((e) => e.Identifier === 'hold'));
    // 'ask' (entered and resumed) and 'quiet' ran while logging was off.
    expect((await trace(chat.contactId)).map((e) => e.Identifier)).toEqual(['first', 'off', 'on', 'loud', 'hold']);
  });
});
