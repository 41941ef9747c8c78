// Every action type the interpreter runs, exercised with flow JSON through a real server (CreateContactFlow,
// StartChatContact, the customer's SendMessage), with time moved by a manual clock instead of sleeping.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateHoursOfOperationCommand, CreateQueueCommand, CreateViewCommand, UpdateQueueMaxContactsCommand } from '@aws-sdk/client-connect';
import { DescribeViewCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type Action, createFlow, end, say, startFlowChat, to, when } from '../helpers/flow-harness.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const clock = new ManualClock(Date.UTC(2026, 10, 23, 15, 0)); // a Monday, 15:00 UTC
const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:lookup';
const SLOW_LAMBDA_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:slow';
let lambda: Server;
const lambdaEvents: { Details: { ContactData: { ContactId: string; Attributes: Record<string, string> }; Parameters: Record<string, string> } }[] = [];
let server: TestServer;

beforeAll(async () => {
  // The Lambda stand-in is a real HTTP endpoint of the user's, as SWITCHBOARD_LAMBDA_ENDPOINTS maps it.
  lambda = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const event = JSON.parse(body);
      lambdaEvents.push(event);
      if (req.url === '/slow') return void setTimeout(() => res.end('{"late":"yes"}'), 3000);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ tier: 'gold', orders: 3, echo: event.Details.Parameters.customer }));
    });
  });
  await new Promise<void>((r) => lambda.listen(0, '127.0.0.1', r));
  const port = (lambda.address() as AddressInfo).port;
  server = await startTestServer({
    clock, sweepTimers: false,
    env: { SWITCHBOARD_LAMBDA_ENDPOINTS: JSON.stringify({ [LAMBDA_ARN]: `http://127.0.0.1:${port}/`, [SLOW_LAMBDA_ARN]: `http://127.0.0.1:${port}/slow` }) },
  });
});
afterAll(async () => {
  await server?.close();
  lambda?.close();
});

const run = async (actions: Action[], attributes: Record<string, string> = {}) => startFlowChat(server, await createFlow(server, actions), attributes);
const settle = async (predicate: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached');
};

describe('participant actions', () => {
  it('MessageParticipant resolves dynamic values in text; DisconnectParticipant ends the chat', async () => {
    const chat = await run([say('hi', 'Hello $.Attributes.name on $.Channel, your id is $.Attributes.missing.', 'end'), end()], { name: 'Ada' });
    expect(await chat.said()).toEqual(['Hello Ada on CHAT, your id is .']);
    expect(await chat.ended()).toBe(true);
    expect((await chat.contact()).DisconnectReason).toBeUndefined();
  });

  it('GetParticipantInput waits for the customer, stores the input and branches on it', async () => {
    const chat = await run([
      { Identifier: 'ask', Type: 'GetParticipantInput', Parameters: { Text: 'Sales or support?', StoreInput: 'True', InputTimeLimitSeconds: '60' },
        Transitions: { NextAction: 'other', Conditions: [when('sales', 'sales'), when('support', 'support')], Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'other' }, { ErrorType: 'InputTimeLimitExceeded', NextAction: 'late' }] } },
      say('sales', 'Sales it is: $.StoredCustomerInput', 'end'),
      say('support', 'Support', 'end'),
      say('other', 'Sorry?', 'end'),
      say('late', 'Too late', 'end'),
      end(),
    ]);
    expect(await chat.said()).toEqual(['Sales or support?']);
    await chat.send('sales');
    expect(await chat.said()).toEqual(['Sales or support?', 'Sales it is: sales']);
    expect(await chat.ended()).toBe(true);
  });

  it('GetParticipantInput takes InputTimeLimitExceeded when the customer stays silent', async () => {
    const chat = await run([
      { Identifier: 'ask', Type: 'GetParticipantInput', Parameters: { Text: 'Anything?', InputTimeLimitSeconds: '30' },
        Transitions: { NextAction: 'end', Conditions: [when('x', 'end')], Errors: [{ ErrorType: 'InputTimeLimitExceeded', NextAction: 'late' }, { ErrorType: 'NoMatchingCondition', NextAction: 'end' }] } },
      say('late', 'No answer in time', 'end'), end(),
    ]);
    clock.advance(29_000);
    await server.app.timers.sweep();
    expect(await chat.said()).toEqual(['Anything?']);
    clock.advance(1_000);
    await server.app.timers.sweep();
    expect(await chat.said()).toEqual(['Anything?', 'No answer in time']);
  });

  it('ConnectParticipantWithLexBot takes its error branch (no Lex here)', async () => {
    const chat = await run([
      { Identifier: 'lex', Type: 'ConnectParticipantWithLexBot', Parameters: { LexV2Bot: { AliasArn: 'arn:aws:lex:x' } }, Transitions: to('fallback', ['NoMatchingError']) },
      say('fallback', 'No bot today', 'end'), end(),
    ]);
    expect(await chat.said()).toEqual(['No bot today']);
  });
});

