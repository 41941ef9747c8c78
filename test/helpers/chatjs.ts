// Loads the real amazon-connect-chatjs 5 bundle in Node, with the browser globals it expects
// (window/self, navigator.onLine, WebSocket), and points it at a Switchboard with its `endpoint` setting.
import { createRequire } from 'node:module';
import WebSocket from 'ws';

export interface ChatjsSession {
  connect(): Promise<unknown>;
  sendMessage(args: { message: string; contentType: string }): Promise<{ data: { Id: string; AbsoluteTime: string } }>;
  sendEvent(args: { contentType: string; content?: string }): Promise<unknown>;
  getTranscript(args: Record<string, unknown>): Promise<{ data: { Transcript: { Id: string; Content?: string; Type: string; ContentType: string }[]; NextToken?: string } }>;
  disconnectParticipant(): Promise<unknown>;
  onMessage(cb: (event: { data: ChatjsItem }) => void): void;
  onTyping(cb: (event: { data: ChatjsItem }) => void): void;
  onEnded(cb: (event: unknown) => void): void;
  onConnectionEstablished(cb: (event: unknown) => void): void;
  onConnectionLost(cb: (event: unknown) => void): void;
  onConnectionBroken(cb: (event: unknown) => void): void;
  onReadReceipt(cb: (event: { data: ChatjsItem }) => void): void;
  onChatRehydrated(cb: (event: { data: ChatjsItem }) => void): void;
}

export interface ChatjsItem {
  Id: string;
  Type: string;
  ContentType: string;
  Content?: string;
  ParticipantRole?: string;
  ParticipantId?: string;
}

interface ChatjsGlobal {
  ChatSession: {
    setGlobalConfig(config: Record<string, unknown>): void;
    create(args: Record<string, unknown>): ChatjsSession;
  };
}

let loaded: ChatjsGlobal | undefined;

export function loadChatjs(endpoint: string, region: string): ChatjsGlobal {
  if (!loaded) {
    const g = globalThis as Record<string, unknown>;
    g.window = globalThis;
    g.self = globalThis;
    if (!g.navigator || !(g.navigator as { onLine?: boolean }).onLine) {
      Object.defineProperty(globalThis, 'navigator', { value: { onLine: true, userAgent: 'node' }, configurable: true });
    }
    g.WebSocket = WebSocket;
    const require = createRequire(import.meta.url);
    require('amazon-connect-chatjs/dist/amazon-connect-chat.js');
    loaded = g.connect as ChatjsGlobal;
    // chatjs caches its SDK client per region at first use, so the endpoint is set once, before any session.
    loaded.ChatSession.setGlobalConfig({ region, endpoint, loggerConfig: { useDefaultLogger: false } });
  }
  return loaded;
}

export function createCustomerSession(
  chatjs: ChatjsGlobal,
  started: { ContactId?: string; ParticipantId?: string; ParticipantToken?: string },
  region: string,
): ChatjsSession {
  return chatjs.ChatSession.create({
    chatDetails: { ContactId: started.ContactId, ParticipantId: started.ParticipantId, ParticipantToken: started.ParticipantToken },
    type: 'CUSTOMER',
    options: { region },
    disableCSM: true,
  });
}

export function waitFor<T>(register: (resolve: (v: T) => void) => void, what: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    register((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

/**
 * connect(), then wait until the websocket is open. chatjs 5 fires CONNECTION_ESTABLISHED twice: once when
 * CreateParticipantConnection succeeds (before the socket exists; `_onConnectSuccess`) and again when the socket
 * opens. A push sent between the two reaches no socket (the client reads it from the transcript instead), so a test
 * that expects a push waits for the second.
 */
export async function connectAndOpenSocket(session: ChatjsSession): Promise<void> {
  let established = 0;
  session.onConnectionEstablished(() => established++);
  await session.connect();
  await waitFor<void>((resolve) => {
    const poll = () => (established >= 2 ? resolve() : setTimeout(poll, 20));
    poll();
  }, 'the chatjs websocket to open');
}
