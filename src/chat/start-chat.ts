// StartChatContact: every documented rule of the request, then one atomic write of the contact, its customer
// participant, the first transcript items and the chat-duration timer, then the contact's flow.
import { v7 as uuidv7 } from 'uuid';
import { type ContactRecord, type Json, type ParticipantRecord, emptyFlowData } from '../storage/store.js';
import { idFromArnOrId } from './arns.js';
import { type SegmentAttributeValue, checkContactAttributes, checkSegmentAttributes } from './attribute-rules.js';
import { ChatError } from './chat-errors.js';
import type { ChatContext } from './chat-context.js';
import { EventContentType, MESSAGE_LENGTH_LIMITS, MessageContentType, SUPPORTED_MESSAGING_CONTENT_TYPES } from './content-types.js';
import type { ChatActivity, Contacts } from './contacts.js';
import { recordIdempotent, replayFor, requestHash, withIdempotencyRace } from './idempotency.js';
import type { Instances } from './instances.js';
import type { PersistentChats, RehydrationType } from './persistent-chat.js';
import { Outbox, flushOutbox } from './outbox.js';
import { toWireItem } from './transcript.js';

export interface StartChatRequest {
  instanceId: string;
  contactFlowId: string;
  displayName: string;
  attributes?: Record<string, string>;
  initialMessage?: { contentType: string; content: string };
  clientToken?: string;
  chatDurationInMinutes?: number;
  supportedMessagingContentTypes?: string[];
  persistentChat?: { rehydrationType?: string; sourceContactId?: string };
  relatedContactId?: string;
  segmentAttributes?: Record<string, SegmentAttributeValue>;
  customerId?: string;
  participantConfiguration?: { responseMode?: string };
  disconnectOnCustomerExit?: string[];
  /** API by default; OUTBOUND for StartOutboundChatContact. */
  initiationMethod?: 'API' | 'OUTBOUND';
  /** StartOutboundChatContact's InitialSystemMessage: the first message, from the system, before the flow runs. */
  initialSystemMessage?: { contentType: string; content: string };
}

export interface StartChatResult {
  contactId: string;
  participantId: string;
  participantToken: string;
  continuedFromContactId?: string;
}

/** API reference: "If not specified, the chat session duration defaults to 25 hour." */
export const DEFAULT_CHAT_DURATION_MINUTES = 1500;

export class ChatStarter {
  constructor(
    private readonly ctx: ChatContext,
    private readonly instances: Instances,
    private readonly contacts: Contacts,
    private readonly persistent: PersistentChats,
    private readonly activity: ChatActivity,
  ) {}

  async start(req: StartChatRequest): Promise<StartChatResult> {
    const { store, clock, tokens, transcript } = this.ctx;
    const instance = await this.instances.get(req.instanceId);
    const flowId = idFromArnOrId(req.contactFlowId);
    const flow = await store.getFlow(instance.id, flowId);
    if (!flow) {
      throw new ChatError('NotFound', `ContactFlow ${req.contactFlowId} not found in instance ${instance.id}.`, { resourceId: flowId, resourceType: 'CONTACT_FLOW' });
    }
    const supported = this.checkRequest(req);
    const hash = requestHash({ ...req, clientToken: undefined, instanceId: instance.id, contactFlowId: flowId });
    const scope = `StartChatContact:${instance.id}`;
    const replay = await replayFor<{ contactId: string; participantId: string; continuedFromContactId?: string | null }>(store, scope, req.clientToken, hash);
    if (replay) return this.replay(replay);
    const related = req.relatedContactId ? await this.contacts.get(store, instance.id, req.relatedContactId) : undefined;
    const persistent = req.persistentChat as { rehydrationType: RehydrationType; sourceContactId: string } | undefined;
    const continued = persistent ? await this.persistent.resolveSource(store, instance.id, persistent.rehydrationType, persistent.sourceContactId) : undefined;
    // The new contact gets "a copy of the contact properties from the related contact" — also the continued one.
    const inherited = related ?? continued;
    const now = clock.now();
    const duration = req.chatDurationInMinutes ?? DEFAULT_CHAT_DURATION_MINUTES;
    const contactId = uuidv7();
    const contact: ContactRecord = {
      id: contactId, instanceId: instance.id, initialContactId: contactId, previousContactId: null, nextContactId: null,
      relatedContactId: inherited?.id ?? null, channel: 'CHAT', initiationMethod: req.initiationMethod ?? 'API', state: 'ACTIVE', contactFlowId: flowId,
      // A related contact's attributes are copied onto the new contact ("a copy of the contact properties").
      attributes: { ...(inherited?.attributes ?? {}), ...(req.attributes ?? {}) },
      segmentAttributes: (req.segmentAttributes ?? {}) as Json, customerId: req.customerId ?? null,
      supportedContentTypes: supported, chatDurationMinutes: duration,
      disconnectOnCustomerExit: req.disconnectOnCustomerExit ?? [],
      participantConfiguration: (req.participantConfiguration ?? null) as Json,
      persistentChat: (req.persistentChat ?? null) as Json,
      initiatedAt: now, disconnectedAt: null, lastUpdatedAt: now, disconnectReason: null,
      expiresAt: now + duration * 60_000, flow: emptyFlowData(), queueInfo: null,
      routing: { priority: null, adjustSeconds: null }, agentInfo: null, participantTimers: { config: {}, idle: {} },
    };
    checkContactAttributes(contact.attributes);
    const customer: ParticipantRecord = {
      id: uuidv7(), contactId, initialContactId: contactId, role: 'CUSTOMER', displayName: req.displayName,
      state: 'JOINED', connected: false, joinedAt: now, leftAt: null,
    };
    let replayed: StartChatResult | undefined;
    const outbox = new Outbox();
    const token = await withIdempotencyRace(() => store.transaction(async (tx) => {
      // Counted in the inserting transaction, with the instance held: concurrent starts on any node cannot all pass
      // a check made before any of them inserted.
      await tx.lockInstance(instance.id);
      if ((await tx.countActiveContacts(instance.id)) >= this.ctx.settings.maxActiveChatsPerInstance) {
        throw new ChatError('LimitExceeded', `The quota of ${this.ctx.settings.maxActiveChatsPerInstance} concurrent active chats for this instance is reached.`);
      }
      await tx.insertContact(contact);
      await this.ctx.contactEvents.record(tx, contact, 'INITIATED');
      await tx.insertParticipant(customer);
      const issued = await tokens.issue(tx, 'participant', customer.id, contactId, null);
      const joined = await transcript.append(tx, {
        contactId, initialContactId: contactId, type: 'EVENT', contentType: EventContentType.participantJoined, from: customer,
      });
      outbox.push({ item: toWireItem(joined) });
      if (persistent && continued) {
        const rehydrated = await this.persistent.link(tx, contact, persistent.rehydrationType, persistent.sourceContactId, continued);
        outbox.push({ item: toWireItem(rehydrated) });
      }
      if (req.initialMessage) {
        const first = await transcript.append(tx, {
          contactId, initialContactId: contactId, type: 'MESSAGE', contentType: req.initialMessage.contentType,
          content: req.initialMessage.content, from: customer,
        });
        outbox.push({ item: toWireItem(first) });
      }
      await this.contacts.scheduleExpiry(tx, contact);
      const system = await this.contacts.systemParticipant(tx, contact);
      if (req.initialSystemMessage) {
        const first = await transcript.append(tx, {
          contactId, initialContactId: contactId, type: 'MESSAGE', contentType: req.initialSystemMessage.contentType,
          content: req.initialSystemMessage.content, from: system,
        });
        outbox.push({ item: toWireItem(first) });
      }
      await this.activity.startFlow(tx, contact, outbox);
      if (req.clientToken) {
        await recordIdempotent(tx, scope, req.clientToken, hash, { contactId, participantId: customer.id, continuedFromContactId: continued?.id ?? null }, now);
      }
      return issued.token;
    }), async (winner: { contactId: string; participantId: string; continuedFromContactId?: string | null }) => {
      replayed = await this.replay(winner);
      return replayed.participantToken;
    }, outbox);
    if (replayed) return replayed;
    await flushOutbox(this.ctx, outbox);
    return { contactId, participantId: customer.id, participantToken: token, continuedFromContactId: continued?.id };
  }

