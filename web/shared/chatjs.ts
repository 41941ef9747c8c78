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

/**
 * Loads Switchboard's copy of chatjs without taking over the page's own `window.connect`: chatjs defines its API on
 * that global when it loads (and would add to, or reuse, an object already there — a host page's own chatjs or
 * Amazon Connect Streams). The page's object is set aside while the script runs and put back after, so the page's
 * chatjs is never reconfigured to Switchboard's endpoint. chatjs reads `window.connect` at run time for its version
 * (metrics): a page without one keeps chatjs's object; a page object without `ChatJS` gets a hidden one.
 */
export function loadChatjs(base: string, region: string): Promise<ChatjsGlobal> {
  loading ??= new Promise((resolve, reject) => {
    const page = window as unknown as { connect?: unknown };
    const hostHad = Object.prototype.hasOwnProperty.call(page, 'connect');
    const host = page.connect;
    delete page.connect;
    const putBack = (ours?: { ChatJS?: unknown }) => {
      if (!hostHad) return;
      page.connect = host;
      // chatjs reads window.connect.ChatJS.version at run time (metrics); a page object without one gets ours, hidden
      // from enumeration, so the page's own keys and values stay as they were.
      const object = host as Record<string, unknown> | null;
      if (ours && object && typeof object === 'object' && !('ChatJS' in object)) {
        Object.defineProperty(object, 'ChatJS', { value: ours.ChatJS, enumerable: false, configurable: true });
      }
    };
    const script = document.createElement('script');
    script.src = `${base}/web/vendor/amazon-connect-chat.js`;
    script.onload = () => {
      const ours = page.connect as ChatjsGlobal;
      putBack(ours as unknown as { ChatJS?: unknown });
      // chatjs reads `endpoint` once per region, so it is set before the first session.
      ours.ChatSession.setGlobalConfig({ region, endpoint: base, loggerConfig: { useDefaultLogger: false } });
      resolve(ours);
    };
    script.onerror = () => {
      putBack();
      reject(new Error('could not load amazon-connect-chatjs'));
    };
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
