// The real ChatActivity (see chat/contacts.ts): flows start with the contact, customer messages and bot exits
// resume waiting flows, an agent leaving hands a remaining customer to the disconnect flow (a DISCONNECT
// segment) when one is set, and DisconnectOnCustomerExit decides whether the agent stays when the customer goes.
import type { ChatContext } from '../chat/chat-context.js';
import { newSegment } from '../chat/contact-chain.js';
import type { ChatActivity, Contacts } from '../chat/contacts.js';
import type { Outbox } from '../chat/outbox.js';
import type { FlowRunner } from '../contact-flows/flow-runner.js';
import type { ContactRecord, ParticipantRecord, Store } from '../storage/store.js';
import type { ContactLifecycle } from './contact-lifecycle.js';
import type { ParticipantTimers } from './participant-timers.js';

export function chatActivity(
  ctx: ChatContext, contacts: Contacts, runner: FlowRunner, lifecycle: ContactLifecycle, timers: ParticipantTimers,
): ChatActivity {
  const agentsConnected = async (tx: Store, contact: ContactRecord) =>
    (await tx.listAgentContacts({ contactId: contact.id })).filter((c) => c.state === 'CONNECTED');

  return {
    startFlow: (tx, contact, outbox) => runner.start(tx, contact, 'main', contact.contactFlowId, outbox),

    customerMessage: (tx, contact, content, contentType, outbox) => runner.onCustomerMessage(tx, contact, content, contentType, outbox),

    botLeft: (tx, contact, outbox) => runner.onBotLeft(tx, contact, outbox),

    participantMessage: (tx, contact, participant, outbox) => timers.activity(tx, contact, participant, outbox),

    async customerLeft(tx: Store, contact: ContactRecord, outbox: Outbox) {
      await timers.stop(tx, contact);
      const connected = await agentsConnected(tx, contact);
      // Without DisconnectOnCustomerExit the agent stays until they close the chat themselves.
      if (connected.length && !contact.disconnectOnCustomerExit.includes('AGENT')) return;
      await lifecycle.end(tx, contact, 'CUSTOMER_DISCONNECT', outbox);
    },

    async agentLeft(tx: Store, contact: ContactRecord, agent: ParticipantRecord, outbox: Outbox) {
      await timers.stop(tx, contact);
      for (const row of await agentsConnected(tx, contact)) {
        if (contact.agentInfo?.participantId === agent.id) {
          await tx.upsertAgentContact({ ...row, state: 'ACW', since: ctx.clock.now() });
          outbox.notifyAgent(row.userId, { type: 'contact.acw', contactId: contact.id });
        }
      }
      const participants = await tx.listParticipants(contact.initialContactId);
      const customerStays = participants.some((p) => p.role === 'CUSTOMER' && p.state === 'JOINED');
      const otherAgents = participants.some((p) => p.role === 'AGENT' && p.state === 'JOINED' && p.id !== agent.id);
      if (otherAgents) return;
      const hook = contact.flow.eventHooks.CustomerRemaining;
      const disconnectFlow = hook ? await tx.getFlow(contact.instanceId, hook) : undefined;
      if (customerStays && disconnectFlow) {
        await contacts.endSegment(tx, contact, 'AGENT_DISCONNECT');
        const segment = await newSegment(tx, ctx, contact, 'DISCONNECT', disconnectFlow.id);
        await contacts.scheduleExpiry(tx, segment);
        await runner.start(tx, segment, 'main', disconnectFlow.id, outbox);
        return;
      }
      await lifecycle.end(tx, contact, 'AGENT_DISCONNECT', outbox);
    },
  };
}
