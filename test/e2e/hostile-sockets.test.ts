// Websockets as an attacker or a broken client would use them: malformed upgrade targets over raw TCP, every shape
// of bad frame on both sockets, frames over the limit, replayed URLs, peers that stop answering pings, and thousands
// of connect/close cycles (many closing while the Redis SUBSCRIBE is pending) that must leave no subscription behind.
import { connect as tcpConnect } from 'node:net';
import { CreateUserCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REDIS_URL } from '../helpers/postgres.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';
import { eventually } from '../helpers/eventually.js';

let server: TestServer;
let redis: Redis;
let agentToken = '';
let agentUserId = '';

beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_REDIS_URL: REDIS_URL, SWITCHBOARD_WS_HEARTBEAT_SECONDS: '1' } });
  redis = new Redis(REDIS_URL);
  await server.connect.send(new CreateUserCommand({
    InstanceId: server.instanceId, Username: 'night-shift', Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId,
    SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
  }));
  const login = await (await fetch(`${server.app.localUrl}/agent/v1/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'night-shift', password: 'Passw0rd!', instanceId: server.instanceId }),
  })).json() as { token: string; user: { Id: string } };
  agentToken = login.token;
  agentUserId = login.user.Id;
});
afterAll(async () => {
  redis?.disconnect();
  await server?.close();
});

const wsBase = () => server.app.localUrl.replace(/^http/, 'ws');

async function alive(): Promise<void> {
  const res = await fetch(`${server.app.localUrl}/health`);
  expect(res.status).toBe(200);
}

/** Sends raw bytes over TCP and resolves with everything the server wrote before closing. */
function rawExchange(request: string): Promise<string> {
  const { port } = new URL(server.app.localUrl);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(Number(port), '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no close within 5 s; got ${answer}`))), 5000);
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () => (clearTimeout(timer), resolve(answer)));
    socket.write(request);
  });
}

async function chatSocketUrl(): Promise<string> {
  return (await chatSocket()).url;
}

async function chatSocket(): Promise<{ url: string; contactId: string }> {
  const started = await server.connect.send(new StartChatContactCommand({
    InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Hostile' },
  }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET'] }));
  return { url: conn.Websocket!.Url!, contactId: started.ContactId! };
}

interface Peer {
  ws: WebSocket;
  frames: Record<string, unknown>[];
  closed: Promise<number>;
}

async function open(url: string, options: WebSocket.ClientOptions = {}): Promise<Peer> {
  const ws = new WebSocket(url, options);
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Record<string, unknown>));
  ws.on('error', () => {});
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  return { ws, frames, closed };
}

