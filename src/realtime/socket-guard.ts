// What every websocket Switchboard serves shares, so that no peer can crash, stall or bloat the process:
// a safe reading of the upgrade target (any byte string can arrive there), the websocket server options that
// bound a frame, a heartbeat that terminates peers that stopped answering pings, a send that drops consumers
// too far behind, and frame parsing that never throws. Both the participant and the agent socket use it.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

export interface SocketLimits {
  /** Largest frame a client may send; a larger one closes the socket with 1009 (ws enforces it). */
  maxFrameBytes: number;
  /** Seconds between server pings; a peer that has not answered the previous ping by the next one is terminated. */
  heartbeatSeconds: number;
  /** Bytes queued for a slow reader before it is dropped (close 1008): a chat push is never worth unbounded memory. */
  maxBufferedBytes: number;
}

/** The path and query of an upgrade's request target, or undefined when it is not a usable origin-form target. */
export function upgradeTarget(req: IncomingMessage): { pathname: string; params: URLSearchParams } | undefined {
  const raw = req.url ?? '';
  // Only origin-form targets ("/path?query") are ours; absolute-form and garbage are refused before any URL parsing.
  if (!raw.startsWith('/') || raw.startsWith('//')) return undefined;
  try {
    const url = new URL(raw, 'http://switchboard.invalid');
    return { pathname: url.pathname, params: url.searchParams };
  } catch {
    return undefined;
  }
}

/** Answers an upgrade with a plain HTTP error and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ message });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

export function createSocketServer(limits: SocketLimits): WebSocketServer {
  return new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: true, maxPayload: limits.maxFrameBytes });
}

/**
 * Pings every client of a server each interval and terminates those that did not answer the previous ping:
 * a half-open TCP connection would otherwise keep its socket and bus subscription until TCP gives up (hours).
 */
export class Heartbeat {
  private readonly alive = new WeakSet<WebSocket>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly wss: WebSocketServer, intervalSeconds: number) {
    this.timer = setInterval(() => this.beat(), intervalSeconds * 1000);
    this.timer.unref();
  }

  /** Starts watching a newly opened socket. */
  watch(ws: WebSocket): void {
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
  }

  private beat(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Sends a text frame unless the socket is closed; a reader that lets too much pile up is dropped. */
export function sendBounded(ws: WebSocket, text: string, maxBufferedBytes: number): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount > maxBufferedBytes) {
    ws.close(1008, 'too far behind');
    // A reader that stopped reading will not read the close frame either.
    setTimeout(() => ws.terminate(), 1000).unref();
    return;
  }
  ws.send(text);
}

export type FrameResult = { ok: true; frame: Record<string, unknown> } | { ok: false; reason: string };

/** Parses one client frame: a text frame holding a JSON object. Never throws. */
export function parseFrame(data: RawData, isBinary: boolean): FrameResult {
  if (isBinary) return { ok: false, reason: 'binary frames are not accepted' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString());
  } catch {
    return { ok: false, reason: 'the frame is not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'the frame is not a JSON object' };
  return { ok: true, frame: parsed as Record<string, unknown> };
}

/** Close code for binary frames (RFC 6455 §7.4.1: 1003, data of a type the endpoint cannot accept). */
export const CLOSE_UNSUPPORTED_DATA = 1003;

/** RFC 6455 1012, Service Restart: the peer should reconnect (chatjs and the workspace do; behind a balancer, to another node). */
export const CLOSE_SERVICE_RESTART = 1012;

/** Closes every socket of a server with 1012, gives peers a moment to answer the close, then terminates the rest. */
export async function closeAll(wss: WebSocketServer, graceMs = 1000): Promise<void> {
  for (const ws of wss.clients) ws.close(CLOSE_SERVICE_RESTART, 'server restarting');
  const deadline = Date.now() + graceMs;
  while (wss.clients.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const ws of wss.clients) ws.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
}