describe('contact actions', () => {
  it('UpdateContactAttributes and UpdateFlowAttributes feed Compare and text', async () => {
    const chat = await run([
      { Identifier: 'set', Type: 'UpdateContactAttributes', Parameters: { Attributes: { tier: '$.Attributes.level', fixed: 'yes' } }, Transitions: to('flowattr', ['NoMatchingError']) },
      { Identifier: 'flowattr', Type: 'UpdateFlowAttributes', Parameters: { FlowAttributes: { greeting: { Value: 'Howdy' } } }, Transitions: to('cmp') },
      { Identifier: 'cmp', Type: 'Compare', Parameters: { ComparisonValue: '$.Attributes.tier' },
        Transitions: { NextAction: 'none', Conditions: [when('gold', 'gold'), when('10', 'big', 'NumberGreaterThan')], Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'none' }] } },
      say('gold', '$.FlowAttributes.greeting, gold member', 'end'), say('big', 'big', 'end'), say('none', 'none', 'end'), end(),
    ], { level: 'gold' });
    expect(await chat.said()).toEqual(['Howdy, gold member']);
    expect(await chat.attributes()).toMatchObject({ level: 'gold', tier: 'gold', fixed: 'yes' });
  });

  it('Compare with numbers and no matching condition', async () => {
    const flow = (v: string) => run([
      { Identifier: 'cmp', Type: 'Compare', Parameters: { ComparisonValue: '$.Attributes.n' },
        Transitions: { NextAction: 'none', Conditions: [when('10', 'big', 'NumberGreaterThan'), when('0', 'neg', 'NumberLessThan')], Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'none' }] } },
      say('big', 'big', 'end'), say('neg', 'negative', 'end'), say('none', 'no match', 'end'), end(),
    ], { n: v });
    expect(await (await flow('42')).said()).toEqual(['big']);
    expect(await (await flow('-3')).said()).toEqual(['negative']);
    expect(await (await flow('5')).said()).toEqual(['no match']);
  });

  it('UpdateContactData, routing behaviour, logging and recording are recorded on the contact', async () => {
    const chat = await run([
      { Identifier: 'data', Type: 'UpdateContactData', Parameters: { Name: 'Order $.Attributes.order', Description: 'Late delivery', CustomerId: 'c-9' }, Transitions: to('prio') },
      { Identifier: 'prio', Type: 'UpdateContactRoutingBehavior', Parameters: { QueuePriority: '1' }, Transitions: to('log') },
      { Identifier: 'log', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: to('rec') },
      { Identifier: 'rec', Type: 'UpdateContactRecordingBehavior', Parameters: { RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] } }, Transitions: to('bye') },
      say('bye', 'done', 'end'), end(),
    ], { order: '77' });
    const c = await chat.contact();
    expect(c).toMatchObject({ Name: 'Order 77', Description: 'Late delivery', CustomerId: 'c-9' });
  });

  it('CreateTask takes its error branch (tasks are not a channel here)', async () => {
    const chat = await run([
      { Identifier: 'task', Type: 'CreateTask', Parameters: { Name: 'x' }, Transitions: to('after', ['NoMatchingError']) }, say('after', 'no task', 'end'), end(),
    ]);
    expect(await chat.said()).toEqual(['no task']);
  });

  it('UpdateContactTargetQueue + TransferContactToQueue queue the contact; a full queue takes QueueAtCapacity', async () => {
    const hours = await server.connect.send(new CreateHoursOfOperationCommand({
      InstanceId: server.instanceId, Name: 'always', TimeZone: 'UTC',
      Config: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].map((Day) => ({ Day: Day as 'MONDAY', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } })),
    }));
    const queue = await server.connect.send(new CreateQueueCommand({ InstanceId: server.instanceId, Name: 'tiny', HoursOfOperationId: hours.HoursOfOperationId }));
    await server.connect.send(new UpdateQueueMaxContactsCommand({ InstanceId: server.instanceId, QueueId: queue.QueueId!, MaxContacts: 1 }));
    const actions: Action[] = [
      { Identifier: 'q', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queue.QueueArn }, Transitions: to('go', ['NoMatchingError']) },
      { Identifier: 'go', Type: 'TransferContactToQueue', Parameters: {}, Transitions: { NextAction: 'full', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'full' }, { ErrorType: 'NoMatchingError', NextAction: 'err' }] } },
      say('full', 'The queue is full', 'end'), say('err', 'error', 'end'), end(),
    ];
    const first = await run(actions);
    expect((await first.contact()).QueueInfo?.Id).toBe(queue.QueueId);
    expect(await first.ended()).toBe(false);
    const second = await run(actions);
    expect(await second.said()).toContain('The queue is full');
    expect(await second.ended()).toBe(true);
  });

  it('TransferContactToQueue without a working queue takes NoMatchingError', async () => {
    const chat = await run([
      { Identifier: 'go', Type: 'TransferContactToQueue', Parameters: {}, Transitions: { NextAction: 'err', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'err' }] } },
      say('err', 'no queue set', 'end'), end(),
    ]);
    expect(await chat.said()).toEqual(['no queue set']);
  });
});

