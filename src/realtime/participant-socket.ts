// The participant websocket exactly as amazon-connect-chatjs speaks it: the URL from
// CreateParticipantConnection carries a websocket token (openable for 100 s); frames are JSON with a topic:
// aws/subscribe is acknowledged, aws/heartbeat echoed, aws/ping answered with statusCode 200, and chat items
// arrive as {"topic":"aws/chat","content":"<JSON string of the item>"}. Items reach this node through the
// EventBus channel of the chat, so a socket on any node sees every item of its chat.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { EventBus } from '../messaging/event-bus.js';

export interface SocketSession {
  participantId: string;
  initialContactId: string;
}

export interface SocketAuthenticator {
  /** Resolves the websocket token of a URL to its participant, or throws when it is not (or no longer) valid. */
  (token: string): Promise<SocketSession>;
}

interface ChatPushMessage {
  item: { InitialContactId: string };
  to?: string[];
  closeFor?: string[];
}

export const PARTICIPANT_SOCKET_PATH = '/participant-socket';

export class ParticipantSocketServer {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: true });
  /** Local sockets per chat, and the bus subscription serving them. */
  private readonly chats = new Map<string, { sockets: Set<{ ws: WebSocket; session: SocketSession }>; unsubscribe: Promise<() => Promise<void>> }>();

  constructor(
    private readonly bus: EventBus,
    private readonly authenticate: SocketAuthenticator,
    /** Items a socket gets as soon as it is attached (a persistent chat's chat.rehydrated, for chatjs). */
    private readonly greet: (session: SocketSession) => Promise<object[]> = async () => [],
  ) {}

  /** Handles an HTTP upgrade for the participant socket path; returns false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== PARTICIPANT_SOCKET_PATH) return false;
    const token = url.searchParams.get('token') ?? '';
    this.authenticate(token).then(
      (session) => this.wss.handleUpgrade(req, socket, head, (ws) => void this.attach(ws, session)),
      () => {
        socket.write('HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"message":"Forbidden"}');
        socket.destroy();
      },
    );
    return true;
  }

  private async attach(ws: WebSocket, session: SocketSession): Promise<void> {
    const entry = { ws, session };
    let chat = this.chats.get(session.initialContactId);
    if (!chat) {
      const sockets = new Set<typeof entry>();
      const unsubscribe = this.bus.subscribe(`chat:${session.initialContactId}`, (message) =>
        this.deliver(session.initialContactId, message as ChatPushMessage),
      );
      chat = { sockets, unsubscribe };
      this.chats.set(session.initialContactId, chat);
    }
    chat.sockets.add(entry);
    ws.on('message', (data) => this.onFrame(ws, data.toString()));
    ws.on('close', () => this.detach(session.initialContactId, entry));
    ws.on('error', () => ws.terminate());
    await chat.unsubscribe.catch(() => ws.close(1011, 'subscription failed'));
    for (const item of await this.greet(session).catch(() => [])) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ topic: 'aws/chat', contentType: 'application/json', content: JSON.stringify(item) }));
    }
  }

  private onFrame(ws: WebSocket, text: string): void {
    if (!text.trim()) return;
    let frame: { topic?: string; content?: { topics?: string[] } };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      ws.send(JSON.stringify({ message: 'Invalid frame: not JSON' }));
      return;
    }
    switch (frame.topic) {
      case 'aws/subscribe':
        ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { status: 'success', topics: frame.content?.topics ?? ['aws/chat'] } }));
        break;
      case 'aws/heartbeat':
        ws.send(JSON.stringify({ topic: 'aws/heartbeat' }));
        break;
      case 'aws/ping':
        ws.send(JSON.stringify({ topic: 'aws/ping', statusCode: 200, statusContent: 'OK' }));
        break;
      default:
        // Clients never send chat content over the socket (SendMessage/SendEvent are REST calls).
        break;
    }
  }

  private deliver(initialContactId: string, message: ChatPushMessage): void {
    const chat = this.chats.get(initialContactId);
    if (!chat) return;
    const frame = JSON.stringify({ topic: 'aws/chat', contentType: 'application/json', content: JSON.stringify(message.item) });
    for (const entry of [...chat.sockets]) {
      if (message.to && !message.to.includes(entry.session.participantId)) continue;
      if (entry.ws.readyState === WebSocket.OPEN) entry.ws.send(frame);
      if (message.closeFor?.includes(entry.session.participantId)) {
        // Items that follow at once (chat.ended after participant.left) still reach the client; chatjs closes the
        // socket itself on chat.ended, and any socket still open is closed a few seconds later.
        setTimeout(() => entry.ws.close(1000, 'participant left'), 5000).unref();
      }
    }
  }

  private detach(initialContactId: string, entry: { ws: WebSocket; session: SocketSession }): void {
    const chat = this.chats.get(initialContactId);
    if (!chat) return;
    chat.sockets.delete(entry);
    if (!chat.sockets.size) this.release(initialContactId);
  }

  private release(initialContactId: string): void {
    const chat = this.chats.get(initialContactId);
    if (!chat) return;
    this.chats.delete(initialContactId);
    void chat.unsubscribe.then((stop) => stop()).catch(() => {});
  }

  /** Closes every socket (used on shutdown). */
  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    for (const id of [...this.chats.keys()]) this.release(id);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /** Drops every socket without closing handshakes, as a node crash or network cut would (tests, chaos). */
  dropAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }
}
