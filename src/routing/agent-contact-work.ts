// The agent's work on a connected contact: transfer through a quick connect (a new TRANSFER segment queued to
// the quick connect's queue or agent), end the chat (the disconnect flow takes over for a remaining customer),
// clear after-contact work, and read the contact's attributes and whole transcript.
import { idFromArnOrId } from '../chat/arns.js';
import type { ChatContext } from '../chat/chat-context.js';
import { ChatError } from '../chat/chat-errors.js';
import { chainView } from '../chat/contact-chain.js';
import type { ChatActivity, Contacts } from '../chat/contacts.js';
import { EventContentType } from '../chat/content-types.js';
import { Outbox, flushOutbox } from '../chat/outbox.js';
import { toWireItem } from '../chat/transcript.js';
import type { ContactRecord, Json, Store } from '../storage/store.js';
import type { AgentSession } from './agent-desk.js';
import type { ContactTransfers } from './contact-transfers.js';
import type { InstanceResources } from './instance-resources.js';
import type { QueueData, QuickConnectData, RoutingProfileData, UserData } from './resource-types.js';
import { queueMetrics } from './queue-metrics.js';
import type { Router } from './router.js';

/** UpdateContact's limit for a contact's Description. */
const MAX_NOTES = 4096;

export class AgentContactWork {
  constructor(
    private readonly ctx: ChatContext,
    private readonly resources: InstanceResources,
    private readonly contacts: Contacts,
    private readonly router: Router,
    private readonly transfers: ContactTransfers,
    private readonly activity: ChatActivity,
    /** The owner of a contact's name, description and references (the flow runner), where ACW notes are kept. */
    private readonly contactData: { updateContactData(tx: Store, contact: ContactRecord, data: Record<string, Json>): Promise<void> },
  ) {}

  /** The agent's own connected (or ACW) contact, or Conflict. */
  private async held(tx: Store, s: AgentSession, contactId: string, state: 'CONNECTED' | 'ACW') {
    const row = (await tx.listAgentContacts({ userId: s.userId, contactId }))[0];
    if (!row || row.state !== state) throw new ChatError('Conflict', `Contact ${contactId} is not ${state === 'ACW' ? 'in after-contact work' : 'connected'} with you.`);
    const contact = await tx.getContact(contactId);
    if (!contact) throw new ChatError('NotFound', `Contact ${contactId} not found.`);
    return { row, contact };
  }

  /** Quick connects offered to this agent: those associated with the queues of the agent's routing profile. */
  async quickConnects(s: AgentSession) {
    const { store } = this.ctx;
    const user = await this.resources.get<UserData>(store, s.instanceId, 'user', s.userId);
    const profile = await this.resources.get<RoutingProfileData>(store, s.instanceId, 'routing-profile', user.data.RoutingProfileId);
    const ids = new Set<string>();
    for (const q of profile.data.QueueConfigs) {
      const queue = await this.resources.find<QueueData>(store, s.instanceId, 'queue', q.QueueReference.QueueId);
      for (const id of queue?.data.QuickConnectIds ?? []) ids.add(id);
    }
    const all = await this.resources.list<QuickConnectData>(store, s.instanceId, 'quick-connect');
    const now = this.ctx.clock.now();
    return Promise.all(all.filter((qc) => ids.has(qc.id)).map(async (qc) => ({
      Id: qc.id, Arn: qc.arn, Name: qc.name, ...qc.data, Availability: await this.availability(store, s.instanceId, qc.data, now),
    })));
  }

  /**
   * What an agent choosing a transfer needs to see (Amazon's agent workspace shows it in its quick connect list): a
   * queue's waiting chats and available agents, or the agent's status.
   */
  private async availability(store: Store, instanceId: string, qc: QuickConnectData, now: number) {
    const { QueueConfig: queue, UserConfig: user } = qc.QuickConnectConfig;
    if (queue) {
      const m = await queueMetrics(store, this.resources, instanceId, queue.QueueId, now);
      return { ContactsInQueue: m.CONTACTS_IN_QUEUE, AgentsAvailable: m.AGENTS_AVAILABLE };
    }
    if (user) {
      const agent = await store.getAgentState(user.UserId);
      return { AgentStatus: agent?.online ? agent.status : 'Offline' };
    }
    return {};
  }