describe('flow-control actions', () => {
  it('Loop runs LoopCount times then DoneLooping', async () => {
    const chat = await run([
      { Identifier: 'loop', Type: 'Loop', Parameters: { LoopCount: '3' }, Transitions: { Conditions: [when('ContinueLooping', 'tick'), when('DoneLooping', 'done')] } },
      say('tick', 'tick', 'loop'), say('done', 'done', 'end'), end(),
    ]);
    expect(await chat.said()).toEqual(['tick', 'tick', 'tick', 'done']);
  });

  it('DistributeByPercentage picks a branch by a chain of NumberLessThan conditions', async () => {
    const chat = await run([
      { Identifier: 'split', Type: 'DistributeByPercentage', Parameters: {}, Transitions: { NextAction: 'b', Conditions: [when('51', 'a', 'NumberLessThan')], Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'b' }] } },
      say('a', 'A', 'end'), say('b', 'B', 'end'), end(),
    ]);
    expect(['A', 'B']).toContain((await chat.said())[0]);
  });

  it('TransferToFlow continues in another flow with the contact attributes', async () => {
    const target = await createFlow(server, [say('there', 'In the second flow, $.Attributes.who', 'end'), end()]);
    const chat = await run([
      { Identifier: 'set', Type: 'UpdateContactAttributes', Parameters: { Attributes: { who: 'Bob' } }, Transitions: to('jump') },
      { Identifier: 'jump', Type: 'TransferToFlow', Parameters: { ContactFlowId: target }, Transitions: to('err', ['NoMatchingError']) },
      say('err', 'could not transfer', 'end'), end(),
    ]);
    expect(await chat.said()).toEqual(['In the second flow, Bob']);
  });

  it('CheckHoursOfOperation branches True and False by the hours and time zone', async () => {
    const weekdays = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];
    const mk = async (Name: string, TimeZone: string, start: number, endHour: number) => (await server.connect.send(new CreateHoursOfOperationCommand({
      InstanceId: server.instanceId, Name, TimeZone,
      Config: weekdays.map((Day) => ({ Day: Day as 'MONDAY', StartTime: { Hours: start, Minutes: 0 }, EndTime: { Hours: endHour, Minutes: 0 } })),
    }))).HoursOfOperationId!;
    // 15:00 UTC on a Monday is 10:00 in New York and 00:00 (Tuesday) in Tokyo.
    const open = await mk('ny office', 'America/New_York', 9, 17);
    const closed = await mk('tokyo office', 'Asia/Tokyo', 9, 17);
    const check = (hours: string) => run([
      { Identifier: 'h', Type: 'CheckHoursOfOperation', Parameters: { HoursOfOperationId: hours }, Transitions: { NextAction: 'no', Conditions: [when('True', 'yes'), when('False', 'no')], Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'no' }] } },
      say('yes', 'open', 'end'), say('no', 'closed', 'end'), end(),
    ]);
    expect(await (await check(open)).said()).toEqual(['open']);
    expect(await (await check(closed)).said()).toEqual(['closed']);
  });

  it('CheckMetricData and GetMetricData read the working queue', async () => {
    const chat = await run([
      { Identifier: 'q', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: server.defaults.basicQueueId }, Transitions: to('m') },
      { Identifier: 'm', Type: 'CheckMetricData', Parameters: { MetricType: 'NumberOfAgentsAvailable' }, Transitions: { NextAction: 'none', Conditions: [when('0', 'some', 'NumberGreaterThan')], Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'none' }] } },
      say('some', 'agents available', 'g'), say('none', 'no agents', 'g'),
      { Identifier: 'g', Type: 'GetMetricData', Parameters: {}, Transitions: to('tell') },
      // Read as Amazon's flows read them: $.Metrics.* (agent metrics are absent when no agent is online).
      say('tell', 'in $.Metrics.Queue.Name: $.Metrics.Queue.Size waiting, oldest $.Metrics.Queue.OldestContactAge s, online [$.Metrics.Agents.Online.Count]', 'arn'),
      say('arn', 'instance $.InstanceARN', 'end'), end(),
    ]);
    const said = await chat.said();
    expect(said[0]).toBe('no agents');
    expect(said[1]).toMatch(/^in BasicQueue: \d+ waiting, oldest \d+ s, online \[\]$/);
    expect(said[2]).toBe(`instance arn:aws:connect:us-east-1:123456789012:instance/${server.instanceId}`);
  });

  it('GetParticipantInput stores the chosen title of a list-picker answer, and matches conditions on it', async () => {
    const INTERACTIVE = ['text/plain', 'application/vnd.amazonaws.connect.message.interactive', 'application/vnd.amazonaws.connect.message.interactive.response'];
    const picker = JSON.stringify({ templateType: 'ListPicker', version: '1.0', data: { content: { title: 'About?', elements: [{ title: 'Orders' }, { title: 'Returns' }] } } });
    const flowId = await createFlow(server, [
      { Identifier: 'ask', Type: 'GetParticipantInput', Parameters: { Text: picker, StoreInput: 'True', InputTimeLimitSeconds: '600' },
        Transitions: { NextAction: 'other', Conditions: [when('Returns', 'returns')], Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'other' }, { ErrorType: 'InputTimeLimitExceeded', NextAction: 'other' }] } },
      say('returns', 'You chose $.StoredCustomerInput', 'end'), say('other', 'no match: $.StoredCustomerInput', 'end'), end(),
    ]);
    const chat = await startFlowChat(server, flowId, {}, INTERACTIVE);
    await chat.send(JSON.stringify({ templateType: 'ListPicker', version: '1.0', data: { content: { title: 'Returns', selectedIndex: 1 } } }),
      'application/vnd.amazonaws.connect.message.interactive.response');
    await settle(async () => (await chat.said()).length >= 2);
    expect((await chat.said())[1]).toBe('You chose Returns');
  });

  it('Wait resumes on CustomerReturned, or completes when the time limit passes', async () => {
    const waitFlow: Action[] = [
      { Identifier: 'w', Type: 'Wait', Parameters: { TimeLimitSeconds: '900', Events: ['CustomerReturned'] }, Transitions: { NextAction: 'timeout', Conditions: [when('WaitCompleted', 'timeout'), when('CustomerReturned', 'back')], Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'timeout' }] } },
      say('back', 'Welcome back', 'end'), say('timeout', 'Timed out', 'end'), end(),
    ];
    const returning = await run(waitFlow);
    await returning.send('I am back');
    expect(await returning.said()).toEqual(['Welcome back']);
    const silent = await run(waitFlow);
    clock.advance(900_000);
    await server.app.timers.sweep();
    expect(await silent.said()).toEqual(['Timed out']);
  });

  it('Wait accepts TimeoutSeconds (the reference page name) too', async () => {
    const chat = await run([
      { Identifier: 'w', Type: 'Wait', Parameters: { TimeoutSeconds: 60 }, Transitions: { NextAction: 'done', Conditions: [when('WaitCompleted', 'done')] } },
      say('done', 'waited', 'end'), end(),
    ]);
    clock.advance(60_000);
    await server.app.timers.sweep();
    expect(await chat.said()).toEqual(['waited']);
  });

  it('EndFlowExecution in an inbound flow ends the contact (nothing holds it)', async () => {
    const chat = await run([say('a', 'bye', 'stop'), { Identifier: 'stop', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} }]);
    expect(await chat.ended()).toBe(true);
  });
});

