// A plain websocket client speaking the participant socket protocol, collecting pushed chat items.
import WebSocket from 'ws';

export interface ChatItem {
  Id: string;
  Type: string;
  ContentType: string;
  Content?: string;
  ParticipantId?: string;
  ParticipantRole?: string;
  DisplayName?: string;
  AbsoluteTime?: string;
  ContactId: string;
  InitialContactId: string;
  MessageMetadata?: { MessageId: string; Receipts: { RecipientParticipantId: string; ReadTimestamp?: string; DeliveredTimestamp?: string }[] };
}

export class ChatSocket {
  readonly items: ChatItem[] = [];
  readonly frames: Record<string, unknown>[] = [];
  private waiters: { match: (i: ChatItem) => boolean; resolve: (i: ChatItem) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { topic?: string; content?: unknown };
      this.frames.push(frame as Record<string, unknown>);
      if (frame.topic !== 'aws/chat') return;
      const item = JSON.parse(frame.content as string) as ChatItem;
      this.items.push(item);
      this.waiters = this.waiters.filter((w) => (w.match(item) ? (w.resolve(item), false) : true));
    });
  }

  static async open(url: string): Promise<ChatSocket> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    const socket = new ChatSocket(ws);
    ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }));
    await socket.frame((f) => f.topic === 'aws/subscribe');
    return socket;
  }

  /** Resolves with the first item (already received or future) that matches. */
  next(match: (i: ChatItem) => boolean, timeoutMs = 5000): Promise<ChatItem> {
    const seen = this.items.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for a chat item: ${match.toString()}; got ${this.items.map((i) => i.ContentType).join(', ')}`)), timeoutMs);
      this.waiters.push({ match, resolve: (i) => (clearTimeout(timer), resolve(i)) });
    });
  }

  async frame(match: (f: Record<string, unknown>) => boolean, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const f = this.frames.find(match);
      if (f) return f;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('timed out waiting for a frame');
  }

  close(): void {
    this.ws.close();
  }
}

export const contentType = {
  joined: 'application/vnd.amazonaws.connect.event.participant.joined',
  left: 'application/vnd.amazonaws.connect.event.participant.left',
  ended: 'application/vnd.amazonaws.connect.event.chat.ended',
  typing: 'application/vnd.amazonaws.connect.event.typing',
  read: 'application/vnd.amazonaws.connect.event.message.read',
  delivered: 'application/vnd.amazonaws.connect.event.message.delivered',
};
