// Loads the official amazon-connect-chatjs browser bundle from Switchboard and types the parts the faces use.
export interface ChatItem {
  Id: string;
  Type: string;
  ContentType: string;
  Content?: string;
  ParticipantId?: string;
  ParticipantRole?: string;
  DisplayName?: string;
  AbsoluteTime?: string;
  ContactId?: string;
  Attachments?: { AttachmentId: string; AttachmentName: string; ContentType: string; Status: string }[];
  MessageMetadata?: { MessageId: string; Receipts?: { ReadTimestamp?: string; DeliveredTimestamp?: string; RecipientParticipantId?: string }[] };
}

export interface ChatSession {
  connect(): Promise<unknown>;
  sendMessage(args: { message: string; contentType: string }): Promise<{ data: { Id: string } }>;
  sendEvent(args: { contentType: string; content?: string }): Promise<unknown>;
  sendAttachment(args: { attachment: File }): Promise<unknown>;
  downloadAttachment(args: { attachmentId: string }): Promise<Blob>;
  getTranscript(args: Record<string, unknown>): Promise<{ data: { Transcript: ChatItem[]; NextToken?: string } }>;
  disconnectParticipant(): Promise<unknown>;
  onMessage(cb: (e: { data: ChatItem }) => void): void;
  onTyping(cb: (e: { data: ChatItem }) => void): void;
  onReadReceipt(cb: (e: { data: ChatItem }) => void): void;
  onDeliveredReceipt(cb: (e: { data: ChatItem }) => void): void;
  onEnded(cb: () => void): void;
  onConnectionEstablished(cb: () => void): void;
  onConnectionLost(cb: () => void): void;
  onConnectionBroken(cb: () => void): void;
  onChatRehydrated(cb: () => void): void;
}

interface ChatjsGlobal {
  ChatSession: { setGlobalConfig(c: Record<string, unknown>): void; create(a: Record<string, unknown>): ChatSession };
}

let loading: Promise<ChatjsGlobal> | undefined;

export function loadChatjs(base: string, region: string): Promise<ChatjsGlobal> {
  loading ??= new Promise((resolve, reject) => {
    const existing = (window as unknown as { connect?: ChatjsGlobal }).connect;
    const done = () => {
      const connect = (window as unknown as { connect: ChatjsGlobal }).connect;
      // chatjs reads `endpoint` once per region, so it is set before the first session.
      connect.ChatSession.setGlobalConfig({ region, endpoint: base, loggerConfig: { useDefaultLogger: false } });
      resolve(connect);
    };
    if (existing?.ChatSession) return done();
    const script = document.createElement('script');
    script.src = `${base}/web/vendor/amazon-connect-chat.js`;
    script.onload = done;
    script.onerror = () => reject(new Error('could not load amazon-connect-chatjs'));
    document.head.appendChild(script);
  });
  return loading;
}

export function createSession(chatjs: ChatjsGlobal, details: { ContactId: string; ParticipantId: string; ParticipantToken: string }, region: string): ChatSession {
  // disableCSM: chatjs would otherwise send client-side metrics to AWS and inject an inline script.
  return chatjs.ChatSession.create({ chatDetails: details, type: 'CUSTOMER', options: { region }, disableCSM: true });
}

export const EVENT = 'application/vnd.amazonaws.connect.event.';
export const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';
