// Rate limits on the AWS face, seen through the SDKs: over the per-access-key limit the Connect API answers
// ThrottlingException (429, Retry-After), over the per-token limit the Participant Service does; other keys' and
// tokens' budgets are untouched, and the SDK's own retries get through once the window has passed.
import { DescribeContactCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { ConnectParticipantClient, CreateParticipantConnectionCommand, GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION, type TestServer, connectClient, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_RATE_CONNECT_PER_KEY: '20', SWITCHBOARD_RATE_PARTICIPANT_PER_TOKEN: '5' } });
});
afterAll(async () => {
  await server?.close();
});

const outcome = (p: Promise<unknown>) =>
  p.then(() => 'ok', (e: Error & { $metadata?: { httpStatusCode?: number }; $response?: { headers: Record<string, string> } }) =>
    `${e.name} ${e.$metadata?.httpStatusCode} retry-after=${e.$response?.headers['retry-after']}`);

describe('throttling', () => {
  it('throttles Connect calls per access key with ThrottlingException 429 and Retry-After', async () => {
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000))); // start at a window's beginning
    const results = await Promise.all(Array.from({ length: 40 }, () =>
      outcome(server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: '00000000-0000-4000-8000-000000000000' })))));
    expect(results.filter((r) => r.startsWith('ResourceNotFoundException')).length).toBeLessThanOrEqual(20);
    expect(results).toContain('ThrottlingException 429 retry-after=1');
  });

  it('throttles Participant calls per token, leaving other tokens their own budget', async () => {
    // The test before used up this second's budget of the access key: the SDK's retries wait it out.
    const retrying = connectClient(server.app, 5);
    const tokens = [];
    for (const name of ['Busy', 'Quiet']) {
      const started = await retrying.send(new StartChatContactCommand({
        InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: name },
      }));
      const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
      tokens.push(conn.ConnectionCredentials!.ConnectionToken!);
    }
    retrying.destroy();
    const [busy, quiet] = tokens as [string, string];
    const results = await Promise.all(Array.from({ length: 12 }, () => outcome(server.participant.send(new GetTranscriptCommand({ ConnectionToken: busy })))));
    expect(results.filter((r) => r === 'ok').length).toBeLessThanOrEqual(5);
    expect(results.some((r) => r.startsWith('ThrottlingException 429'))).toBe(true);
    expect(await outcome(server.participant.send(new GetTranscriptCommand({ ConnectionToken: quiet })))).toBe('ok');
    // With its default retries (back-off honouring Retry-After), the SDK gets through.
    const patient = new ConnectParticipantClient({
      region: REGION, endpoint: server.app.localUrl, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 5,
    });
    expect(await outcome(patient.send(new GetTranscriptCommand({ ConnectionToken: busy })))).toBe('ok');
    patient.destroy();
  });
});
