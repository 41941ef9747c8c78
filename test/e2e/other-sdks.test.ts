// The SDKs that sign differently from JavaScript's: boto3 and the AWS CLI (Debian's python3-boto3 and awscli,
// installed by scripts/test.sh) run the shared chat scenario (test/sdks/boto3_conformance.py) and infrastructure
// steps against a real server. Neither signs x-amz-content-sha256, so
// this is what proves the SigV4 verifier builds the canonical request from SignedHeaders alone.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const run = promisify(execFile);
let server: TestServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startTestServer();
  env = {
    PATH: process.env.PATH, HOME: server.dataDir, SWITCHBOARD_URL: server.app.localUrl,
    AWS_ACCESS_KEY_ID: server.app.keys.accessKeyId, AWS_SECRET_ACCESS_KEY: server.app.keys.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true',
    INSTANCE_ID: server.instanceId, FLOW_ID: server.defaults.inboundFlowId,
  };
});
afterAll(async () => {
  await server?.close();
});

describe('boto3 conformance', () => {
  it('runs the shared chat scenario: every StartChatContact field, paging, description, resources, tags, persistent chat, errors', async () => {
    const { stdout } = await run('/usr/bin/python3', [join(import.meta.dirname, '../sdks/boto3_conformance.py')], { env });
    const seen = JSON.parse(stdout) as Record<string, any>;
    expect(seen.instanceFound).toBe(true);
    expect(seen.replayedSameContact).toBe(true);
    // Debian 12's boto3 knows the StartChatContact fields of 2022; what it sends must all have taken effect.
    expect(seen.fieldsSent).toEqual(expect.arrayContaining(['Attributes', 'ChatDurationInMinutes', 'ClientToken', 'InitialMessage', 'SupportedMessagingContentTypes']));
    expect(seen.described).toMatchObject({ Channel: 'CHAT', InitiationMethod: 'API' });
    if (seen.fieldsSent.includes('CustomerId')) expect(seen.described.CustomerId).toBe('customer-42');
    if (seen.fieldsSent.includes('SegmentAttributes')) expect(seen.segmentAttributes).toEqual({ priority_note: { ValueString: 'vip' } });
    expect(seen.websocket).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/participant-socket\?token=/);
    expect(seen.customerMessages).toEqual(['first words', 'one', 'two', '**three**']);
    expect(seen.pages).toBeGreaterThan(2);
    expect(seen.attributes).toEqual({ channel: 'python', tier: 'gold', step: '2' });
    expect(seen.name).toEqual(['Python case', 'from boto3']);
    expect(seen.references).toEqual([{ Url: { Name: 'ticket', Value: 'https://tickets.example.com/42' } }]);
    expect(seen.queue).toBe('Python queue renamed');
    expect(seen.queueMax).toBe(7);
    expect(seen.tags).toEqual({ cost: '42' });
    if (seen.modelHasPersistentChat) expect(seen.pastMessages).toEqual(expect.arrayContaining(['first words', 'one', 'two', '**three**']));
    expect(seen.errors).toEqual({
      notFound: ['ResourceNotFoundException', 404],
      noPlainText: ['InvalidParameterException', 400],
      missingRequired: ['InvalidParameterException', 400],
      deadToken: ['AccessDeniedException', 403],
      duplicateQueue: ['DuplicateResourceException', 409],
    });
  });
});

describe('AWS CLI', () => {
  const aws = async (...args: string[]) =>
    JSON.parse((await run('/usr/bin/aws', [...args, '--endpoint-url', server.app.localUrl, '--output', 'json'], { env })).stdout) as Record<string, any>;

  it('runs a chat with the connect and connectparticipant commands', async () => {
    const started = await aws('connect', 'start-chat-contact', '--instance-id', server.instanceId, '--contact-flow-id', server.defaults.inboundFlowId,
      '--participant-details', 'DisplayName=CLI Customer');
    expect(started.ContactId).toMatch(/^[0-9a-f-]{36}$/);
    const conn = await aws('connectparticipant', 'create-participant-connection', '--participant-token', started.ParticipantToken,
      '--type', 'WEBSOCKET', 'CONNECTION_CREDENTIALS');
    const token = conn.ConnectionCredentials.ConnectionToken as string;
    const sent = await aws('connectparticipant', 'send-message', '--connection-token', token, '--content-type', 'text/plain', '--content', 'hello from the CLI');
    const transcript = await aws('connectparticipant', 'get-transcript', '--connection-token', token, '--sort-order', 'ASCENDING');
    expect(transcript.Transcript.map((i: { Id: string }) => i.Id)).toContain(sent.Id);
    await run('/usr/bin/aws', ['connectparticipant', 'disconnect-participant', '--connection-token', token, '--endpoint-url', server.app.localUrl], { env });
    // The JavaScript SDK reads the same transcript: the CLI's message is there, as sent.
    await expect(server.participant.send(new GetTranscriptCommand({ ConnectionToken: token }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('creates, tags and describes resources and a contact, as infrastructure scripts do', async () => {
    const hours = (await aws('connect', 'list-hours-of-operations', '--instance-id', server.instanceId)).HoursOfOperationSummaryList[0].Id as string;
    const queue = await aws('connect', 'create-queue', '--instance-id', server.instanceId, '--name', 'CLI queue', '--hours-of-operation-id', hours, '--tags', 'team=cli');
    await run('/usr/bin/aws', ['connect', 'tag-resource', '--resource-arn', queue.QueueArn, '--tags', 'cost=7', '--endpoint-url', server.app.localUrl], { env });
    expect((await aws('connect', 'list-tags-for-resource', '--resource-arn', queue.QueueArn)).tags).toEqual({ team: 'cli', cost: '7' });
    const started = await aws('connect', 'start-chat-contact', '--instance-id', server.instanceId, '--contact-flow-id', server.defaults.inboundFlowId,
      '--participant-details', 'DisplayName=CLI Customer');
    await run('/usr/bin/aws', ['connect', 'update-contact', '--instance-id', server.instanceId, '--contact-id', started.ContactId, '--name', 'From the CLI',
      '--endpoint-url', server.app.localUrl], { env });
    expect((await aws('connect', 'describe-contact', '--instance-id', server.instanceId, '--contact-id', started.ContactId)).Contact.Name).toBe('From the CLI');
  });

  it('gets the modelled error for a bad request', async () => {
    const failure = await run('/usr/bin/aws', ['connect', 'describe-contact', '--instance-id', server.instanceId, '--contact-id', 'no-such-contact',
      '--endpoint-url', server.app.localUrl], { env }).then(() => undefined, (err: { stderr: string }) => err.stderr);
    expect(failure).toMatch(/ResourceNotFoundException/);
  });
});
