// StartChatContact: maps the SDK-shaped request onto the domain's ChatStarter and back.
// The rules themselves live in src/chat/start-chat.ts; docs/wire-compatibility.md (StartChatContact) lists every choice.
import type * as C from '@aws-sdk/client-connect';
import type { SegmentAttributeValue } from '../../chat/attribute-rules.js';
import type { ChatStarter } from '../../chat/start-chat.js';

export async function startChatContact(starter: ChatStarter, input: C.StartChatContactRequest): Promise<C.StartChatContactResponse> {
  const result = await starter.start({
    instanceId: input.InstanceId!,
    contactFlowId: input.ContactFlowId!,
    displayName: input.ParticipantDetails!.DisplayName!,
    attributes: input.Attributes,
    initialMessage: input.InitialMessage && {
      contentType: input.InitialMessage.ContentType!,
      content: input.InitialMessage.Content!,
    },
    clientToken: input.ClientToken,
    chatDurationInMinutes: input.ChatDurationInMinutes,
    supportedMessagingContentTypes: input.SupportedMessagingContentTypes,
    persistentChat: input.PersistentChat && {
      rehydrationType: input.PersistentChat.RehydrationType,
      sourceContactId: input.PersistentChat.SourceContactId,
    },
    relatedContactId: input.RelatedContactId,
    segmentAttributes: input.SegmentAttributes as Record<string, SegmentAttributeValue> | undefined,
    customerId: input.CustomerId,
    participantConfiguration: input.ParticipantConfiguration && { responseMode: input.ParticipantConfiguration.ResponseMode },
    disconnectOnCustomerExit: input.DisconnectOnCustomerExit,
  });
  return {
    ContactId: result.contactId,
    ParticipantId: result.participantId,
    ParticipantToken: result.participantToken,
    ContinuedFromContactId: result.continuedFromContactId,
  };
}
