// Persistent chat (rehydration), as the StartChatContact / CreatePersistentContactAssociation references and
// Amazon's admin guide describe it: a new chat continues from an ended past contact — FROM_SEGMENT: the named
// contact; ENTIRE_PAST_SESSION: the most recently ended contact of the named past session. The new chat can read
// the past: the past session's segments up to the continued contact (later ones are dropped), and, cumulatively,
// whatever that session itself continued from. Bounded as Amazon bounds it: 100 past contacts traversed, 5 MB of
// past transcript.
import type { Clock } from '../clock.js';
import type { ChatContext } from './chat-context.js';
import { recordIdempotent, replayFor, requestHash, withIdempotencyRace } from './idempotency.js';
import { Outbox, flushOutbox } from './outbox.js';
import { toWireItem } from './transcript.js';
import type { ContactRecord, Json, Store, TranscriptItemRecord } from '../storage/store.js';
import { idFromArnOrId } from './arns.js';
import { checkContactAttributes } from './attribute-rules.js';
import { ChatError } from './chat-errors.js';
import { EventContentType } from './content-types.js';
import type { Transcript } from './transcript.js';

export type RehydrationType = 'ENTIRE_PAST_SESSION' | 'FROM_SEGMENT';

export const MAX_PAST_CONTACTS = 100;
export const MAX_PAST_TRANSCRIPT_BYTES = 5 * 1024 * 1024;

/** A past session the chat can read: its initial contact and the segments visible from it. */
export interface PastSession {
  initialContactId: string;
  segmentIds: string[];
}

export class PersistentChats {
  private readonly clock: Clock;
  private readonly transcript: Transcript;

  constructor(
    private readonly ctx: ChatContext,
    private readonly limits = { pastContacts: MAX_PAST_CONTACTS, pastBytes: MAX_PAST_TRANSCRIPT_BYTES },
  ) {
    this.clock = ctx.clock;
    this.transcript = ctx.transcript;
  }

  /**
   * CreatePersistentContactAssociation for a current chat (the API and the flow block). The SDK does not fill its
   * ClientToken; when given, the same token and request answer the same ContinuedFromContactId.
   */
  async associate(instanceId: string, initialContactId: string, type: RehydrationType, sourceContactId: string, clientToken?: string): Promise<string> {
    const { store } = this.ctx;
    const scope = `CreatePersistentContactAssociation:${instanceId}`;
    const hash = requestHash({ initialContactId, type, sourceContactId });
    const replay = await replayFor<{ continuedFromContactId: string }>(store, scope, clientToken, hash);
    if (replay) return replay.continuedFromContactId;
    const outbox = new Outbox();
    const continued = await withIdempotencyRace(() => store.transaction(async (tx) => {
      const result = await this.associateIn(tx, instanceId, initialContactId, type, sourceContactId, outbox);
      if (clientToken) await recordIdempotent(tx, scope, clientToken, hash, { continuedFromContactId: result }, this.clock.now());
      return result;
    }), async (winner: { continuedFromContactId: string }) => winner.continuedFromContactId, outbox);
    await flushOutbox(this.ctx, outbox);
    return continued;
  }

  /** The association inside a transaction (also used by the flow block). Returns the continued contact id. */
  async associateIn(tx: Store, instanceId: string, initialContactId: string, type: RehydrationType, sourceContactId: string, outbox: Outbox): Promise<string> {
    const chat = await tx.getContact(idFromArnOrId(initialContactId));
    if (!chat || chat.instanceId !== instanceId) {
      throw new ChatError('NotFound', `Contact ${initialContactId} not found.`, { resourceId: initialContactId, resourceType: 'CONTACT' });
    }
    const first = chat.initialContactId === chat.id ? chat : (await tx.getContact(chat.initialContactId)) ?? chat;
    let current = chat;
    while (current.nextContactId) current = (await tx.getContact(current.nextContactId)) ?? current;
    if (current.channel !== 'CHAT') throw new ChatError('InvalidRequest', 'Persistent chat is available for chat contacts only.');
    if (current.state !== 'ACTIVE') throw new ChatError('InvalidRequest', `Contact ${initialContactId} is not a current chat.`);
    const from = await this.resolveSource(tx, instanceId, type, sourceContactId);
    if (from.initialContactId === first.initialContactId) throw new ChatError('InvalidRequest', 'A chat cannot continue from itself.');
    const item = await this.link(tx, first, type, sourceContactId, from);
    // As for StartChatContact.PersistentChat: the past contact's attributes are copied onto the chat (every segment of
    // it), and what the chat already has wins.
    for (let c: ContactRecord | undefined = first, hops = 0; c && hops < 100; hops++) {
      const merged = { ...from.attributes, ...c.attributes };
      checkContactAttributes(merged);
      await tx.updateContact(c.id, { attributes: merged });
      c = c.nextContactId ? await tx.getContact(c.nextContactId) : undefined;
    }
    outbox.push({ item: toWireItem(item) });
    return from.id;
  }

