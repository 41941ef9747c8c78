// Contact lifecycle shared by every entry point: looking contacts up within an instance, running the
// contact's flow, ending a chat (participant.left / chat.ended in the transcript, tokens dead after),
// StopContact, contact attributes, and the chat-duration timer.
import { randomUUID } from 'node:crypto';
import { runBasicFlow } from '../contact-flows/basic-flow-runner.js';
import type { ContactRecord, Json, ParticipantRecord, Store } from '../storage/store.js';
import { idFromArnOrId } from './arns.js';
import { checkContactAttributes } from './attribute-rules.js';
import { ChatError } from './chat-errors.js';
import type { ChatContext } from './chat-context.js';
import { EventContentType, MessageContentType } from './content-types.js';
import { type ChatPush, toWireItem } from './transcript.js';

export const CHAT_EXPIRY_TIMER = 'chat-expiry';

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

  /** Runs the contact's flow (built-in basic runner for now) and applies its effects. */
  async runFlow(contactId: string): Promise<void> {
    const pushes: ChatPush[] = [];
    await this.ctx.store.transaction(async (tx) => {
      const contact = await tx.getContact(contactId);
      if (!contact || contact.state !== 'ACTIVE') return;
      const flow = await tx.getFlow(contact.instanceId, contact.contactFlowId);
      if (!flow) return;
      const outcome = runBasicFlow({
        content: flow.content, channel: contact.channel, contactId: contact.id,
        initialContactId: contact.initialContactId, attributes: contact.attributes,
      });
      const system = await this.systemParticipant(tx, contact);
      for (const text of outcome.messages) {
        const item = await this.ctx.transcript.append(tx, {
          contactId: contact.id, initialContactId: contact.initialContactId, type: 'MESSAGE',
          contentType: MessageContentType.plain, content: text, from: system,
        });
        pushes.push({ item: toWireItem(item) });
      }
      const flowState = { ...(contact.flowState as Record<string, Json>) };
      if (Object.keys(outcome.eventHooks).length) {
        flowState.eventHooks = { ...((flowState.eventHooks as Record<string, string>) ?? {}), ...outcome.eventHooks };
      }
      if (outcome.targetQueue) flowState.targetQueue = outcome.targetQueue;
      if (outcome.queued) flowState.enqueuedAt = this.ctx.clock.now();
      if (outcome.stoppedAt) flowState.stoppedAt = outcome.stoppedAt as unknown as Json;
      const attributes = { ...contact.attributes, ...outcome.attributes };
      await tx.updateContact(contact.id, { flowState, attributes, lastUpdatedAt: this.ctx.clock.now() });
      if (outcome.disconnect) await this.end(tx, { ...contact, attributes, flowState }, null, pushes);
    });
    await this.ctx.transcript.push(pushes);
  }

  /**
   * Ends an active chat: every remaining participant leaves, chat.ended closes the transcript, and from then on
   * the chat's tokens answer 403 (chatjs reads that as "the chat ended while you were away").
   */
  async end(tx: Store, contact: ContactRecord, disconnectReason: string | null, pushes: ChatPush[]): Promise<void> {
    if (contact.state !== 'ACTIVE') return;
    const now = this.ctx.clock.now();
    const participants = await tx.listParticipants(contact.initialContactId);
    const everyone = participants.map((p) => p.id);
    for (const p of participants) {
      if (p.state === 'JOINED' && p.role !== 'SYSTEM') {
        await this.leave(tx, contact, p, pushes);
      }
    }
    const ended = await this.ctx.transcript.append(tx, {
      contactId: contact.id, initialContactId: contact.initialContactId, type: 'EVENT', contentType: EventContentType.chatEnded,
    });
    pushes.push({ item: toWireItem(ended), closeFor: everyone });
    await tx.updateContact(contact.id, {
      state: 'ENDED', disconnectedAt: now, lastUpdatedAt: now, disconnectReason,
    });
    await tx.cancelTimers(contact.id, CHAT_EXPIRY_TIMER);
  }

  /** A participant leaves: participant.left in the transcript, participant marked LEFT. */
  async leave(tx: Store, contact: ContactRecord, p: ParticipantRecord, pushes: ChatPush[]): Promise<void> {
    const left = await this.ctx.transcript.append(tx, {
      contactId: contact.id, initialContactId: contact.initialContactId, type: 'EVENT',
      contentType: EventContentType.participantLeft, from: p,
    });
    pushes.push({ item: toWireItem(left) });
    await tx.updateParticipant(p.id, { state: 'LEFT', leftAt: this.ctx.clock.now(), connected: false });
  }

  async stop(instanceId: string, contactId: string, disconnectReason: string | null): Promise<void> {
    const pushes: ChatPush[] = [];
    await this.ctx.store.transaction(async (tx) => {
      const contact = await this.get(tx, instanceId, contactId);
      if (contact.state !== 'ACTIVE') {
        // StopContact models ContactNotFoundException (410) for a contact that is no longer active.
        throw new ChatError('Conflict', `Contact ${contactId} has already ended.`, { resourceId: contact.id, resourceType: 'CONTACT' });
      }
      await this.end(tx, contact, disconnectReason, pushes);
    });
    await this.ctx.transcript.push(pushes);
  }

  async updateAttributes(instanceId: string, initialContactId: string, attributes: Record<string, string>): Promise<void> {
    await this.ctx.store.transaction(async (tx) => {
      const contact = await this.get(tx, instanceId, initialContactId);
      const merged = { ...contact.attributes, ...attributes };
      checkContactAttributes(merged);
      // Attributes belong to the whole chat: every segment of the chain shares them.
      await tx.updateContact(contact.id, { attributes: merged, lastUpdatedAt: this.ctx.clock.now() });
    });
  }

  async expire(contactId: string): Promise<void> {
    const pushes: ChatPush[] = [];
    await this.ctx.store.transaction(async (tx) => {
      const contact = await tx.getContact(contactId);
      if (contact) await this.end(tx, contact, 'EXPIRED', pushes);
    });
    await this.ctx.transcript.push(pushes);
  }

  async scheduleExpiry(tx: Store, contact: ContactRecord): Promise<void> {
    await tx.scheduleTimer({ id: randomUUID(), kind: CHAT_EXPIRY_TIMER, contactId: contact.id, dueAt: contact.expiresAt, payload: null });
  }

  /** The SYSTEM participant that flow-sent messages come from (DisplayName "BOT", as in Amazon's transcripts). */
  async systemParticipant(tx: Store, contact: ContactRecord): Promise<ParticipantRecord> {
    const existing = (await tx.listParticipants(contact.initialContactId)).find((p) => p.role === 'SYSTEM');
    if (existing) return existing;
    const system: ParticipantRecord = {
      id: randomUUID(), contactId: contact.id, initialContactId: contact.initialContactId, role: 'SYSTEM',
      displayName: 'BOT', state: 'JOINED', connected: true, joinedAt: this.ctx.clock.now(), leftAt: null,
    };
    await tx.insertParticipant(system);
    return system;
  }
}
