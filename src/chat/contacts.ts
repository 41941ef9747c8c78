// Contacts in the chat domain: looking them up within an instance, the chat's own part of ending (participant.left
// and chat.ended in the transcript, tokens dead after), segments, contact attributes and the chat-duration timer.
// What else ending means (queues, offers, flows, agents) is routing/contact-lifecycle.ts; what happens around a
// chat (flows starting, messages resuming them) is the ChatActivity its callers are built with.
import { v7 as uuidv7 } from 'uuid';
import type { ContactRecord, Json, ParticipantRecord, Store } from '../storage/store.js';
import { idFromArnOrId } from './arns.js';
import { type SegmentAttributeValue, checkContactAttributes, checkSegmentAttributes } from './attribute-rules.js';
import { ChatError } from './chat-errors.js';
import type { ChatContext } from './chat-context.js';
import { EventContentType, MessageContentType } from './content-types.js';
import type { Outbox } from './outbox.js';
import { toWireItem } from './transcript.js';

export const CHAT_EXPIRY_TIMER = 'chat-expiry';

/**
 * What happens around a chat that the flow interpreter and routing decide (routing/chat-activity.ts). The chat
 * domain's entry points (ChatStarter, Participants) are built with one; the domain imports nothing of flows.
 */
export interface ChatActivity {
  startFlow(tx: Store, contact: ContactRecord, outbox: Outbox): Promise<void>;
  customerMessage(tx: Store, contact: ContactRecord, content: string, contentType: string, outbox: Outbox): Promise<void>;
  /** Any participant sent a message (participant timers reset). */
  participantMessage(tx: Store, contact: ContactRecord, participant: ParticipantRecord, outbox: Outbox): Promise<void>;
  botLeft(tx: Store, contact: ContactRecord, outbox: Outbox): Promise<void>;
  /** The customer left: end the chat, unless an agent stays to close it (DisconnectOnCustomerExit). */
  customerLeft(tx: Store, contact: ContactRecord, outbox: Outbox): Promise<void>;
  /** An agent left: run the disconnect flow for a remaining customer, or end the chat. */
  agentLeft(tx: Store, contact: ContactRecord, agent: ParticipantRecord, outbox: Outbox): Promise<void>;
}

export class Contacts {
  constructor(private readonly ctx: ChatContext) {}

  /** The contact with this id in this instance, or ResourceNotFound (Amazon never reveals other instances' contacts). */
  async get(store: Store, instanceId: string, contactIdOrArn: string): Promise<ContactRecord> {
    const id = idFromArnOrId(contactIdOrArn);
    const contact = await store.getContact(id);
    if (!contact || contact.instanceId !== instanceId) {
      throw new ChatError('NotFound', `Contact ${contactIdOrArn} not found.`, { resourceId: id, resourceType: 'CONTACT' });
    }
    return contact;
  }

  /** The active contact with this id, or ContactNotFoundException (410) for one that has ended, as StopContact models. */
  async getActive(store: Store, instanceId: string, contactId: string): Promise<ContactRecord> {
    const contact = await this.get(store, instanceId, contactId);
    if (contact.state !== 'ACTIVE') {
      throw new ChatError('Conflict', `Contact ${contactId} has already ended.`, { resourceId: contact.id, resourceType: 'CONTACT' });
    }
    return contact;
  }

  /**
   * The chat's part of ending an active chat (routing/contact-lifecycle.ts does the rest first): every remaining
   * participant leaves, chat.ended closes the transcript, and from then on the chat's tokens answer 403 (chatjs
   * reads that as "the chat ended while you were away").
   */
  async end(tx: Store, contact: ContactRecord, disconnectReason: string | null, outbox: Outbox): Promise<void> {
    if (contact.state !== 'ACTIVE') return;
    const now = this.ctx.clock.now();
    const participants = await tx.listParticipants(contact.initialContactId);
    const everyone = participants.map((p) => p.id);
    for (const p of participants) {
      if (p.state === 'JOINED' && p.role !== 'SYSTEM') {
        await this.leave(tx, contact, p, outbox);
      }
    }
    const ended = await this.ctx.transcript.append(tx, {
      contactId: contact.id, initialContactId: contact.initialContactId, type: 'EVENT', contentType: EventContentType.chatEnded,
    });
    outbox.push({ item: toWireItem(ended), closeFor: everyone });
    await tx.updateContact(contact.id, {
      state: 'ENDED', disconnectedAt: now, lastUpdatedAt: now, disconnectReason,
    });
    await tx.cancelTimers(contact.id, CHAT_EXPIRY_TIMER);
    await this.recordEnd(tx, { ...contact, state: 'ENDED', disconnectedAt: now, disconnectReason });
  }

