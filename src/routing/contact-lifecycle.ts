// How a contact ends, whoever ends it (StopContact, the chat duration, a flow's Disconnect, the last participant
// leaving): participant timers stop, queue entries and offers go (offered agents are told), flow runs stop,
// connected agents enter after-contact work, then the chat domain closes the transcript (chat.ended) and the
// contact. Built from its collaborators; nothing here calls back into flows, so flows and chat activity can use it.
import type { ChatContext } from '../chat/chat-context.js';
import type { Contacts } from '../chat/contacts.js';
import { Outbox, flushOutbox } from '../chat/outbox.js';
import { stopRun } from '../contact-flows/flow-runner.js';
import type { ContactRecord, Store } from '../storage/store.js';
import type { ParticipantTimers } from './participant-timers.js';
import type { Router } from './router.js';

export class ContactLifecycle {
  constructor(
    private readonly ctx: ChatContext,
    private readonly contacts: Contacts,
    private readonly router: Router,
    private readonly timers: ParticipantTimers,
  ) {}

  /** Ends an active contact with everything around it; a contact that is no longer active is left as it is. */
  async end(tx: Store, contact: ContactRecord, disconnectReason: string | null, outbox: Outbox): Promise<void> {
    if (contact.state !== 'ACTIVE') return;
    await this.timers.stop(tx, contact);
    await this.router.release(tx, contact, outbox);
    await stopRun(tx, contact.id, 'main');
    for (const row of await tx.listAgentContacts({ contactId: contact.id })) {
      if (row.state !== 'CONNECTED') continue;
      await tx.upsertAgentContact({ ...row, state: 'ACW', since: this.ctx.clock.now() });
      outbox.notifyAgent(row.userId, { type: 'contact.acw', contactId: contact.id });
    }
    await this.contacts.end(tx, (await tx.getContact(contact.id)) ?? contact, disconnectReason, outbox);
  }

  /** StopContact. */
  async stop(instanceId: string, contactId: string, disconnectReason: string | null): Promise<void> {
    const outbox = new Outbox();
    await this.ctx.store.transaction(async (tx) => {
      const contact = await this.contacts.getActive(tx, instanceId, contactId);
      await this.end(tx, contact, disconnectReason, outbox);
    });
    await flushOutbox(this.ctx, outbox);
  }

  /** The chat-duration timer. Safe to run twice: an ended contact is left alone. */
  async expire(contactId: string): Promise<void> {
    const outbox = new Outbox();
    await this.ctx.store.transaction(async (tx) => {
      const contact = await tx.getContact(contactId);
      if (contact) await this.end(tx, contact, 'EXPIRED', outbox);
    });
    await flushOutbox(this.ctx, outbox);
  }
}
