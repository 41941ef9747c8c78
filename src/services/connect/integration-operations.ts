// SendChatIntegrationEvent and StartOutboundChatContact: chats with customers on external messaging channels,
// thin over chat/chat-integrations.ts.
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import type { SegmentAttributeValue } from '../../chat/attribute-rules.js';
import type { ChatIntegrations } from '../../chat/chat-integrations.js';
import type { Instances } from '../../chat/instances.js';

type Ctx = OperationContext;

export class IntegrationOperations {
  constructor(private readonly instances: Instances, private readonly integrations: ChatIntegrations) {}

  async SendChatIntegrationEvent(input: C.SendChatIntegrationEventRequest, _ctx: Ctx): Promise<C.SendChatIntegrationEventResponse> {
    const s = input.NewSessionDetails;
    const out = await this.integrations.receive({
      sourceId: input.SourceId!, destinationId: input.DestinationId!, subtype: input.Subtype,
      event: { type: input.Event!.Type!, contentType: input.Event!.ContentType, content: input.Event!.Content },
      newSession: s && {
        supportedMessagingContentTypes: s.SupportedMessagingContentTypes, displayName: s.ParticipantDetails?.DisplayName,
        attributes: s.Attributes, streamingEndpointArn: s.StreamingConfiguration?.StreamingEndpointArn,
      },
    });
    return { InitialContactId: out.initialContactId, NewChatCreated: out.newChatCreated };
  }

  async StartOutboundChatContact(input: C.StartOutboundChatContactRequest, _ctx: Ctx): Promise<C.StartOutboundChatContactResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const contactId = await this.integrations.startOutbound({
      instanceId: instance.id, contactFlowId: input.ContactFlowId!, businessAddress: input.SourceEndpoint!.Address!,
      customerAddress: input.DestinationEndpoint!.Address!, segmentAttributes: input.SegmentAttributes as Record<string, SegmentAttributeValue>,
      attributes: input.Attributes, displayName: input.ParticipantDetails?.DisplayName, chatDurationInMinutes: input.ChatDurationInMinutes,
      initialSystemMessage: input.InitialSystemMessage && { contentType: input.InitialSystemMessage.ContentType!, content: input.InitialSystemMessage.Content! },
      relatedContactId: input.RelatedContactId, supportedMessagingContentTypes: input.SupportedMessagingContentTypes, clientToken: input.ClientToken,
    });
    return { ContactId: contactId };
  }
}
