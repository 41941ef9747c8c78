// Fault injection (SWITCHBOARD_FAULT_INJECTION=true) through the admin API, met by the AWS SDK's own retry logic:
// throttling that the SDK retries through (its attempt count in the answer's metadata), an error it gives up on, a
// delay, rules scoped to an operation and to a contact, listed and removed; refused on a server without the switch.
import { ConnectClient, DescribeContactCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../helpers/aws-errors.js';
import { adminCall } from '../helpers/admin-client.js';
import { REGION, type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let plain: TestServer;
let retrying: ConnectClient;
beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_FAULT_INJECTION: 'true' } });
  plain = await startTestServer();
  retrying = new ConnectClient({ region: REGION, endpoint: server.app.localUrl, credentials: server.app.keys, maxAttempts: 3 });
});
afterAll(async () => {
  retrying?.destroy();
  await server?.close();
  await plain?.close();
});

const admin = adminCall;
const start = () => server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Faulted' } }));

describe('fault injection', () => {
  it("throttles twice: the SDK retries and succeeds on its third attempt", async () => {
    const { ContactId } = await start();
    const rule = await admin(server, 'POST', '/faults', { operation: 'DescribeContact', error: 'ThrottlingException', remaining: 2 });
    expect(rule.status).toBe(200);
    const described = await retrying.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: ContactId! }));
    expect(described.$metadata.attempts).toBe(3);
    expect(described.Contact!.Id).toBe(ContactId);
    // Used up: the rule is gone.
    expect((await admin(server, 'GET', '/faults')).body.rules).toEqual([]);
  });

  it('fails one contact\'s calls with InternalServiceException and delays another operation, until removed', async () => {
    const a = await start();
    const b = await start();
    const rule = (await admin(server, 'POST', '/faults', { contactId: a.ContactId, error: 'InternalServiceException' })).body as { id: string };
    expect(await rejection(server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: a.ContactId! })))).toMatchObject({ name: 'InternalServiceException', status: 500 });
    await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: b.ContactId! }));
    const slow = (await admin(server, 'POST', '/faults', { service: 'ConnectParticipant', operation: 'SendMessage', delayMs: 400 })).body as { id: string };
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: b.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
    const t0 = Date.now();
    await server.participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'slowly' }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    const listed = (await admin(server, 'GET', '/faults')).body as { enabled: boolean; rules: { id: string; hits: number }[] };
    expect(listed.enabled).toBe(true);
    expect(listed.rules.map((r) => [r.id, r.hits])).toEqual([[rule.id, 1], [slow.id, 1]]);
    for (const id of [rule.id, slow.id]) expect((await admin(server, 'DELETE', `/faults/${id}`)).status).toBe(200);
    await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: a.ContactId! }));
    expect((await admin(server, 'DELETE', `/faults/${rule.id}`)).status).toBe(404);
  });

  it('refuses rules on a server without SWITCHBOARD_FAULT_INJECTION, and malformed rules', async () => {
    const refused = await admin(plain, 'POST', '/faults', { error: 'ThrottlingException' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/SWITCHBOARD_FAULT_INJECTION=true/);
    expect((await admin(server, 'POST', '/faults', { rate: 2, error: 'ThrottlingException' })).status).toBe(400);
    expect((await admin(server, 'POST', '/faults', {})).status).toBe(400);
    expect((await admin(server, 'POST', '/faults', { error: 'not an error' })).status).toBe(400);
  });
});