describe('InvokeLambdaFunction', () => {
  it('puts a synchronous STRING_MAP result under $.External and sends Amazon’s event shape', async () => {
    const chat = await run([
      { Identifier: 'call', Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN: LAMBDA_ARN, InvocationTimeLimitSeconds: '3', LambdaInvocationAttributes: { customer: '$.Attributes.name' }, ResponseValidation: { ResponseType: 'STRING_MAP' } }, Transitions: to('tell', ['NoMatchingError']) },
      { Identifier: 'tell', Type: 'Compare', Parameters: { ComparisonValue: '$.External.tier' }, Transitions: { NextAction: 'other', Conditions: [when('gold', 'gold')], Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'other' }] } },
      say('gold', '$.External.echo is gold with $.External.orders orders', 'end'), say('other', 'not gold', 'end'), end(),
    ], { name: 'Cleo' });
    await settle(async () => (await chat.said()).length > 0);
    expect(await chat.said()).toEqual(['Cleo is gold with 3 orders']);
    const event = lambdaEvents.find((e) => e.Details.ContactData.ContactId === chat.contactId)!;
    expect(event.Details.Parameters).toEqual({ customer: 'Cleo' });
    expect(event.Details.ContactData.Attributes).toMatchObject({ name: 'Cleo' });
  });

  it('takes the error branch past InvocationTimeLimitSeconds and for an ARN with no endpoint', async () => {
    const failing = (arn: string) => run([
      { Identifier: 'call', Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN: arn, InvocationTimeLimitSeconds: '1' }, Transitions: to('ok', []) && { NextAction: 'ok', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'failed' }] } },
      say('ok', 'ok', 'end'), say('failed', 'lambda failed', 'end'), end(),
    ]);
    const slow = await failing(SLOW_LAMBDA_ARN);
    const missing = await failing('arn:aws:lambda:us-east-1:123456789012:function:nowhere');
    await settle(async () => (await slow.said()).length > 0 && (await missing.said()).length > 0);
    expect(await slow.said()).toEqual(['lambda failed']);
    expect(await missing.said()).toEqual(['lambda failed']);
  });
});