  /** Transfers a connected chat through a quick connect: the agent leaves (after-contact work), a TRANSFER segment follows. */
  async transfer(s: AgentSession, contactId: string, quickConnectId: string) {
    const { store, transcript } = this.ctx;
    const outbox = new Outbox();
    const next = await store.transaction(async (tx) => {
      const { contact } = await this.held(tx, s, contactId, 'CONNECTED');
      const qc = await this.resources.get<QuickConnectData>(tx, s.instanceId, 'quick-connect', quickConnectId);
      const cfg = qc.data.QuickConnectConfig;
      const target = cfg.QuickConnectType === 'QUEUE' ? cfg.QueueConfig : cfg.QuickConnectType === 'USER' ? cfg.UserConfig : undefined;
      if (!target) throw new ChatError('InvalidRequest', `Quick connect ${qc.name} (${cfg.QuickConnectType}) cannot transfer a chat.`);
      if (cfg.QuickConnectType === 'QUEUE' && !(await this.transfers.queueAccepts(tx, s.instanceId, cfg.QueueConfig!.QueueId))) {
        // The chat stays with this agent; both sides see transfer.failed (Amazon's event for a refused transfer).
        const failed = await transcript.append(tx, {
          contactId, initialContactId: contact.initialContactId, type: 'EVENT', contentType: EventContentType.transferFailed,
          from: await this.transfers.connectedAgent(tx, contact),
        });
        outbox.push({ item: toWireItem(failed) });
        return undefined;
      }
      const to = cfg.QuickConnectType === 'QUEUE' ? { queueId: idFromArnOrId(cfg.QueueConfig!.QueueId) } : { userId: idFromArnOrId(cfg.UserConfig!.UserId) };
      return this.transfers.transfer(tx, contact, to, target.ContactFlowId, outbox);
    });
    await flushOutbox(this.ctx, outbox);
    if (!next) throw new ChatError('QuotaExceeded', 'The transfer failed: the target queue is disabled or at capacity.');
    return { contactId: next.id };
  }

  /** The agent ends the chat on their side; what follows is the chat activity's agentLeft. */
  async end(s: AgentSession, contactId: string): Promise<void> {
    const outbox = new Outbox();
    await this.ctx.store.transaction(async (tx) => {
      const { contact } = await this.held(tx, s, contactId, 'CONNECTED');
      const agentParticipant = (await tx.listParticipants(contact.initialContactId))
        .find((p) => p.role === 'AGENT' && p.state === 'JOINED' && p.contactId === contact.id);
      if (!agentParticipant) throw new ChatError('Conflict', `You are not in contact ${contactId}.`);
      await this.contacts.leave(tx, contact, agentParticipant, outbox);
      outbox.pushes[outbox.pushes.length - 1]!.closeFor = [agentParticipant.id];
      await this.activity.agentLeft(tx, (await tx.getContact(contact.id))!, agentParticipant, outbox);
    });
    await flushOutbox(this.ctx, outbox);
  }

  /** Clears after-contact work: the slot is free again and the agent becomes the longest idle from now. */
  /**
   * Ends after-contact work. Notes become the contact's Description, as UpdateContact would set it, so DescribeContact
   * and the admin console show them. Choice: Connect has no chat ACW notes of its own; Description is its field for
   * what a contact was about.
   */
  async complete(s: AgentSession, contactId: string, notes?: string): Promise<void> {
    if (notes !== undefined && (typeof notes !== 'string' || notes.length > MAX_NOTES)) throw new ChatError('InvalidRequest', `notes must be text of at most ${MAX_NOTES} characters.`);
    await this.ctx.store.transaction(async (tx) => {
      await this.held(tx, s, contactId, 'ACW');
      const contact = notes?.trim() ? await tx.getContact(contactId) : undefined;
      if (contact) await this.contactData.updateContactData(tx, contact, { Description: notes!.trim() });
      await tx.deleteAgentContact(s.userId, contactId);
      const remaining = await tx.listAgentContacts({ userId: s.userId });
      const state = await tx.getAgentState(s.userId);
      if (state && !remaining.length) await tx.upsertAgentState({ ...state, idleSince: this.ctx.clock.now() });
    });
    await this.router.dispatch(s.instanceId);
  }

  /** Attributes, segments and the whole transcript of a contact the agent holds (or held). */
  async view(s: AgentSession, contactId: string) {
    const { store } = this.ctx;
    const row = (await store.listAgentContacts({ userId: s.userId, contactId }))[0];
    const contact = await store.getContact(contactId);
    if (!row || !contact) throw new ChatError('NotFound', `Contact ${contactId} is not one of yours.`);
    const customer = (await store.listParticipants(contact.initialContactId)).find((p) => p.role === 'CUSTOMER');
    return {
      contactId, state: row.state, customerName: customer?.displayName, attributes: contact.attributes, customerId: contact.customerId,
      supportedContentTypes: contact.supportedContentTypes,
      queue: contact.flow.targetQueue, ...(await chainView(store, contact)),
    };
  }
}
