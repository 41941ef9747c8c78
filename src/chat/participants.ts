// What a participant does in a chat, behind the Participant Service: connect (websocket URL and connection
// token), send messages and events, read receipts, read the transcript, leave. Also CreateParticipant, which
// adds a CUSTOM_BOT participant that then talks through these same operations.
import { v7 as uuidv7 } from 'uuid';
import type { ContactRecord, ParticipantRecord, Store } from '../storage/store.js';
import { ChatError } from './chat-errors.js';
import type { ChatContext } from './chat-context.js';
import { EventContentType, MESSAGE_LENGTH_LIMITS, MessageContentType, SENDABLE_EVENT_TYPES } from './content-types.js';
import type { ChatActivity, Contacts } from './contacts.js';
import { recordIdempotent, replayFor, requestHash, withIdempotencyRace } from './idempotency.js';
import { CONNECTION_TOKEN_TTL_MS, WEBSOCKET_URL_TTL_MS } from './tokens.js';
import { Outbox, flushOutbox } from './outbox.js';
import type { PersistentChats } from './persistent-chat.js';
import { type PastCursor, type TranscriptPageRequest, type WireItem, decodePastCursor, encodePastCursor, toWireItem } from './transcript.js';

export interface Session {
  participant: ParticipantRecord;
  contact: ContactRecord;
}

export interface ConnectionResult {
  websocket?: { url: string; connectionExpiry: string };
  connectionCredentials?: { connectionToken: string; expiry: string };
}

export interface SentItem {
  id: string;
  absoluteTime: string;
}

export class Participants {
  constructor(
    private readonly ctx: ChatContext,
    private readonly contacts: Contacts,
    private readonly persistent: PersistentChats,
    private readonly activity: ChatActivity,
  ) {}

  /** A live participant of a live chat for this token, or AccessDenied (403) — as Amazon answers dead tokens. */
  async session(store: Store, token: string, kind: 'participant' | 'connection' | 'websocket'): Promise<Session> {
    // A websocket URL opens one socket: its token is used up by the first upgrade (chatjs asks for a new URL on
    // every reconnect), so a URL that leaked into a log or a proxy cannot be replayed.
    let contact: ContactRecord | undefined;
    let participant: ParticipantRecord | undefined;
    if (kind === 'websocket') {
      const record = await this.ctx.tokens.consume(store, token, kind);
      const found = await store.getParticipant(record.participantId);
      contact = found && (await store.getContact(found.contactId));
      // Inside a transaction the contact row is locked by its read; the participant is read again after it, so a
      // change committed while this transaction waited for the lock (the participant left) is seen.
      participant = contact && (await store.getParticipant(record.participantId));
    } else {
      // The store reads the participant after the contact's lock (Store.getTokenSession).
      ({ participant, contact } = await this.ctx.tokens.resolveSession(store, token, kind));
    }
    if (!participant || !contact || participant.state !== 'JOINED' || contact.state !== 'ACTIVE') {
      throw new ChatError('AccessDenied', 'You do not have sufficient access to perform this action.');
    }
    return { participant, contact };
  }

  /**
   * GetAuthenticationUrl / CancelParticipantAuthentication. Customer authentication needs the Authenticate Customer
   * flow block and Amazon Cognito, which Switchboard does not have, so no authentication session ever exists: a live
   * connection gets a ValidationException naming the session (a dead one 403, as every call).
   */
  async authenticationSession(connectionToken: string, sessionId: string): Promise<never> {
    await this.session(this.ctx.store, connectionToken, 'connection');
    throw new ChatError('InvalidRequest', `No authentication session ${sessionId}: customer authentication (the Authenticate Customer flow block, Amazon Cognito) is not available in Switchboard.`);
  }

