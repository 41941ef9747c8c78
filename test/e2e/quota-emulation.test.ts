// Quota emulation (SWITCHBOARD_QUOTA_EMULATION=true): Amazon's default rate quotas met as the SDKs meet them on AWS —
// the sixth StartChatContact within a second is ThrottlingException (429, Retry-After), which a retrying client
// gets through; SendMessage past 10 a second likewise; without the switch, nothing is refused.
import { ConnectClient, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, connectClient, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let plain: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_QUOTA_EMULATION: 'true' } });
  plain = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  await plain?.close();
});

const start = (on: TestServer, client: ConnectClient = on.connect) =>
  client.send(new StartChatContactCommand({ InstanceId: on.instanceId, ContactFlowId: on.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Quota' } }));
const outcomes = (results: PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === 'fulfilled' ? 'ok' : `${(r.reason as Error).name} ${(r.reason as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode}`));

describe('quota emulation', () => {
  it('refuses the sixth StartChatContact within a second with ThrottlingException, which a retrying SDK gets through', async () => {
    const results = outcomes(await Promise.allSettled(Array.from({ length: 6 }, () => start(server))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(5);
    expect(results.filter((r) => r !== 'ok')).toEqual(['ThrottlingException 429']);
    const retrying = connectClient(server.app, 5);
    try {
      const answers = await Promise.all(Array.from({ length: 7 }, () => start(server, retrying)));
      expect(answers.every((a) => a.ContactId)).toBe(true);
      expect(Math.max(...answers.map((a) => a.$metadata.attempts ?? 1))).toBeGreaterThan(1);
    } finally {
      retrying.destroy();
    }
  });

  it('throttles SendMessage past 10 a second on a chat', async () => {
    // The test before used up this second's StartChatContact quota: the SDK's retries wait it out.
    const retrying = connectClient(server.app, 5);
    const chat = await start(server, retrying).finally(() => retrying.destroy());
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
    const send = (n: number) => server.participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: `m${n}` }));
    const results = outcomes(await Promise.allSettled(Array.from({ length: 11 }, (_, n) => send(n))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    expect(results.filter((r) => r !== 'ok')).toEqual(['ThrottlingException 429']);
  });

  it('refuses nothing without the switch', async () => {
    expect(outcomes(await Promise.allSettled(Array.from({ length: 8 }, () => start(plain)))).every((r) => r === 'ok')).toBe(true);
  });
});