  /** DISCONNECTED, then COMPLETED with the same data: a chat has no after-contact work here (Amazon's contact events). */
  private async recordEnd(tx: Store, ended: ContactRecord): Promise<void> {
    await this.ctx.contactEvents.record(tx, ended, 'DISCONNECTED');
    await this.ctx.contactEvents.record(tx, ended, 'COMPLETED');
  }

  /** Ends one segment of a chat that goes on in a next segment (transfer, disconnect flow): no chat.ended. */
  async endSegment(tx: Store, contact: ContactRecord, disconnectReason: string | null): Promise<void> {
    const now = this.ctx.clock.now();
    await tx.updateContact(contact.id, { state: 'ENDED', disconnectedAt: now, lastUpdatedAt: now, disconnectReason });
    await tx.cancelTimers(contact.id, CHAT_EXPIRY_TIMER);
    await this.recordEnd(tx, { ...contact, state: 'ENDED', disconnectedAt: now, disconnectReason });
  }

  /** A participant leaves: participant.left in the transcript, participant marked LEFT. */
  async leave(tx: Store, contact: ContactRecord, p: ParticipantRecord, outbox: Outbox): Promise<void> {
    const left = await this.ctx.transcript.append(tx, {
      contactId: contact.id, initialContactId: contact.initialContactId, type: 'EVENT',
      contentType: EventContentType.participantLeft, from: p,
    });
    outbox.push({ item: toWireItem(left) });
    await tx.updateParticipant(p.id, { state: 'LEFT', leftAt: this.ctx.clock.now(), connected: false });
  }


  /** UpdateContact's SegmentAttributes: merged into the segment's, under StartChatContact's rules. */
  async updateSegmentAttributes(tx: Store, contactId: string, changes: Record<string, SegmentAttributeValue>): Promise<void> {
    const contact = (await tx.getContact(contactId))!;
    const merged = { ...(contact.segmentAttributes as Record<string, SegmentAttributeValue>), ...changes };
    checkSegmentAttributes(merged, contact.supportedContentTypes);
    await tx.updateContact(contactId, { segmentAttributes: merged as unknown as Record<string, Json>, lastUpdatedAt: this.ctx.clock.now() });
  }

  async updateAttributes(instanceId: string, initialContactId: string, attributes: Record<string, string>): Promise<void> {
    await this.ctx.store.transaction(async (tx) => {
      const contact = await this.get(tx, instanceId, initialContactId);
      checkContactAttributes({ ...contact.attributes, ...attributes });
      // The update applies from the named contact down its chain, so the chat's current segment (where flows and
      // agents read them) sees it too; earlier segments keep the attributes they ended with.
      for (let c: ContactRecord | undefined = contact, hops = 0; c && hops < 100; hops++) {
        const merged = { ...c.attributes, ...attributes };
        checkContactAttributes(merged);
        await tx.updateContact(c.id, { attributes: merged, lastUpdatedAt: this.ctx.clock.now() });
        await this.ctx.contactEvents.record(tx, { ...c, attributes: merged }, 'CONTACT_DATA_UPDATED', ['Attributes']);
        c = c.nextContactId ? await tx.getContact(c.nextContactId) : undefined;
      }
    });
  }


  async scheduleExpiry(tx: Store, contact: ContactRecord): Promise<void> {
    await tx.scheduleTimer({ id: uuidv7(), kind: CHAT_EXPIRY_TIMER, contactId: contact.id, dueAt: contact.expiresAt, payload: null });
  }

  /** The SYSTEM participant that flow-sent messages come from (DisplayName "BOT", as in Amazon's transcripts). */
  async systemParticipant(tx: Store, contact: ContactRecord): Promise<ParticipantRecord> {
    const existing = (await tx.listParticipants(contact.initialContactId)).find((p) => p.role === 'SYSTEM');
    if (existing) return existing;
    const system: ParticipantRecord = {
      id: uuidv7(), contactId: contact.id, initialContactId: contact.initialContactId, role: 'SYSTEM',
      displayName: 'BOT', state: 'JOINED', connected: true, joinedAt: this.ctx.clock.now(), leftAt: null,
    };
    await tx.insertParticipant(system);
    return system;
  }
}