  async createConnection(participantToken: string, types: string[], connectParticipant: boolean): Promise<ConnectionResult> {
    const { store, tokens } = this.ctx;
    return store.transaction(async (tx) => {
      const { participant, contact } = await this.session(tx, participantToken, 'participant');
      const result: ConnectionResult = {};
      if (types.includes('WEBSOCKET')) {
        const ws = await tokens.issue(tx, 'websocket', participant.id, contact.id, WEBSOCKET_URL_TTL_MS);
        result.websocket = {
          url: `${this.ctx.settings.websocketBaseUrl}/participant-socket?token=${ws.token}`,
          connectionExpiry: new Date(ws.expiresAt!).toISOString(),
        };
      }
      if (types.includes('CONNECTION_CREDENTIALS')) {
        const conn = await tokens.issue(tx, 'connection', participant.id, contact.id, CONNECTION_TOKEN_TTL_MS);
        result.connectionCredentials = { connectionToken: conn.token, expiry: new Date(conn.expiresAt!).toISOString() };
      }
      if (connectParticipant) await tx.updateParticipant(participant.id, { connected: true });
      return result;
    });
  }

  async sendMessage(connectionToken: string, contentType: string, content: string, clientToken?: string): Promise<SentItem> {
    const { store, transcript } = this.ctx;
    const outbox = new Outbox();
    const result = await withIdempotencyRace(() => store.transaction(async (tx) => {
      const { participant, contact } = await this.session(tx, connectionToken, 'connection');
      const sendable = contact.supportedContentTypes.filter((t) => t !== MessageContentType.interactive);
      if (!sendable.includes(contentType)) {
        throw new ChatError('InvalidRequest', `ContentType ${contentType} is not supported in this chat. Supported: ${sendable.join(', ')}.`);
      }
      const limit = MESSAGE_LENGTH_LIMITS[contentType];
      if (limit && [...content].length > limit) {
        throw new ChatError('InvalidRequest', `Content is longer than the ${limit} characters allowed for ${contentType}.`);
      }
      const scope = `SendMessage:${participant.id}`;
      const key = clientToken && `${clientToken}:${requestHash({ contentType, content })}`;
      // No look-up before the work: a repeated ClientToken finds its first answer when recording this one, and this
      // transaction rolls back to replay it (withIdempotencyRace), so the common first use costs one statement.
      const item = await transcript.append(tx, {
        contactId: contact.id, initialContactId: contact.initialContactId, type: 'MESSAGE', contentType, content, from: participant,
      });
      const sent = { id: item.id, absoluteTime: new Date(item.absoluteTime).toISOString() };
      if (key) await recordIdempotent(tx, scope, key, '', sent, item.absoluteTime);
      outbox.push({ item: toWireItem(item) });
      await this.activity.participantMessage(tx, contact, participant, outbox);
      if (participant.role === 'CUSTOMER') await this.activity.customerMessage(tx, contact, content, contentType, outbox);
      return sent;
    }), async (winner: SentItem) => winner, outbox);
    await flushOutbox(this.ctx, outbox);
    return result;
  }

  async sendEvent(connectionToken: string, contentType: string, content: string | undefined, clientToken?: string): Promise<SentItem> {
    const { store, transcript, clock } = this.ctx;
    if (!SENDABLE_EVENT_TYPES.includes(contentType)) {
      throw new ChatError('InvalidRequest', `ContentType ${contentType} is not a supported event type. Supported: ${SENDABLE_EVENT_TYPES.join(', ')}.`);
    }
    const outbox = new Outbox();
    const result = await withIdempotencyRace(() => store.transaction(async (tx) => {
      const { participant, contact } = await this.session(tx, connectionToken, 'connection');
      // chatjs sends every receipt with one constant ClientToken, so the key includes the event itself.
      const scope = `SendEvent:${participant.id}`;
      const key = clientToken && `${clientToken}:${requestHash({ contentType, content })}`;
      // As in sendMessage: a repeat is found when recording, and rolls this transaction back to replay the first.
      const event = transcript.create({
        contactId: contact.id, initialContactId: contact.initialContactId, type: 'EVENT', contentType,
        content: content ?? null, from: participant,
      });
      if (contentType === EventContentType.messageRead || contentType === EventContentType.messageDelivered) {
        await this.receipt(tx, participant, contact, contentType, content, event.absoluteTime, outbox);
      } else if (contentType === EventContentType.connectionAcknowledged) {
        await tx.updateParticipant(participant.id, { connected: true });
      } else {
        // Typing and invitations are ephemeral: pushed to every participant, not kept in the transcript.
        outbox.push({ item: toWireItem(event) });
      }
      const sent = { id: event.id, absoluteTime: new Date(event.absoluteTime).toISOString() };
      if (key) await recordIdempotent(tx, scope, key, '', sent, clock.now());
      return sent;
    }), async (winner: SentItem) => winner, outbox);
    await flushOutbox(this.ctx, outbox);
    return result;
  }

