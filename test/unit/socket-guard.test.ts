// socket-guard's slow-reader rule over a real websocket on loopback: a client that stops reading while the server
// keeps pushing is closed once more than maxBufferedBytes wait in the server's queue, instead of growing memory.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { sendBounded } from '../../src/realtime/socket-guard.js';

const http = createServer();
const wss = new WebSocketServer({ server: http });
afterAll(async () => {
  wss.close();
  await new Promise((r) => http.close(r));
});

describe('sendBounded', () => {
  it('drops a reader that fell more than the limit behind, and keeps one that reads', async () => {
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const serverSides: WebSocket[] = [];
    wss.on('connection', (ws) => serverSides.push(ws));
    const slow = new WebSocket(url);
    const fast = new WebSocket(url);
    await Promise.all([slow, fast].map((ws) => new Promise((r) => ws.once('open', r))));
    while (serverSides.length < 2) await new Promise((r) => setTimeout(r, 5));
    // The slow client stops reading from its TCP socket altogether.
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    let fastGot = 0;
    fast.on('message', () => fastGot++);
    const closed = new Promise<void>((resolve) => serverSides[0]!.once('close', () => resolve()));
    const frame = 'x'.repeat(256 * 1024);
    for (let i = 0; i < 200 && serverSides[0]!.readyState === WebSocket.OPEN; i++) {
      sendBounded(serverSides[0]!, frame, 1024 * 1024);
      sendBounded(serverSides[1]!, 'small', 1024 * 1024);
      await new Promise((r) => setImmediate(r));
    }
    await closed;
    expect(serverSides[0]!.readyState).toBe(WebSocket.CLOSED);
    expect(serverSides[1]!.readyState).toBe(WebSocket.OPEN);
    while (fastGot === 0) await new Promise((r) => setTimeout(r, 5));
    slow.terminate();
    fast.close();
  });
});
