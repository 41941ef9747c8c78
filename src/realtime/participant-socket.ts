// The participant websocket exactly as amazon-connect-chatjs speaks it: the URL from
// CreateParticipantConnection carries a websocket token that opens one socket, once, within 100 s (chatjs asks
// for a new URL on every reconnect); frames are JSON with a topic: aws/subscribe is acknowledged, aws/heartbeat
// echoed, aws/ping answered with statusCode 200, and chat items arrive as
// {"topic":"aws/chat","content":"<JSON string of the item>"}. Items reach this node through the EventBus
// channel of the chat, so a socket on any node sees every item of its chat. Limits (frame size, heartbeat,
// slow readers) come from socket-guard.ts; anything else a client sends gets an error frame, never an exception.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { EventBus } from '../messaging/event-bus.js';
import {
  CLOSE_UNSUPPORTED_DATA, Heartbeat, closeAll, type SocketLimits, createSocketServer, parseFrame, refuseUpgrade, sendBounded, upgradeTarget,
} from './socket-guard.js';

export interface SocketSession {
  participantId: string;
  initialContactId: string;
}

export interface SocketAuthenticator {
  /** Resolves (and uses up) the websocket token of a URL, or throws when it is not (or no longer) valid. */
  (token: string): Promise<SocketSession>;
}

interface ChatPushMessage {
  item: { InitialContactId: string };
  to?: string[];
  closeFor?: string[];
}

type Entry = {
  ws: WebSocket;
  session: SocketSession;
  /** The fault rule stalling the socket: nothing is sent on it, nothing it sends is answered. */
  stalledBy?: string;
  /** Pushes held back by a push-delay rule, in order: later pushes wait behind them. */
  pending?: Promise<void>;
};

/** Socket rules of fault injection (testing/fault-rules.ts): drop or stall a chat's sockets, delay its pushes. */
export interface SocketFaults {
  dropOrStall(initialContactId: string): { action: 'drop' | 'stall'; ruleId: string } | undefined;
  holds(ruleId: string): boolean;
  pushDelay(initialContactId: string): number;
  onChange(listener: () => void): void;
}

interface LocalChat {
  sockets: Set<Entry>;
  /** Upgrades waiting for the subscription before they open: the chat is not released under them. */
  opening: number;
  /** The bus subscription serving the chat's local sockets; resolves to its stop function. */
  subscription: Promise<() => Promise<void>>;
}

export const PARTICIPANT_SOCKET_PATH = '/participant-socket';

export class ParticipantSocketServer {
  private readonly wss;
  private readonly heartbeat: Heartbeat;
  private readonly chats = new Map<string, LocalChat>();

  constructor(
    private readonly bus: EventBus,
    private readonly authenticate: SocketAuthenticator,
    private readonly limits: SocketLimits,
    /** Items a socket gets as soon as it is attached (a persistent chat's chat.rehydrated, for chatjs). */
    private readonly greet: (session: SocketSession) => Promise<object[]> = async () => [],
    private readonly faults?: SocketFaults,
  ) {
    this.wss = createSocketServer(limits);
    this.heartbeat = new Heartbeat(this.wss, limits.heartbeatSeconds);
    faults?.onChange(() => {
      for (const chat of this.chats.values()) for (const entry of [...chat.sockets]) this.applyFaults(entry);
    });
  }

  /** Socket rules reach open sockets as soon as they are added, and sockets as they open. */
  private applyFaults(entry: Entry): void {
    if (!this.faults) return;
    if (entry.stalledBy && !this.faults.holds(entry.stalledBy)) entry.stalledBy = undefined;
    if (entry.stalledBy) return;
    const fault = this.faults.dropOrStall(entry.session.initialContactId);
    if (fault?.action === 'drop') entry.ws.terminate();
    else if (fault) entry.stalledBy = fault.ruleId;
  }