  /** Records a read/delivered receipt and tells the message's sender with a MESSAGEMETADATA item. */
  private async receipt(
    tx: Store, reader: ParticipantRecord, contact: ContactRecord, contentType: string, content: string | undefined,
    at: number, outbox: Outbox,
  ): Promise<void> {
    let messageId: unknown;
    try {
      messageId = (JSON.parse(content ?? '') as { messageId?: unknown }).messageId;
    } catch {
      messageId = undefined;
    }
    if (typeof messageId !== 'string' || !messageId) {
      throw new ChatError('InvalidRequest', 'Content must be a JSON string like {"messageId":"<message Id>"} for message receipts.');
    }
    const active = (await tx.listParticipants(contact.initialContactId)).filter((p) => p.state === 'JOINED' && p.role !== 'SYSTEM');
    if (active.length > 2) {
      // API reference: "Message receipts are not supported when there are more than two active participants".
      throw new ChatError('Conflict', 'Message receipts are not supported when there are more than two active participants in the chat.');
    }
    const message = await tx.getTranscriptItem(messageId);
    if (!message || message.initialContactId !== contact.initialContactId || message.type !== 'MESSAGE') {
      throw new ChatError('InvalidRequest', `Message ${messageId} is not a message of this chat.`);
    }
    const read = contentType === EventContentType.messageRead;
    await tx.upsertReceipt({
      messageId, initialContactId: contact.initialContactId, recipientParticipantId: reader.id,
      deliveredAt: read ? null : at, readAt: read ? at : null,
    });
    if (!message.participantId || message.participantId === reader.id) return;
    const receipt = read
      ? { RecipientParticipantId: reader.id, ReadTimestamp: new Date(at).toISOString() }
      : { RecipientParticipantId: reader.id, DeliveredTimestamp: new Date(at).toISOString() };
    const metadata: WireItem = {
      ...toWireItem(this.ctx.transcript.create({
        contactId: contact.id, initialContactId: contact.initialContactId, type: 'MESSAGEMETADATA',
        contentType: EventContentType.messageMetadata,
      })),
      MessageMetadata: { MessageId: messageId, Receipts: [receipt] },
    };
    outbox.push({ item: metadata, to: [message.participantId] });
  }

  async transcript(connectionToken: string, req: Omit<TranscriptPageRequest, 'initialContactId'>) {
    const { store } = this.ctx;
    const { contact } = await this.session(store, connectionToken, 'connection');
    if (req.contactId) {
      const target = await store.getContact(req.contactId);
      if (!target || target.initialContactId !== contact.initialContactId) {
        throw new ChatError('InvalidRequest', `ContactId ${req.contactId} is not part of this chat's contact chain.`);
      }
    }
    const past = req.nextToken ? decodePastCursor(req.nextToken) : undefined;
    if (past) return { initialContactId: contact.initialContactId, ...(await this.pastPage(store, contact.initialContactId, past, req)) };
    const page = await this.ctx.transcript.page(store, { ...req, initialContactId: contact.initialContactId });
    // Persistent chat: when the chat's own items run out going back in time, the NextToken leads into the past
    // ("The initial call to GetTranscript on a newly started persistent chat session contains a NextToken").
    let nextToken = page.nextToken;
    if (!nextToken && page.direction === 'B' && (await this.persistent.pastSessions(store, contact.initialContactId)).length) {
      nextToken = encodePastCursor({ p: 'past', n: 0 });
    }
    return { initialContactId: contact.initialContactId, items: page.items, nextToken };
  }

  /** Past items, newest first across pages; StartPosition and ContactId do not apply to them (as Amazon documents). */
  private async pastPage(store: Store, initialContactId: string, cursor: PastCursor, req: Omit<TranscriptPageRequest, 'initialContactId'>) {
    const limit = req.maxResults ?? 10;
    const page = await this.persistent.pastPage(store, initialContactId, { beforeId: cursor.b, bytes: cursor.n }, limit);
    const receipts = await store.listReceipts(page.items.filter((r) => r.type === 'MESSAGE').map((r) => r.id));
    const items = page.items.map((r) => toWireItem(r, receipts.filter((x) => x.messageId === r.id)));
    if ((req.sortOrder ?? 'DESCENDING') === 'ASCENDING') items.reverse();
    const last = page.items[page.items.length - 1];
    return { items, nextToken: page.more && last ? encodePastCursor({ p: 'past', b: last.id, n: page.bytes }) : undefined };
  }

