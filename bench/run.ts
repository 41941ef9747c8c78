// Benchmarks Switchboard's message path against a bare relay measured in the same run on the same machine:
// the relay is node:http + ws with no persistence, no auth and no validation — the floor any chat server
// sits on. Figures are reported as ratios to that baseline because this machine is shared and noisy.
// Usage: npm run bench [-- --messages 1000 --concurrency 8]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StartChatContactCommand, ConnectClient } from '@aws-sdk/client-connect';
import WebSocket, { WebSocketServer } from 'ws';
import { createApp, ensureDefaultInstance } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MESSAGES = arg('messages', 1000);
const CONCURRENCY = arg('concurrency', 8);

interface Target {
  name: string;
  /** Sends one message; resolves when the HTTP answer arrives. */
  send(text: string): Promise<void>;
  /** Resolves when the receiving socket got the message with this text. */
  received(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Routes pushed texts to waiters, whichever arrives first. */
class Arrivals {
  private seen = new Set<string>();
  private waiting = new Map<string, () => void>();
  arrived(text: string) {
    const w = this.waiting.get(text);
    if (w) {
      this.waiting.delete(text);
      w();
    } else this.seen.add(text);
  }
  wait(text: string): Promise<void> {
    if (this.seen.delete(text)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(text, resolve));
  }
}

async function bareRelay(): Promise<Target> {
  const sockets = new Set<WebSocket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { Content: string };
      const frame = JSON.stringify({ topic: 'aws/chat', content: JSON.stringify({ Content: body.Content }) });
      for (const ws of sockets) ws.send(frame);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"Id":"x"}');
    });
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (ws) => sockets.add(ws));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const arrivals = new Arrivals();
  const client = new WebSocket(`ws://${url}/`);
  client.on('message', (d) => arrivals.arrived((JSON.parse(JSON.parse(d.toString()).content) as { Content: string }).Content));
  await new Promise((r) => client.once('open', r));
  return {
    name: 'bare relay (baseline)',
    send: async (text) => {
      const r = await fetch(`http://${url}/participant/message`, { method: 'POST', body: JSON.stringify({ ContentType: 'text/plain', Content: text }), headers: { 'content-type': 'application/json' } });
      await r.arrayBuffer();
    },
    received: (text) => arrivals.wait(text),
    close: async () => {
      client.close();
      wss.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

async function switchboard(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const app = await createApp(loadConfig({ SWITCHBOARD_PORT: '0', SWITCHBOARD_DATA_DIR: dataDir }), { logger: createLogger('silent') });
  const { instance, defaults } = await ensureDefaultInstance(app);
  const connect = new ConnectClient({ region: 'us-east-1', endpoint: app.url, credentials: app.keys });
  const started = await connect.send(new StartChatContactCommand({ InstanceId: instance.id, ContactFlowId: defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'bench' } }));
  connect.destroy();
  const conn = (await (await fetch(`${app.url}/participant/connection`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-bearer': started.ParticipantToken! },
    body: JSON.stringify({ Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }),
  })).json()) as { Websocket: { Url: string }; ConnectionCredentials: { ConnectionToken: string } };
  const arrivals = new Arrivals();
  const ws = new WebSocket(conn.Websocket.Url);
  ws.on('message', (d) => {
    const frame = JSON.parse(d.toString()) as { topic: string; content: string };
    if (frame.topic === 'aws/chat') arrivals.arrived((JSON.parse(frame.content) as { Content?: string }).Content ?? '');
  });
  await new Promise((r) => ws.once('open', r));
  const token = conn.ConnectionCredentials.ConnectionToken;
  return {
    name: 'Switchboard SendMessage (SQLite, durable)',
    send: async (text) => {
      const r = await fetch(`${app.url}/participant/message`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
        body: JSON.stringify({ ContentType: 'text/plain', Content: text }),
      });
      if (r.status !== 200) throw new Error(`SendMessage answered ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
    },
    received: (text) => arrivals.wait(text),
    close: async () => {
      ws.close();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Figures {
  latencyP50Ms: number;
  latencyP99Ms: number;
  throughputPerSec: number;
}

async function measure(target: Target): Promise<Figures> {
  for (let i = 0; i < 50; i++) await roundTrip(target, `warm-${i}`);
  const latencies: number[] = [];
  for (let i = 0; i < Math.min(MESSAGES, 500); i++) latencies.push(await roundTrip(target, `seq-${i}`));
  latencies.sort((x, y) => x - y);
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < MESSAGES) await roundTrip(target, `par-${next++}`);
  }));
  const seconds = (performance.now() - startedAt) / 1000;
  return {
    latencyP50Ms: latencies[Math.floor(latencies.length * 0.5)]!,
    latencyP99Ms: latencies[Math.floor(latencies.length * 0.99)]!,
    throughputPerSec: MESSAGES / seconds,
  };
}

/** Send → HTTP answer and socket push both in: the time a participant waits to see its message delivered. */
async function roundTrip(target: Target, text: string): Promise<number> {
  const t0 = performance.now();
  await Promise.all([target.send(text), target.received(text)]);
  return performance.now() - t0;
}

async function main() {
  const results: Record<string, Figures> = {};
  for (const make of [bareRelay, switchboard]) {
    const target = await make();
    results[target.name] = await measure(target);
    await target.close();
  }
  const [baseName, sbName] = Object.keys(results) as [string, string];
  const base = results[baseName]!;
  const sb = results[sbName]!;
  const ratios = {
    latencyP50: sb.latencyP50Ms / base.latencyP50Ms,
    latencyP99: sb.latencyP99Ms / base.latencyP99Ms,
    throughput: sb.throughputPerSec / base.throughputPerSec,
  };
  const rows = [
    ['', 'p50 ms', 'p99 ms', 'msgs/s'],
    ...Object.entries(results).map(([name, f]) => [name, f.latencyP50Ms.toFixed(2), f.latencyP99Ms.toFixed(2), f.throughputPerSec.toFixed(0)]),
    ['ratio Switchboard / baseline', `${ratios.latencyP50.toFixed(2)}x`, `${ratios.latencyP99.toFixed(2)}x`, `${ratios.throughput.toFixed(2)}x`],
  ];
  for (const r of rows) console.log(`${r[0]!.padEnd(44)}${r.slice(1).map((c) => c!.padStart(10)).join('')}`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/latest.json', import.meta.url), JSON.stringify({
    date: new Date().toISOString(), messages: MESSAGES, concurrency: CONCURRENCY, results, ratios,
  }, null, 2));
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
