// Time control (SWITCHBOARD_TIME_CONTROL=true) through the admin API, seen through the public APIs: a 15-minute flow
// Wait and a one-hour chat expiry happen in milliseconds, each timer at its own moment and in order; a server
// without the switch refuses.
import { DescribeContactCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatSocket, contentType } from '../helpers/chat-socket.js';
import { createFlow, end, say } from '../helpers/flow-harness.js';
import { adminCall } from '../helpers/admin-client.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let plain: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_TIME_CONTROL: 'true' } });
  plain = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  await plain?.close();
});

const admin = adminCall;

describe('time control', () => {
  it('runs a 15-minute Wait and a one-hour chat expiry at once, each when it is due, in order', async () => {
    const flowId = await createFlow(server, [
      say('hello', 'Hello', 'wait'),
      { Identifier: 'wait', Type: 'Wait', Parameters: { TimeLimitSeconds: '900' }, Transitions: { NextAction: 'later', Conditions: [{ NextAction: 'later', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
      say('later', 'Fifteen minutes later', 'hold'),
      { Identifier: 'hold', Type: 'Wait', Parameters: { TimeLimitSeconds: '86400' }, Transitions: { NextAction: 'end', Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }] } },
      end(),
    ]);
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Patient' }, ChatDurationInMinutes: 60,
    }));
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET'] }));
    const socket = await ChatSocket.open(conn.Websocket!.Url!);
    const initiated = (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: started.ContactId! }))).Contact!.InitiationTimestamp!;

    const before = await admin(server, 'GET', '/clock');
    expect(before.body).toMatchObject({ timeControl: true, offsetSeconds: 0 });
    const waited = await admin(server, 'POST', '/clock/advance', { seconds: 901 });
    expect(waited.status).toBe(200);
    expect(waited.body.timersFired).toBeGreaterThanOrEqual(1);
    const later = await socket.next((i) => i.Content === 'Fifteen minutes later');
    expect(Date.parse(later.AbsoluteTime!) - initiated.getTime()).toBeGreaterThanOrEqual(900_000);

    const expired = await admin(server, 'POST', '/clock/advance', { seconds: 3600 });
    expect(expired.body.offsetSeconds).toBeGreaterThan(4490);
    await socket.next((i) => i.ContentType === contentType.ended);
    const contact = (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: started.ContactId! }))).Contact!;
    expect(contact.DisconnectReason).toBe('EXPIRED');
    // The expiry fired at its own moment — one hour after the start — though the clock went past it.
    expect(Math.abs(contact.DisconnectTimestamp!.getTime() - initiated.getTime() - 3_600_000)).toBeLessThan(2_000);
    socket.close();
  });

  it('refuses to move time on a server without SWITCHBOARD_TIME_CONTROL, and refuses bad amounts', async () => {
    expect((await admin(plain, 'GET', '/clock')).body).toMatchObject({ timeControl: false, offsetSeconds: 0 });
    const refused = await admin(plain, 'POST', '/clock/advance', { seconds: 60 });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/SWITCHBOARD_TIME_CONTROL=true/);
    expect((await admin(server, 'POST', '/clock/advance', { seconds: -5 })).status).toBe(400);
    expect((await admin(server, 'POST', '/clock/advance', { seconds: '60' })).status).toBe(400);
  });
});