async function nextFrame(peer: Peer, after: number, timeoutMs = 3000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (peer.frames.length <= after) {
    if (Date.now() > deadline) throw new Error(`no frame within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return peer.frames[after]!;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms))]);
}

describe('malformed upgrade requests', () => {
  const targets = ['http://[', '//[', 'http://%zz/', 'http://a:b@[::1', 'http://x:99999/participant-socket', '/participant-socket?token=%zz', '*', '/%'];
  for (const target of targets) {
    it(`refuses the target ${target} and keeps serving`, async () => {
      const answer = await rawExchange(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
      await alive();
    });
  }
});

describe('bad frames on the participant socket', () => {
  const textFrames = ['null', '[]', '"x"', '123', 'true', '{"topic":5}', '{"topic":null}', '{"topic":"aws/subscribe","content":5}',
    '{"topic":"aws/subscribe","content":{"topics":[1,2]}}', '{"topic":"aws/subscribe","content":{"topics":"aws/chat"}}',
    '{"topic":"aws/chat","content":{"x":1}}', '{"topic":"unknown/topic"}', 'not json', '{', `${'['.repeat(5000)}${']'.repeat(5000)}`,
    `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`, '{"__proto__":{"topic":"aws/ping"}}'];
  for (const text of textFrames) {
    it(`answers ${text.slice(0, 40)}`, async () => {
      const peer = await open(await chatSocketUrl());
      peer.ws.send(text);
      const answer = await nextFrame(peer, 0);
      expect(answer.statusCode === 400 || (answer.content as { status?: string })?.status === 'failure').toBe(true);
      // The socket still serves a well-formed frame afterwards.
      peer.ws.send(JSON.stringify({ topic: 'aws/ping' }));
      expect(await nextFrame(peer, 1)).toMatchObject({ topic: 'aws/ping', statusCode: 200 });
      peer.ws.close();
    });
  }

  it('closes on a binary frame with 1003', async () => {
    const peer = await open(await chatSocketUrl());
    peer.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await withTimeout(peer.closed, 3000, 'close')).toBe(1003);
    await alive();
  });

  it('closes on invalid UTF-8 with 1007', async () => {
    const peer = await open(await chatSocketUrl());
    peer.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await withTimeout(peer.closed, 3000, 'close')).toBe(1007);
    await alive();
  });

  it('closes on a frame over the 64 KiB limit with 1009', async () => {
    const peer = await open(await chatSocketUrl());
    peer.ws.send(JSON.stringify({ topic: 'aws/ping', padding: 'x'.repeat(70 * 1024) }));
    expect(await withTimeout(peer.closed, 3000, 'close')).toBe(1009);
    await alive();
  });

  it('opens a websocket URL only once', async () => {
    const url = await chatSocketUrl();
    const first = await open(url);
    await expect(open(url)).rejects.toThrow(/upgrade refused: 403/);
    first.ws.send(JSON.stringify({ topic: 'aws/ping' }));
    expect(await nextFrame(first, 0)).toMatchObject({ topic: 'aws/ping' });
    first.ws.close();
  });
});

describe('bad frames on the agent socket', () => {
  for (const text of ['null', '[]', '"x"', '{"type":5}', '{"type":"offer"}', 'not json']) {
    it(`answers ${text}`, async () => {
      const peer = await open(`${wsBase()}/agent/v1/socket?token=${agentToken}`);
      await nextFrame(peer, 0); // ready
      peer.ws.send(text);
      expect(await nextFrame(peer, 1)).toMatchObject({ type: 'error' });
      peer.ws.send('{"type":"ping"}');
      expect(await nextFrame(peer, 2)).toEqual({ type: 'pong' });
      peer.ws.close();
    });
  }

  it('closes on binary and oversized frames', async () => {
    const binary = await open(`${wsBase()}/agent/v1/socket?token=${agentToken}`);
    binary.ws.send(Buffer.from([0]), { binary: true });
    expect(await withTimeout(binary.closed, 3000, 'close')).toBe(1003);
    const big = await open(`${wsBase()}/agent/v1/socket?token=${agentToken}`);
    big.ws.send('x'.repeat(70 * 1024));
    expect(await withTimeout(big.closed, 3000, 'close')).toBe(1009);
    await alive();
  });
});

describe('heartbeat', () => {
  it('terminates a peer that stops answering pings, and keeps one that answers', async () => {
    const silent = await open(await chatSocketUrl(), { autoPong: false });
    const healthy = await open(await chatSocketUrl());
    // With a 1 s heartbeat a silent peer is gone after at most two beats.
    expect(await withTimeout(silent.closed, 4000, 'termination')).toBe(1006);
    healthy.ws.send(JSON.stringify({ topic: 'aws/ping' }));
    expect(await nextFrame(healthy, 0)).toMatchObject({ topic: 'aws/ping', statusCode: 200 });
    expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
    healthy.ws.close();
  });
});

describe('subscriptions', () => {
  async function subscribers(channel: string): Promise<number> {
    const [, count] = (await redis.pubsub('NUMSUB', `switchboard:${channel}`)) as [string, number];
    return Number(count);
  }

  it('are all released after 3,000 agent socket connect/close cycles, half closed during subscribe', async () => {
    const url = `${wsBase()}/agent/v1/socket?token=${agentToken}`;
    for (let batch = 0; batch < 30; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('error', () => resolve());
        ws.on('close', () => resolve());
        // Odd sockets close as soon as they open (the server's SUBSCRIBE is then usually still pending); even ones
        // wait for "ready" (subscribed) first.
        if (i % 2) ws.on('open', () => ws.terminate());
        else ws.on('message', () => ws.close());
      })));
    }
    await eventually('no agent socket subscription is left', async () => (await subscribers(`agent:${agentUserId}`)) === 0);
    // And the channel still works for a new socket.
    const peer = await open(url);
    expect(await nextFrame(peer, 0)).toEqual({ type: 'ready' });
    expect(await subscribers(`agent:${agentUserId}`)).toBe(1);
    peer.ws.close();
    await eventually('the last subscription is released', async () => (await subscribers(`agent:${agentUserId}`)) === 0);
  }, 120_000);

  it('are released for participant sockets closed during subscribe', async () => {
    const chats = await Promise.all(Array.from({ length: 50 }, () => chatSocket()));
    await Promise.all(chats.map(({ url }) => new Promise<void>((resolve) => {
      const ws = new WebSocket(url);
      ws.on('error', () => resolve());
      ws.on('close', () => resolve());
      ws.on('open', () => ws.terminate());
    })));
    await eventually('no chat socket is left on the server', async () => server.app.sockets.counts.chats === 0 && server.app.sockets.counts.sockets === 0);
    // A new chat's contact id is its initial contact id, the name of its channel.
    await eventually('no chat channel has a subscriber', async () =>
      (await Promise.all(chats.map(({ contactId }) => subscribers(`chat:${contactId}`)))).every((n) => n === 0));
  }, 60_000);
});