  /** The documented request rules that the model's constraints do not express. Returns the effective content types. */
  private checkRequest(req: StartChatRequest): string[] {
    if (req.persistentChat && req.relatedContactId) {
      throw new ChatError('InvalidRequest', 'You cannot provide data for both RelatedContactId and PersistentChat.');
    }
    if (req.persistentChat && (!req.persistentChat.rehydrationType || !req.persistentChat.sourceContactId)) {
      throw new ChatError('InvalidParameter', 'PersistentChat requires both RehydrationType and SourceContactId.');
    }
    const supported = req.supportedMessagingContentTypes ?? [MessageContentType.plain];
    const unknown = supported.filter((t) => !SUPPORTED_MESSAGING_CONTENT_TYPES.includes(t));
    if (unknown.length) {
      throw new ChatError('InvalidParameter', `SupportedMessagingContentTypes contains unsupported types: ${unknown.join(', ')}. Supported types are ${SUPPORTED_MESSAGING_CONTENT_TYPES.join(', ')}.`);
    }
    if (!supported.includes(MessageContentType.plain)) {
      throw new ChatError('InvalidParameter', 'SupportedMessagingContentTypes must always contain text/plain.');
    }
    if (req.initialMessage) {
      const { contentType, content } = req.initialMessage;
      if (!supported.includes(contentType) || contentType === MessageContentType.interactive) {
        throw new ChatError('InvalidParameter', `InitialMessage.ContentType ${contentType} is not among the chat's SupportedMessagingContentTypes.`);
      }
      const limit = MESSAGE_LENGTH_LIMITS[contentType];
      if (limit && [...content].length > limit) {
        throw new ChatError('InvalidParameter', `InitialMessage.Content is longer than ${limit} characters allowed for ${contentType}.`);
      }
    }
    if (req.attributes) checkContactAttributes(req.attributes);
    if (req.segmentAttributes) checkSegmentAttributes(req.segmentAttributes, supported);
    return [...new Set(supported)];
  }

  /** Same ClientToken, same request: the same contact and participant, with a fresh token for that participant. */
  private async replay(previous: { contactId: string; participantId: string; continuedFromContactId?: string | null }): Promise<StartChatResult> {
    const { store, tokens } = this.ctx;
    const participant = await store.getParticipant(previous.participantId);
    const contact = await store.getContact(previous.contactId);
    if (!participant || !contact || contact.state !== 'ACTIVE' || participant.state !== 'JOINED') {
      throw new ChatError('InvalidRequest', `The chat started with this ClientToken (contact ${previous.contactId}) has ended.`);
    }
    const issued = await tokens.issue(store, 'participant', participant.id, contact.id, null);
    return { contactId: contact.id, participantId: participant.id, participantToken: issued.token, continuedFromContactId: previous.continuedFromContactId ?? undefined };
  }
}