  /** Handles an HTTP upgrade for the participant socket path; returns false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const target = upgradeTarget(req);
    if (target?.pathname !== PARTICIPANT_SOCKET_PATH) return false;
    this.authenticate(target.params.get('token') ?? '').then(
      (session) => this.open(req, socket, head, session),
      () => refuseUpgrade(socket, 403, 'Forbidden', 'Forbidden'),
    );
    return true;
  }

  /**
   * The socket opens only once the chat's bus subscription is live: a client that sends (or is sent) a message the
   * moment it sees the socket open must get its push, not lose it in the window before SUBSCRIBE completes.
   */
  private open(req: IncomingMessage, socket: Duplex, head: Buffer, session: SocketSession): void {
    const chat = this.chatFor(session.initialContactId);
    chat.opening++;
    chat.subscription.then(
      () => {
        chat.opening--;
        this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, session, chat));
        // An upgrade that did not complete (the peer went away) leaves nothing to serve.
        if (!chat.sockets.size && !chat.opening) this.release(session.initialContactId, chat);
      },
      () => {
        chat.opening--;
        refuseUpgrade(socket, 503, 'Service Unavailable', 'The chat cannot be followed right now; try again.');
      },
    );
  }

  /** Sockets currently attached on this node, and chats with a live bus subscription (for tests and metrics). */
  get counts(): { sockets: number; chats: number } {
    return { sockets: this.wss.clients.size, chats: this.chats.size };
  }

  private attach(ws: WebSocket, session: SocketSession, chat: LocalChat): void {
    const entry: Entry = { ws, session };
    this.heartbeat.watch(ws);
    ws.on('message', (data, isBinary) => {
      if (!entry.stalledBy) this.onFrame(ws, data, isBinary);
    });
    // ws closes the socket itself on protocol errors (1007 invalid UTF-8, 1009 too big); the listener keeps an
    // 'error' event from becoming an uncaught exception.
    ws.on('error', () => {});
    ws.on('close', () => this.detach(session.initialContactId, entry));
    chat.sockets.add(entry);
    this.applyFaults(entry);
    void this.greet(session).catch(() => []).then((items) => {
      for (const item of items) this.send(ws, { topic: 'aws/chat', contentType: 'application/json', content: JSON.stringify(item) });
    });
  }

  /** The chat's local registry, subscribing it on the bus when this node has no socket of it yet. */
  private chatFor(id: string): LocalChat {
    let chat = this.chats.get(id);
    if (!chat) {
      const subscription = this.bus.subscribe(`chat:${id}`, (message) => this.deliver(id, message as ChatPushMessage));
      const created: LocalChat = { sockets: new Set(), opening: 0, subscription };
      // A failed SUBSCRIBE must not poison the chat: forget it, so the next socket subscribes afresh.
      subscription.catch(() => {
        if (this.chats.get(id) === created) this.chats.delete(id);
      });
      chat = created;
      this.chats.set(id, chat);
    }
    return chat;
  }

  private onFrame(ws: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
    const parsed = parseFrame(data, isBinary);
    if (!parsed.ok) {
      if (isBinary) ws.close(CLOSE_UNSUPPORTED_DATA, parsed.reason);
      else this.send(ws, { message: `Invalid frame: ${parsed.reason}`, statusCode: 400 });
      return;
    }
    const { topic, content } = parsed.frame;
    switch (topic) {
      case 'aws/subscribe': {
        const topics = content && typeof content === 'object' ? (content as { topics?: unknown }).topics : undefined;
        const valid = (content === undefined || (!!content && typeof content === 'object' && !Array.isArray(content)))
          && (topics === undefined || (Array.isArray(topics) && topics.every((t) => typeof t === 'string')));
        this.send(ws, valid
          ? { topic: 'aws/subscribe', content: { status: 'success', topics: (topics as string[] | undefined) ?? ['aws/chat'] } }
          : { topic: 'aws/subscribe', content: { status: 'failure', topics: [] }, statusCode: 400 });
        break;
      }
      case 'aws/heartbeat':
        this.send(ws, { topic: 'aws/heartbeat' });
        break;
      case 'aws/ping':
        this.send(ws, { topic: 'aws/ping', statusCode: 200, statusContent: 'OK' });
        break;
      default:
        // Clients never send chat content over the socket (SendMessage/SendEvent are REST calls).
        this.send(ws, { message: typeof topic === 'string' ? 'Invalid frame: unknown topic' : 'Invalid frame: topic must be a string', statusCode: 400 });
    }
  }

  private send(ws: WebSocket, frame: object): void {
    sendBounded(ws, JSON.stringify(frame), this.limits.maxBufferedBytes);
  }

  private deliver(initialContactId: string, message: ChatPushMessage): void {
    const chat = this.chats.get(initialContactId);
    if (!chat) return;
    const frame = JSON.stringify({ topic: 'aws/chat', contentType: 'application/json', content: JSON.stringify(message.item) });
    for (const entry of [...chat.sockets]) {
      if (message.to && !message.to.includes(entry.session.participantId)) continue;
      if (entry.stalledBy) continue;
      const delayMs = this.faults?.pushDelay(initialContactId) ?? 0;
      if (delayMs || entry.pending) {
        const pending: Promise<void> = (entry.pending ?? Promise.resolve())
          .then(() => new Promise((r) => setTimeout(r, delayMs)))
          .then(() => sendBounded(entry.ws, frame, this.limits.maxBufferedBytes))
          .finally(() => {
            if (entry.pending === pending) entry.pending = undefined;
          });
        entry.pending = pending;
      } else sendBounded(entry.ws, frame, this.limits.maxBufferedBytes);
      if (message.closeFor?.includes(entry.session.participantId)) {
        // Items that follow at once (chat.ended after participant.left) still reach the client; chatjs closes the
        // socket itself on chat.ended, and any socket still open is closed a few seconds later.
        setTimeout(() => entry.ws.close(1000, 'participant left'), 5000).unref();
      }
    }
  }

  private detach(initialContactId: string, entry: Entry): void {
    const chat = this.chats.get(initialContactId);
    if (!chat?.sockets.delete(entry)) return;
    if (!chat.sockets.size && !chat.opening) this.release(initialContactId, chat);
  }

  private release(initialContactId: string, chat = this.chats.get(initialContactId)): void {
    if (!chat || this.chats.get(initialContactId) !== chat) return;
    this.chats.delete(initialContactId);
    // Also when the socket closed while SUBSCRIBE was pending: the stop runs once the subscription is live.
    void chat.subscription.then((stop) => stop()).catch(() => {});
  }

  /** Closes every socket (used on shutdown). */
  /** Closes every socket with 1012 (chatjs reconnects, to another node behind a balancer); used on shutdown. */
  async close(): Promise<void> {
    this.heartbeat.stop();
    await closeAll(this.wss);
    for (const id of [...this.chats.keys()]) this.release(id);
  }

  /** Drops every socket without closing handshakes, as a node crash or network cut would (tests, chaos). */
  dropAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }
}
