// The bare relay: the floor any chat server stands on. node:http + ws, no persistence, no authentication, no
// validation: a POST to /participant/message pushes the content to the sockets of the chat named by X-Amz-Bearer,
// in the same frame shape Switchboard uses. Run as its own process, as Switchboard is, so that both get the same
// share of the machine against the same load generator. Prints "relay listening on <port>".
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

const chats = new Map<string, Set<WebSocket>>();
let n = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { Content: string; ContentType: string };
    const id = `relay-${++n}`;
    const absoluteTime = new Date().toISOString();
    const frame = JSON.stringify({ topic: 'aws/chat', contentType: 'application/json',
      content: JSON.stringify({ Id: id, Type: 'MESSAGE', ContentType: body.ContentType, Content: body.Content, AbsoluteTime: absoluteTime }) });
    for (const ws of chats.get(String(req.headers['x-amz-bearer'])) ?? []) ws.send(frame);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Id: id, AbsoluteTime: absoluteTime }));
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const chat = new URL(req.url ?? '/', 'http://relay').searchParams.get('chat') ?? '';
  const set = chats.get(chat) ?? new Set<WebSocket>();
  set.add(ws);
  chats.set(chat, set);
  ws.on('close', () => set.delete(ws));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`relay listening on ${(server.address() as AddressInfo).port}\n`));