  /** DescribeView: the view a ShowView block sent this chat, for its view token. */
  async viewFor(connectionToken: string, viewToken: string): Promise<{ instanceId: string; viewId: string }> {
    const { store, tokens } = this.ctx;
    const { contact } = await this.session(store, connectionToken, 'connection');
    const view = await tokens.resolve(store, viewToken, 'view').catch(() => {
      throw new ChatError('NotFound', 'The view token is not valid or has expired.', { resourceId: viewToken, resourceType: 'VIEW' });
    });
    const shownIn = await store.getContact(view.contactId);
    if (!shownIn || shownIn.initialContactId !== contact.initialContactId) {
      throw new ChatError('AccessDenied', 'The view was not shown in this chat.');
    }
    return { instanceId: contact.instanceId, viewId: view.participantId };
  }

  async disconnect(connectionToken: string): Promise<void> {
    const { store, transcript } = this.ctx;
    const outbox = new Outbox();
    await store.transaction(async (tx) => {
      const { participant, contact } = await this.session(tx, connectionToken, 'connection');
      await this.contacts.leave(tx, contact, participant, outbox);
      outbox.pushes[outbox.pushes.length - 1]!.closeFor = [participant.id];
      const fresh = (await tx.getContact(contact.id)) ?? contact;
      if (participant.role === 'CUSTOMER') await this.activity.customerLeft(tx, fresh, outbox);
      else if (participant.role === 'AGENT') await this.activity.agentLeft(tx, fresh, participant, outbox);
      else if (participant.role === 'CUSTOM_BOT') await this.activity.botLeft(tx, fresh, outbox);
    });
    await flushOutbox(this.ctx, outbox);
  }

  /** CreateParticipant: a CUSTOM_BOT joins an active chat with its own participant token. */
  async addBot(instanceId: string, contactId: string, displayName: string, clientToken?: string) {
    const { store, tokens, transcript, clock } = this.ctx;
    const outbox = new Outbox();
    const result = await withIdempotencyRace(() => store.transaction(async (tx) => {
      const contact = await this.contacts.get(tx, instanceId, contactId);
      const scope = `CreateParticipant:${contact.id}`;
      const hash = requestHash({ displayName });
      const replay = await replayFor<{ participantId: string }>(tx, scope, clientToken, hash);
      if (replay) {
        const issued = await tokens.issue(tx, 'participant', replay.participantId, contact.id, null);
        return { participantId: replay.participantId, participantToken: issued.token };
      }
      if (contact.state !== 'ACTIVE' || contact.channel !== 'CHAT') {
        throw new ChatError('InvalidRequest', `Contact ${contact.id} is not an active chat.`);
      }
      const bot: ParticipantRecord = {
        id: uuidv7(), contactId: contact.id, initialContactId: contact.initialContactId, role: 'CUSTOM_BOT',
        displayName, state: 'JOINED', connected: false, joinedAt: clock.now(), leftAt: null,
      };
      await tx.insertParticipant(bot);
      const issued = await tokens.issue(tx, 'participant', bot.id, contact.id, null);
      const joined = await transcript.append(tx, {
        contactId: contact.id, initialContactId: contact.initialContactId, type: 'EVENT',
        contentType: EventContentType.participantJoined, from: bot,
      });
      outbox.push({ item: toWireItem(joined) });
      if (clientToken) await recordIdempotent(tx, scope, clientToken, hash, { participantId: bot.id }, clock.now());
      return { participantId: bot.id, participantToken: issued.token };
    }), async (winner: { participantId: string }) => ({
      participantId: winner.participantId,
      participantToken: (await tokens.issue(store, 'participant', winner.participantId, contactId, null)).token,
    }), outbox);
    await flushOutbox(this.ctx, outbox);
    return result;
  }
}
