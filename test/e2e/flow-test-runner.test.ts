// The flow test runner, used the three ways a user would: the `switchboard flow test` command (exit codes for CI),
// the test helper (switchboard/testing's runFlowTests), and against a live chat driven through the SDK — the runner's
// trace and attributes must be those of a real chat through the same flow.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateContactFlowCommand, GetContactAttributesCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFlowFile, readScenarios, runFlowTests } from '../../src/testing/index.js';
import { adminCall } from '../helpers/admin-client.js';
import { eventually } from '../helpers/eventually.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const root = join(import.meta.dirname, '../..');
const examples = join(root, 'test/fixtures/flow-examples');
const scenarios = join(root, 'test/fixtures/flow-scenarios');
const flowFile = (name: string) => join(examples, `${name}.json`);

/** Each real export and the scenarios that reach what Switchboard can reach of it. */
const suites = [
  ['vishalforcode__amazon-connect-chat-with-custom-participants__custom-chat-bot', 'custom-chat-bot', 5],
  ['GoodMeasuresLLC__connect__sample_inbound_flow_first_contact_experience', 'inbound-first-contact', 3],
  ['GoodMeasuresLLC__connect__sample_disconnect_flow', 'disconnect-flow', 2],
  ['amazon-connect__amazon-connect-chat-ui-examples__InteractiveMsg_ContactFlowLexV2_Export', 'lex-flows', 1],
  ['amazon-connect__amazon-connect-chat-ui-examples__ThirdPartyChatBotContactFlow', 'lex-flows', 1],
] as const;

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, 'bin/switchboard.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('switchboard flow test (the command)', () => {
  it.each(suites)('passes every scenario of %s', (flow, scenarioFile, count) => {
    const run = cli('flow', 'test', flowFile(flow), join(scenarios, `${scenarioFile}.yaml`));
    expect(run.err).toBe('');
    expect(run.out).toContain(`${count} scenario(s): ${count} passed, 0 failed`);
    expect(run.code).toBe(0);
  }, 120_000);

  it('fails a scenario that asserts the wrong branch, naming the block, and exits 1', () => {
    const run = cli('flow', 'test', flowFile(suites[0][0]), join(scenarios, 'failing/wrong-branch.yaml'));
    expect(run.code).toBe(1);
    expect(run.out).toContain('FAIL  asserts the wrong branch');
    expect(run.out).toContain('wrong-branch.yaml:8: block Compare $.External.status (06f863c4-105a-4f1e-8867-53f30c08137a) took success, not NoMatchingCondition');
    expect(run.out).toContain('1 scenario(s): 0 passed, 1 failed');
  }, 60_000);

  it('refuses a scenario file with a mistake, naming the file and line, with exit code 2', () => {
    const run = cli('flow', 'test', flowFile(suites[0][0]), join(scenarios, 'failing/bad-turn.yaml'));
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/bad-turn\.yaml:4: unknown turn "shout"/);
  });

  it('refuses a flow in the legacy export format with exit code 2', () => {
    const run = cli('flow', 'test', flowFile('amazon-connect__amazon-connect-chat-ui-examples__LEGACY-FORMAT__Basic_Chat_Disconnect_Flow'), join(scenarios, 'lex-flows.yaml'));
    expect(run.code).toBe(2);
    expect(run.err).toContain('legacy export format');
  });

  it('prints coverage: blocks entered, branches taken, and what no scenario took', () => {
    const run = cli('flow', 'test', flowFile(suites[0][0]), join(scenarios, 'custom-chat-bot.yaml'));
    expect(run.out).toContain('Coverage: 9 of 9 blocks entered, 12 of 16 branches taken');
    expect(run.out).toMatch(/not taken: +Wait \(698fef92-9e30-4016-bf5c-7c6dd9f07b28\): NoMatchingError/);
  }, 60_000);
});

describe('runFlowTests (the test helper)', () => {
  it('runs each scenario at its own moment against the hours it sets', async () => {
    const report = await runFlowTests(readFlowFile(join(scenarios, 'flows/office-hours.json')), readScenarios(join(scenarios, 'office-hours.yaml')));
    expect(report.scenarios.map((s) => [s.scenario, s.passed, s.ended.state])).toEqual([
      ['a Monday morning in Berlin finds the office open', true, 'queue'],
      ['a Saturday finds it closed', true, 'disconnected'],
      ['a Friday evening after five finds it closed', true, 'disconnected'],
    ]);
    // The trace's timestamps are the scenario's moment, on the server's clock.
    expect(report.scenarios[1]!.trace[0]!.Timestamp).toMatch(/^2026-12-05T09:30/);
  }, 60_000);

  it('reports messages, attributes, where the contact ended, Lambda calls and the trace', async () => {
    const report = await runFlowTests(readFlowFile(flowFile(suites[0][0])), readScenarios(join(scenarios, 'custom-chat-bot.yaml')));
    expect(report.passed).toBe(true);
    const [joins] = report.scenarios;
    expect(joins!.messages.map((m) => m.content)).toEqual(['Welcome.  Initializing custom bot...', 'Bot was successful.']);
    expect(joins!.ended).toEqual({ state: 'disconnected' });
    expect(joins!.lambdaCalls).toEqual([expect.objectContaining({ functionArn: 'NOT-SET', answered: expect.objectContaining({ addBot: 'Support bot' }) })]);
    expect(joins!.trace.map((e) => [e.ContactFlowModuleType, e.Results])).toContainEqual(['Wait', 'BotParticipantDisconnected']);
    expect(report.coverage.blocksEntered).toBe(9);
  }, 60_000);
});

describe('the runner against a live chat', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { SWITCHBOARD_TIME_CONTROL: 'true' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('takes the same path, with the same attributes, as a chat through the SDK', async () => {
    const flow = flowFile('GoodMeasuresLLC__connect__sample_disconnect_flow');
    const [returns] = readScenarios(join(scenarios, 'disconnect-flow.yaml')).filter((s) => s.name.includes('comes back'));
    const report = await runFlowTests(readFlowFile(flow), [returns!]);
    expect(report.passed).toBe(true);

    // The same turns by hand: wait 600 s, then the customer writes.
    const created = await server.connect.send(new CreateContactFlowCommand({ InstanceId: server.instanceId, Name: 'Disconnect sample', Type: 'CONTACT_FLOW', Content: readFileSync(flow, 'utf8') }));
    const chat = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: created.ContactFlowId!, ParticipantDetails: { DisplayName: 'Customer' } }));
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
    const liveTrace = async () => (await adminCall(server, 'GET', `/contacts/${chat.ContactId}/flow-trace?instanceId=${server.instanceId}`)).body.entries as { Identifier: string; Results?: string; NextAction?: string }[];
    await eventually('the flow waits for the customer', async () => (await liveTrace()).some((e) => e.Results === 'Waiting'));
    expect((await adminCall(server, 'POST', '/clock/advance', { seconds: 600 })).status).toBe(200);
    await server.participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'Hello again, are you there?' }));
    await eventually('the chat is disconnected', async () => (await liveTrace()).some((e) => e.Results === 'Disconnected'));

    const path = (entries: { Identifier: string; Results?: string; NextAction?: string }[]) => entries.map((e) => [e.Identifier, e.Results, e.NextAction]);
    expect(path(await liveTrace())).toEqual(path(report.scenarios[0]!.trace));
    const live = await server.connect.send(new GetContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: chat.ContactId! }));
    expect(live.Attributes).toEqual(report.scenarios[0]!.attributes);
  }, 60_000);
});
