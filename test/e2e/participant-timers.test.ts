// UpdateParticipantRoleConfig with the documented semantics, on a moved clock: idle then auto-disconnect,
// running only while an agent and the customer are connected, reset by a message, notices not kept in the
// transcript, and an auto-disconnection handing the customer to the disconnect flow.
import { StartChatContactCommand, UpdateParticipantRoleConfigCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type AgentClient, newAgent } from '../helpers/agent-client.js';
import { ChatSocket } from '../helpers/chat-socket.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const clock = new ManualClock(Date.UTC(2026, 10, 23, 12, 0));
let server: TestServer;
let agent: AgentClient;
beforeAll(async () => {
  server = await startTestServer({ clock, sweepTimers: false });
  agent = await newAgent(server, 'timer-agent');
});
afterAll(async () => {
  agent?.close();
  await server?.close();
});

const minutes = async (n: number) => {
  clock.advance(n * 60_000);
  await server.app.timers.sweep();
};
const timerConfig = (ContactId: string, list: { role: 'CUSTOMER' | 'AGENT'; type: 'IDLE' | 'DISCONNECT_NONCUSTOMER'; minutes?: number; unset?: boolean }[]) =>
  server.connect.send(new UpdateParticipantRoleConfigCommand({
    InstanceId: server.instanceId, ContactId,
    ChannelConfiguration: { Chat: { ParticipantTimerConfigList: list.map((t) => ({
      ParticipantRole: t.role, TimerType: t.type,
      TimerValue: t.unset ? { ParticipantTimerAction: 'Unset' } : { ParticipantTimerDurationInMinutes: t.minutes! },
    })) } },
  }));

describe('participant timers', () => {
  it('idle, returned, idle again, then auto-disconnection into the disconnect flow', async () => {
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Sleepy' },
    }));
    const contactId = started.ContactId!;
    await timerConfig(contactId, [
      { role: 'CUSTOMER', type: 'IDLE', minutes: 2 }, { role: 'CUSTOMER', type: 'DISCONNECT_NONCUSTOMER', minutes: 3 }, { role: 'AGENT', type: 'IDLE', minutes: 10 },
    ]);
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    const customer = await ChatSocket.open(conn.Websocket!.Url!);
    // Timers do not run while the customer waits in queue: nothing happens in 30 minutes.
    await minutes(30);
    expect(customer.items.some((i) => i.ContentType.endsWith('participant.idle'))).toBe(false);

    await agent.setStatus('Available');
    await agent.next((o) => o.type === 'offer' && o.contactId === contactId);
    await agent.accept(contactId);
    await minutes(1);
    expect(customer.items.some((i) => i.ContentType.endsWith('participant.idle'))).toBe(false);
    await minutes(1);
    const idle = await customer.next((i) => i.ContentType.endsWith('participant.idle'));
    expect(idle.ParticipantRole).toBe('CUSTOMER');

    await server.participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'still here' }));
    await customer.next((i) => i.ContentType.endsWith('participant.returned'));
    await minutes(2);
    const firstIdle = customer.items.find((i) => i.ContentType.endsWith('participant.idle'))!;
    await customer.next((i) => i.ContentType.endsWith('participant.idle') && i.Id !== firstIdle.Id);
    await minutes(3);
    await customer.next((i) => i.ContentType.endsWith('participant.autodisconnection'));
    // The agent was disconnected; the customer remains, so the disconnect flow's survey starts on a new segment.
    const survey = await customer.next((i) => /rate this chat/.test(i.Content ?? ''));
    expect(survey.ContactId).not.toBe(contactId);
    const segment = await server.app.store.getContact(survey.ContactId);
    expect(segment).toMatchObject({ initiationMethod: 'DISCONNECT', previousContactId: contactId });
    await agent.next((o) => o.type === 'contact.acw' && o.contactId === contactId);
    await agent.call('POST', `/contacts/${contactId}/complete`);
    // The notices are pushed, not kept in the transcript.
    const kept = await server.app.store.listTranscriptItems({ initialContactId: contactId, order: 'asc', limit: 200 });
    expect(kept.some((i) => /participant\.(idle|returned|autodisconnection)/.test(i.contentType))).toBe(false);
    customer.close();
  });

  it('refuses bad configurations with the modelled errors', async () => {
    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Config' },
    }));
    const dup = await timerConfig(started.ContactId!, [{ role: 'AGENT', type: 'IDLE', minutes: 5 }, { role: 'AGENT', type: 'IDLE', minutes: 6 }]).catch((e) => e);
    expect(dup).toMatchObject({ name: 'InvalidRequestException', $metadata: { httpStatusCode: 400 } });
    const short = await timerConfig(started.ContactId!, [{ role: 'AGENT', type: 'IDLE', minutes: 1 }]).catch((e) => e);
    expect(short).toMatchObject({ name: 'InvalidParameterException' });
    const long = await timerConfig(started.ContactId!, [{ role: 'CUSTOMER', type: 'IDLE', minutes: 481 }]).catch((e) => e);
    expect(long).toMatchObject({ name: 'InvalidParameterException' });
    const missing = await timerConfig('no-such-contact', [{ role: 'AGENT', type: 'IDLE', minutes: 5 }]).catch((e) => e);
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    await timerConfig(started.ContactId!, [{ role: 'AGENT', type: 'IDLE', minutes: 5 }]);
    await timerConfig(started.ContactId!, [{ role: 'AGENT', type: 'IDLE', unset: true }]);
    const stored = await server.app.store.getContact(started.ContactId!);
    expect(stored!.participantTimers.config).toEqual({ AGENT: {} });
  });
});
