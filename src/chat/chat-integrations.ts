// Chats with customers on external messaging channels (SMS, WhatsApp, …), as Amazon's integrations run them:
// SendChatIntegrationEvent brings the customer's messages, typing and departures in (a new chat is started when
// the conversation has no active one), StartOutboundChatContact starts a chat toward a customer, and the customer
// sees the other side's messages through StartContactStreaming (NewSessionDetails.StreamingConfiguration). A
// conversation is its (destination, source, subtype); the customer acts through the Participant Service's own
// rules, with a short-lived connection token issued for each event.
import type { ChatContext } from './chat-context.js';
import { ChatError } from './chat-errors.js';
import type { ChatStreams } from './chat-streams.js';
import type { SegmentAttributeValue } from './attribute-rules.js';
import { idFromArnOrId } from './arns.js';
import type { Participants } from './participants.js';
import type { ChatStarter } from './start-chat.js';

/** Where a destination (the business's number or address) starts its chats: instance and flow. */
export type IntegrationDestinations = Record<string, string>;

export interface IntegrationEvent {
  sourceId: string;
  destinationId: string;
  subtype?: string;
  event: { type: 'DISCONNECT' | 'MESSAGE' | 'EVENT'; contentType?: string; content?: string };
  newSession?: {
    supportedMessagingContentTypes?: string[];
    displayName?: string;
    attributes?: Record<string, string>;
    streamingEndpointArn?: string;
  };
}

export interface OutboundChat {
  instanceId: string;
  contactFlowId: string;
  /** The business's address (the conversation's destination) and the customer's (its source). */
  businessAddress: string;
  customerAddress: string;
  segmentAttributes: Record<string, SegmentAttributeValue>;
  attributes?: Record<string, string>;
  displayName?: string;
  chatDurationInMinutes?: number;
  initialSystemMessage?: { contentType: string; content: string };
  relatedContactId?: string;
  supportedMessagingContentTypes?: string[];
  clientToken?: string;
}

/** API reference (SendChatIntegrationEvent Subtype): "connect:sms", "connect:WhatsApp"; SMS when absent. */
const DEFAULT_SUBTYPE = 'connect:SMS';
const EVENT_TOKEN_TTL_MS = 60_000;
const FLOW_ARN = /^arn:[\w-]+:connect:[\w-]+:\d{12}:instance\/([\w-]+)\/contact-flow\/([\w-]+)$/;

export class ChatIntegrations {
  constructor(
    private readonly ctx: ChatContext,
    private readonly starter: ChatStarter,
    private readonly participants: Participants,
    private readonly streams: ChatStreams,
    private readonly destinations: IntegrationDestinations,
  ) {}

  async receive(e: IntegrationEvent): Promise<{ initialContactId: string; newChatCreated: boolean }> {
    const subtype = e.subtype ?? DEFAULT_SUBTYPE;
    const existing = await this.activeChat(e.destinationId, e.sourceId, subtype);
    if (existing) {
      await this.act(existing.customerId, existing.contactId, e.event);
      return { initialContactId: existing.initialContactId, newChatCreated: false };
    }
    if (e.event.type === 'DISCONNECT') throw new ChatError('InvalidRequest', `No active chat from ${e.sourceId} to ${e.destinationId} to disconnect.`);
    const { instanceId, flowId } = this.destination(e.destinationId);
    const started = await this.starter.start({
      instanceId, contactFlowId: flowId, displayName: e.newSession?.displayName ?? e.sourceId, attributes: e.newSession?.attributes,
      supportedMessagingContentTypes: e.newSession?.supportedMessagingContentTypes,
      segmentAttributes: { 'connect:Subtype': { ValueString: subtype } },
    });
    await this.remember(e.destinationId, e.sourceId, subtype, started.contactId);
    if (e.newSession?.streamingEndpointArn) await this.streams.start(instanceId, started.contactId, e.newSession.streamingEndpointArn, undefined, true);
    await this.act(started.participantId, started.contactId, e.event);
    return { initialContactId: started.contactId, newChatCreated: true };
  }

  async startOutbound(o: OutboundChat): Promise<string> {
    if (!o.segmentAttributes['connect:Subtype']?.ValueString) {
      throw new ChatError('InvalidRequest', 'SegmentAttributes must name the channel in connect:Subtype (for example connect:SMS or connect:WhatsApp).');
    }
    const started = await this.starter.start({
      instanceId: o.instanceId, contactFlowId: o.contactFlowId, displayName: o.displayName ?? o.customerAddress, attributes: o.attributes,
      segmentAttributes: o.segmentAttributes, chatDurationInMinutes: o.chatDurationInMinutes, initialSystemMessage: o.initialSystemMessage,
      relatedContactId: o.relatedContactId, supportedMessagingContentTypes: o.supportedMessagingContentTypes, clientToken: o.clientToken,
      initiationMethod: 'OUTBOUND',
    });
    await this.remember(o.businessAddress, o.customerAddress, o.segmentAttributes['connect:Subtype'].ValueString, started.contactId);
    return started.contactId;
  }

  /** The active chat of a conversation, with its current segment and its customer, if it has one. */
  private async activeChat(destinationId: string, sourceId: string, subtype: string) {
    const { store } = this.ctx;
    const link = await store.getIntegrationChat(destinationId, sourceId, subtype);
    if (!link) return undefined;
    const customer = (await store.listParticipants(link.initialContactId)).find((p) => p.role === 'CUSTOMER' && p.state === 'JOINED');
    const contact = customer && (await store.getContact(customer.contactId));
    return contact?.state === 'ACTIVE' ? { initialContactId: link.initialContactId, contactId: contact.id, customerId: customer!.id } : undefined;
  }

  private remember(destinationId: string, sourceId: string, subtype: string, initialContactId: string): Promise<void> {
    return this.ctx.store.putIntegrationChat({ destinationId, sourceId, subtype, initialContactId, updatedAt: this.ctx.clock.now() });
  }

  /** The customer's side of the event, through the Participant Service's rules (content types, lengths, leaving). */
  private async act(customerId: string, contactId: string, event: IntegrationEvent['event']): Promise<void> {
    const { token } = await this.ctx.tokens.issue(this.ctx.store, 'connection', customerId, contactId, EVENT_TOKEN_TTL_MS);
    switch (event.type) {
      case 'MESSAGE':
        if (!event.content) throw new ChatError('InvalidRequest', 'A MESSAGE event needs Content.');
        await this.participants.sendMessage(token, event.contentType ?? 'text/plain', event.content);
        break;
      case 'EVENT':
        if (!event.contentType) throw new ChatError('InvalidRequest', 'An EVENT event needs ContentType.');
        await this.participants.sendEvent(token, event.contentType, event.content);
        break;
      case 'DISCONNECT':
        await this.participants.disconnect(token);
        break;
    }
  }

  /** A configured destination (SWITCHBOARD_INTEGRATION_DESTINATIONS), or a contact flow's ARN used as one. */
  private destination(destinationId: string): { instanceId: string; flowId: string } {
    const flowArn = this.destinations[destinationId] ?? destinationId;
    const m = FLOW_ARN.exec(flowArn);
    if (!m) throw new ChatError('NotFound', `Destination ${destinationId} is not configured (SWITCHBOARD_INTEGRATION_DESTINATIONS) and is not a contact flow ARN.`);
    return { instanceId: m[1]!, flowId: idFromArnOrId(m[2]!) };
  }
}
