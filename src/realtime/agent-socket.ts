// The agent websocket: /agent/v1/socket?token=<session token>. Pushes the agent's notices (offers, offer
// withdrawn/missed, status, contact connected / after-contact work) as JSON frames {"type": …}; answers
// {"type":"ping"} with {"type":"pong"}. Notices reach any node through the EventBus channel agent:<userId>.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { EventBus } from '../messaging/event-bus.js';

export const AGENT_SOCKET_PATH = '/agent/v1/socket';

export class AgentSocketServer {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  constructor(private readonly bus: EventBus, private readonly authenticate: (token: string) => Promise<{ userId: string }>) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== AGENT_SOCKET_PATH) return false;
    this.authenticate(url.searchParams.get('token') ?? '').then(
      (session) => this.wss.handleUpgrade(req, socket, head, (ws) => void this.attach(ws, session.userId)),
      () => {
        socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        socket.destroy();
      },
    );
    return true;
  }

  private async attach(ws: WebSocket, userId: string): Promise<void> {
    const stop = await this.bus.subscribe(`agent:${userId}`, (notice) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(notice));
    });
    ws.on('message', (data) => {
      try {
        if ((JSON.parse(data.toString()) as { type?: string }).type === 'ping') ws.send('{"type":"pong"}');
      } catch {
        // ignore malformed frames
      }
    });
    ws.on('close', () => void stop());
    ws.on('error', () => ws.terminate());
    ws.send(JSON.stringify({ type: 'ready' }));
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