  /** The past contact a new chat continues from, checked against the rules. */
  async resolveSource(tx: Store, instanceId: string, type: RehydrationType, sourceContactId: string): Promise<ContactRecord> {
    const id = idFromArnOrId(sourceContactId);
    const source = await tx.getContact(id);
    if (!source || source.instanceId !== instanceId) {
      throw new ChatError('NotFound', `Contact ${sourceContactId} not found in this instance.`, { resourceId: id, resourceType: 'CONTACT' });
    }
    if (source.channel !== 'CHAT') throw new ChatError('InvalidRequest', `Contact ${id} is not a chat; only chats can be continued.`);
    const segments = await this.segments(tx, source.initialContactId);
    // "Only chat sessions that have ended are allowed to rehydrate onto a new chat session."
    if (segments.some((s) => s.state !== 'ENDED')) {
      throw new ChatError('InvalidRequest', `The chat session of contact ${id} has not ended; only ended chat sessions can be continued.`);
    }
    if (type === 'FROM_SEGMENT') return source;
    // ENTIRE_PAST_SESSION: "the most recent chat contact on the specified chat session that has ended".
    return segments.reduce((latest, s) => ((s.disconnectedAt ?? 0) >= (latest.disconnectedAt ?? 0) ? s : latest));
  }

  /**
   * Records that `chat` continues from `from` (once per past contact, first writer wins across nodes), marks the
   * chat (RelatedContactId, ContinuedFromContactId) and writes the chat.rehydrated event.
   */
  async link(tx: Store, chat: ContactRecord, type: RehydrationType, sourceContactId: string, from: ContactRecord) {
    const now = this.clock.now();
    const inserted = await tx.insertPersistentLink({
      continuedFromContactId: from.id, initialContactId: chat.initialContactId, instanceId: chat.instanceId,
      rehydrationType: type, sourceContactId: idFromArnOrId(sourceContactId), createdAt: now,
    });
    if (!inserted) {
      const existing = await tx.getPersistentLinkForChat(chat.initialContactId);
      throw new ChatError('InvalidRequest', existing
        ? `Chat ${chat.initialContactId} already continues from contact ${existing.continuedFromContactId}.`
        : `Contact ${from.id} has already been continued onto a chat; a past contact can be continued only once.`);
    }
    const persistentChat = { RehydrationType: type, SourceContactId: idFromArnOrId(sourceContactId), ContinuedFromContactId: from.id };
    await tx.updateContact(chat.id, { relatedContactId: from.id, persistentChat: persistentChat as Json, lastUpdatedAt: now });
    return this.transcript.append(tx, {
      contactId: chat.id, initialContactId: chat.initialContactId, type: 'EVENT', contentType: EventContentType.chatRehydrated,
    });
  }

  /** The past sessions this chat can read, newest first, following links cumulatively, at most 100 contacts. */
  async pastSessions(tx: Store, initialContactId: string): Promise<PastSession[]> {
    const sessions: PastSession[] = [];
    let traversed = 0;
    let link = await tx.getPersistentLinkForChat(initialContactId);
    while (link && traversed < this.limits.pastContacts) {
      const from = await tx.getContact(link.continuedFromContactId);
      if (!from) break;
      const visible: string[] = [];
      for (const s of await this.segments(tx, from.initialContactId)) {
        if (traversed >= this.limits.pastContacts) break;
        visible.push(s.id);
        traversed++;
        if (s.id === from.id) break; // segments after the continued contact are dropped
      }
      sessions.push({ initialContactId: from.initialContactId, segmentIds: visible });
      link = await tx.getPersistentLinkForChat(from.initialContactId);
    }
    return sessions;
  }

  /**
   * A page of past items, newest first, strictly before `beforeId` (a cursor), across past sessions. Stops at
   * the 5 MB bound, counted newest first from the start of the past.
   */
  async pastPage(tx: Store, initialContactId: string, cursor: { beforeId?: string; bytes: number }, limit: number) {
    const items: TranscriptItemRecord[] = [];
    let bytes = cursor.bytes;
    for (const session of await this.pastSessions(tx, initialContactId)) {
      const allowed = new Set(session.segmentIds);
      let before = cursor.beforeId;
      while (items.length < limit + 1) {
        const batch = await tx.listTranscriptItems({ initialContactId: session.initialContactId, beforeId: before, order: 'desc', limit: 200 });
        if (!batch.length) break;
        for (const item of batch) {
          if (!allowed.has(item.contactId) || item.contentType === EventContentType.chatRehydrated) continue;
          bytes += Buffer.byteLength(item.content ?? '');
          if (bytes > this.limits.pastBytes) return { items: items.slice(0, limit), more: false, bytes };
          items.push(item);
          if (items.length > limit) break;
        }
        before = batch[batch.length - 1]!.id;
      }
      if (items.length > limit) break;
    }
    const page = items.slice(0, limit);
    const more = items.length > limit;
    return { items: page, more, bytes: bytes - (more ? Buffer.byteLength(items[limit]!.content ?? '') : 0) };
  }

  private async segments(tx: Store, initialContactId: string): Promise<ContactRecord[]> {
    const out: ContactRecord[] = [];
    let c = await tx.getContact(initialContactId);
    while (c && out.length < MAX_PAST_CONTACTS) {
      out.push(c);
      c = c.nextContactId ? await tx.getContact(c.nextContactId) : undefined;
    }
    return out;
  }
}
