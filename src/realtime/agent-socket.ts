// The agent websocket: /agent/v1/socket?token=<session token>. Pushes the agent's notices (offers, offer
// withdrawn/missed, status, contact connected / after-contact work) as JSON frames {"type": …}; answers
// {"type":"ping"} with {"type":"pong"} and anything else with {"type":"error"}. Notices reach any node through
// the EventBus channel agent:<userId>. Limits (frame size, heartbeat, slow readers) come from socket-guard.ts.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { EventBus } from '../messaging/event-bus.js';
import {
  CLOSE_UNSUPPORTED_DATA, Heartbeat, closeAll, type SocketLimits, createSocketServer, parseFrame, refuseUpgrade, sendBounded, upgradeTarget,
} from './socket-guard.js';

export const AGENT_SOCKET_PATH = '/agent/v1/socket';

export class AgentSocketServer {
  private readonly wss;
  private readonly heartbeat: Heartbeat;

  constructor(
    private readonly bus: EventBus,
    private readonly authenticate: (token: string) => Promise<{ userId: string }>,
    private readonly limits: SocketLimits,
  ) {
    this.wss = createSocketServer(limits);
    this.heartbeat = new Heartbeat(this.wss, limits.heartbeatSeconds);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const target = upgradeTarget(req);
    if (target?.pathname !== AGENT_SOCKET_PATH) return false;
    this.authenticate(target.params.get('token') ?? '').then(
      (session) => this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, session.userId)),
      () => refuseUpgrade(socket, 401, 'Unauthorized', 'Unauthorized'),
    );
    return true;
  }

  /** Agent sockets open on this node. */
  get count(): number {
    return this.wss.clients.size;
  }

  private attach(ws: WebSocket, userId: string): void {
    this.heartbeat.watch(ws);
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      const parsed = parseFrame(data, isBinary);
      if (!parsed.ok && isBinary) return ws.close(CLOSE_UNSUPPORTED_DATA, parsed.reason);
      if (parsed.ok && parsed.frame.type === 'ping') return this.send(ws, { type: 'pong' });
      this.send(ws, { type: 'error', message: parsed.ok ? 'Unknown frame type.' : `Invalid frame: ${parsed.reason}` });
    });
    const subscription = this.bus.subscribe(`agent:${userId}`, (notice) => this.send(ws, notice as object));
    // Released on every close path, including a close while SUBSCRIBE is still pending.
    ws.on('close', () => void subscription.then((stop) => stop()).catch(() => {}));
    subscription.then(() => this.send(ws, { type: 'ready' }), () => ws.close(1011, 'subscription failed'));
  }

  private send(ws: WebSocket, frame: object): void {
    sendBounded(ws, JSON.stringify(frame), this.limits.maxBufferedBytes);
  }

  async close(): Promise<void> {
    this.heartbeat.stop();
    await closeAll(this.wss);
  }
}
