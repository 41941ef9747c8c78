// The `switchboard` command against a running server, as a developer uses it from a terminal: the clock, fault
// rules (met by the SDK), transcripts as JSON and CSV, and following a chat live in a pseudo-terminal (util-linux
// `script`) until it ends.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { CreateContactFlowCommand, CreateParticipantCommand, StartChatContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall } from '../helpers/admin-client.js';
import { eventually } from '../helpers/eventually.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/switchboard.mjs');
let server: TestServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_TIME_CONTROL: 'true', SWITCHBOARD_FAULT_INJECTION: 'true' } });
  env = { ...process.env, SWITCHBOARD_ENDPOINT: server.app.localUrl, AWS_ACCESS_KEY_ID: server.app.keys.accessKeyId, AWS_SECRET_ACCESS_KEY: server.app.keys.secretAccessKey };
});
afterAll(async () => {
  await server?.close();
});

/** Runs the command without blocking this process, which serves the server it talks to. */
function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return cliWith(env, ...args);
}

function cliWith(withEnv: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: withEnv, encoding: 'utf8', timeout: 60_000 }, (err, out, errOut) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, out, err: errOut });
    });
  });
}

async function chat(name: string) {
  const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: name } }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
  const say = (Content: string) => server.participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content }));
  return { contactId: started.ContactId!, say };
}

describe('switchboard (the command) on a running server', () => {
  it('reads and moves the clock', async () => {
    const before = await cli('clock');
    expect(before.code).toBe(0);
    const read = JSON.parse(before.out) as { now: string; timeControl: boolean };
    expect(read.timeControl).toBe(true);
    const moved = await cli('clock', '--advance', '3600');
    expect(moved.code).toBe(0);
    const after = JSON.parse(moved.out) as { now: string; offsetSeconds: number };
    expect(after.offsetSeconds).toBe(3600);
    expect(Date.parse(after.now) - Date.parse(read.now)).toBeGreaterThanOrEqual(3_600_000);
  });

  it('adds a fault rule the SDK meets, lists it and removes it', async () => {
    const added = await cli('faults', 'add', '--operation', 'DescribeContact', '--error', 'InternalServiceException');
    expect(added.code).toBe(0);
    const rule = JSON.parse(added.out) as { id: string };
    const { contactId } = await chat('Faulty');
    await expect(server.app.invoke('Connect', 'DescribeContact', { InstanceId: server.instanceId, ContactId: contactId })).resolves.toMatchObject({ status: 500 });
    expect((JSON.parse((await cli('faults', 'list')).out) as { rules: { id: string; hits: number }[] }).rules).toEqual([expect.objectContaining({ id: rule.id, hits: 1 })]);
    expect((await cli('faults', 'remove', rule.id)).code).toBe(0);
    expect((JSON.parse((await cli('faults')).out) as { rules: unknown[] }).rules).toEqual([]);
  });

  it('exports a transcript as JSON and as CSV', async () => {
    const c = await chat('Exporter');
    await c.say('Hello, "quoted", with a comma');
    const json = await cli('transcript', c.contactId);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.out) as { transcript: { Content?: string }[] }).transcript.map((i) => i.Content)).toContain('Hello, "quoted", with a comma');
    const csv = await cli('transcript', c.contactId, '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toBe('time,type,role,name,contentType,content,id,contactId');
    expect(lines).toContainEqual(expect.stringContaining(',MESSAGE,CUSTOMER,Exporter,text/plain,"Hello, ""quoted"", with a comma",'));
  });

  it('follows a chat live in a terminal until it ends', async () => {
    const c = await chat('Follower');
    // `script` gives the command a pseudo-terminal, as a developer's shell would.
    const follow: ChildProcess = spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} transcript ${c.contactId} --follow`, '/dev/null'], { cwd: root, env });
    let out = '';
    follow.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => follow.on('exit', r));
    await eventually('the command printed the customer joining', () => out.includes('CUSTOMER Follower: participant.joined'), 30_000);
    await c.say('first line');
    await c.say('second line');
    await eventually('the command printed both messages', () => out.includes('second line'), 10_000);
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: c.contactId }));
    expect(await exited).toBe(0);
    expect(out.indexOf('CUSTOMER Follower: first line')).toBeGreaterThan(-1);
    expect(out.indexOf('CUSTOMER Follower: first line')).toBeLessThan(out.indexOf('CUSTOMER Follower: second line'));
    expect(out).toContain('chat.ended');
  }, 60_000);

  it('chats as a customer from a terminal: sees the flow and a bot, sends typed lines, leaves with /quit', async () => {
    const term: ChildProcess = spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} chat --name Terminal`, '/dev/null'], { cwd: root, env });
    let out = '';
    term.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => term.on('exit', r));
    await eventually('the chat started and the flow greeted', () => /Chat (\S+) started as Terminal/.test(out) && out.includes('Thanks for contacting us'), 30_000);
    const contactId = /Chat (\S+) started as Terminal/.exec(out)![1]!;
    term.stdin!.write('Hello from the terminal\r');
    const transcriptHas = async (text: string) => {
      const view = (await adminCall(server, 'GET', `/contacts/${contactId}/transcript?instanceId=${server.instanceId}`)).body as { transcript: { Content?: string; ParticipantRole?: string }[] };
      return view.transcript.some((i) => i.Content === text && i.ParticipantRole === 'CUSTOMER');
    };
    await eventually('the typed line reached the chat as the customer\'s message', () => transcriptHas('Hello from the terminal'));
    await eventually('the terminal showed it back', () => out.includes('You: Hello from the terminal'));
    const bot = await server.connect.send(new CreateParticipantCommand({ InstanceId: server.instanceId, ContactId: contactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Helper' } }));
    const botConn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: bot.ParticipantCredentials!.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
    await server.participant.send(new SendMessageCommand({ ConnectionToken: botConn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'How can I help?' }));
    await eventually('the bot\'s answer was printed', () => out.includes('Helper: How can I help?'));
    term.stdin!.write('/quit\r');
    expect(await exited).toBe(0);
    expect(out).toContain('The chat has ended.');
  }, 60_000);

  it('tests a published flow of the running server by its id', async () => {
    const content = readFileSync(join(root, 'test/fixtures/flow-scenarios/flows/office-hours.json'), 'utf8');
    const { ContactFlowId } = await server.connect.send(new CreateContactFlowCommand({ InstanceId: server.instanceId, Name: 'Office hours', Type: 'CONTACT_FLOW', Content: content }));
    const run = await cli('flow', 'test', '--flow-id', ContactFlowId!, join(root, 'test/fixtures/flow-scenarios/office-hours.yaml'));
    expect(run.err).toBe('');
    expect(run.out).toContain('3 scenario(s): 3 passed, 0 failed');
    expect(run.out).toContain('Coverage: 6 of 6 blocks entered');
    expect(run.code).toBe(0);
  }, 60_000);

  it('says why when the keys are wrong, with exit code 2', async () => {
    const run = await cliWith({ ...env, AWS_SECRET_ACCESS_KEY: 'wrong' }, 'clock');
    expect(run.code).toBe(2);
    expect(run.err).toContain('The access key id or secret access key is not correct.');
  });
});
