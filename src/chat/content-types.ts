// Content types and item types of Amazon Connect chat, as the Participant Service and chatjs use them.
const EVENT = 'application/vnd.amazonaws.connect.event.';

export const EventContentType = {
  typing: `${EVENT}typing`,
  connectionAcknowledged: `${EVENT}connection.acknowledged`,
  messageDelivered: `${EVENT}message.delivered`,
  messageRead: `${EVENT}message.read`,
  messageMetadata: `${EVENT}message.metadata`,
  participantJoined: `${EVENT}participant.joined`,
  participantLeft: `${EVENT}participant.left`,
  participantInvited: `${EVENT}participant.invited`,
  chatEnded: `${EVENT}chat.ended`,
  chatRehydrated: `${EVENT}chat.rehydrated`,
  transferSucceeded: `${EVENT}transfer.succeeded`,
  transferFailed: `${EVENT}transfer.failed`,
} as const;

export const MessageContentType = {
  plain: 'text/plain',
  markdown: 'text/markdown',
  json: 'application/json',
  interactive: 'application/vnd.amazonaws.connect.message.interactive',
  interactiveResponse: 'application/vnd.amazonaws.connect.message.interactive.response',
} as const;

/** StartChatContact.SupportedMessagingContentTypes accepts exactly these (API reference). */
export const SUPPORTED_MESSAGING_CONTENT_TYPES: readonly string[] = Object.values(MessageContentType);

/** SendMessage per-type content length limits (Participant Service API reference, SendMessage.Content). */
export const MESSAGE_LENGTH_LIMITS: Record<string, number> = {
  [MessageContentType.plain]: 1024,
  [MessageContentType.markdown]: 1024,
  [MessageContentType.json]: 12000,
  [MessageContentType.interactiveResponse]: 12288,
};

/** Content types a participant may send with SendEvent (Participant Service API reference, SendEvent). */
export const SENDABLE_EVENT_TYPES: readonly string[] = [
  EventContentType.typing,
  EventContentType.connectionAcknowledged,
  EventContentType.messageDelivered,
  EventContentType.messageRead,
  EventContentType.participantInvited,
];