describe('ShowView', () => {
  const INTERACTIVE = ['text/plain', 'application/vnd.amazonaws.connect.message.interactive', 'application/vnd.amazonaws.connect.message.interactive.response'];
  const viewFlow = async (viewId: string) => createFlow(server, [
    { Identifier: 'show', Type: 'ShowView', Parameters: { ViewResource: { Id: viewId, Version: '1' }, InvocationTimeLimitSeconds: '120', ViewData: { Heading: 'Hi $.Attributes.name' } },
      Transitions: { NextAction: 'other', Conditions: [when('Submit', 'got')], Errors: [{ ErrorType: 'TimeLimitExceeded', NextAction: 'late' }, { ErrorType: 'NoMatchingCondition', NextAction: 'other' }, { ErrorType: 'NoMatchingError', NextAction: 'err' }] } },
    say('got', 'Thanks, we will write to $.Views.ViewResultData.email', 'end'), say('other', 'other action', 'end'),
    say('late', 'view timed out', 'end'), say('err', 'cannot show views here', 'end'), end(),
  ]);

  it('shows a view the customer reads with DescribeView, and branches on the action the customer chose', async () => {
    const view = await server.connect.send(new CreateViewCommand({
      InstanceId: server.instanceId, Name: 'email form', Status: 'PUBLISHED',
      Content: { Template: '{"Head":{"Title":"Email"},"Body":[{"_id":"f","Type":"Form"}]}', Actions: ['Submit', 'Cancel'] },
    }));
    const chat = await startFlowChat(server, await viewFlow(view.View!.Id!), { name: 'Dee' }, INTERACTIVE);
    const items = await server.app.store.listTranscriptItems({ initialContactId: chat.contactId, order: 'asc', limit: 100 });
    const shown = items.find((i) => i.contentType === 'application/vnd.amazonaws.connect.message.interactive')!;
    const message = JSON.parse(shown.content!) as { templateType: string; data: { content: { viewToken: string; viewData: { Heading: string } } } };
    expect(message.templateType).toBe('ViewResource');
    expect(message.data.content.viewData.Heading).toBe('Hi Dee');
    const described = await server.participant.send(new DescribeViewCommand({ ConnectionToken: chat.token, ViewToken: message.data.content.viewToken }));
    expect(described.View).toMatchObject({ Id: view.View!.Id, Name: 'email form', Content: { Actions: ['Submit', 'Cancel'] } });
    // Plain text does not answer a view; the interactive response does.
    await chat.send('hello?');
    expect(await chat.said()).toHaveLength(1);
    await chat.send(JSON.stringify({ templateType: 'ViewResource', data: { actionName: 'Submit', viewResultData: { email: 'dee@example.com' } } }), 'application/vnd.amazonaws.connect.message.interactive.response');
    expect((await chat.said()).slice(1)).toEqual(['Thanks, we will write to dee@example.com']);
    // The chat ended with the flow: its connection token no longer opens anything.
    const after = await server.participant.send(new DescribeViewCommand({ ConnectionToken: chat.token, ViewToken: message.data.content.viewToken })).catch((e) => e);
    expect(after.name).toBe('AccessDeniedException');
  });

  it('takes TimeLimitExceeded when unanswered, and NoMatchingError in a chat without interactive messages', async () => {
    const view = await server.connect.send(new CreateViewCommand({ InstanceId: server.instanceId, Name: 'timeout form', Status: 'PUBLISHED', Content: { Template: '{}', Actions: ['Submit'] } }));
    const flowId = await viewFlow(view.View!.Id!);
    const waiting = await startFlowChat(server, flowId, {}, INTERACTIVE);
    const forged = await server.participant.send(new DescribeViewCommand({ ConnectionToken: waiting.token, ViewToken: 'forged' })).catch((e) => e);
    expect(forged).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    clock.advance(120_000);
    await server.app.timers.sweep();
    expect((await waiting.said()).slice(-1)).toEqual(['view timed out']);
    const plain = await startFlowChat(server, flowId);
    expect(await plain.said()).toEqual(['cannot show views here']);
  });
});
