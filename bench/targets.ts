// The processes the benchmarks measure, each its own child process: the bare relay and Switchboard (started the way
// `npm start` starts it: the prebuilt server bundle, on SQLite or PostgreSQL), with chats set up through the public
// APIs — a customer who sends, and a CUSTOM_BOT whose websocket receives.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectClient, CreateParticipantCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import WebSocket from 'ws';
import type { MessageTarget } from './open-loop.js';

export const ROOT = new URL('../', import.meta.url).pathname;
/** BENCH_SERVER_BUNDLE runs another build (a baseline checkout's dist/server/main.js) under the same load. */
export const SERVER_BUNDLE = process.env.BENCH_SERVER_BUNDLE ?? join(ROOT, 'dist/server/main.js');

export interface Child {
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export function startChild(args: string[], env: Record<string, string>, ready: RegExp): Promise<Child & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = ready.exec(out);
      if (match) {
        resolve({
          process: child, match, output: () => out,
          // SIGTERM first (a graceful stop also writes a --cpu-prof profile), SIGKILL after 5 s.
          stop: () => new Promise<void>((r) => {
            if (child.exitCode !== null || child.signalCode !== null) return r();
            const force = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => (clearTimeout(force), r()));
            child.kill('SIGTERM');
          }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before it was ready:\n${out}`)));
  });
}

/**
 * CPU time a process (all its threads) has used, user and system, from /proc (Linux): a level's CPU per operation
 * is steadier between runs on a shared machine than the highest sustained rate.
 */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th
  // field of the line, stime the 15th, in clock ticks (100 a second on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU time PostgreSQL's processes (the postmaster, its backends and helpers) have used, from /proc: the live ones'
 * own, plus what exited backends left in the postmaster's count of its reaped children. Only meaningful on a
 * machine whose PostgreSQL serves nothing else during the benchmark.
 */
export function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    if (!stat.includes('(postgres)')) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, then cutime and cstime (children reaped): the 14th to 17th fields of the line.
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return ticks / 100;
}

/** The arguments that run Switchboard: the prebuilt bundle (what `npm start` runs), or the sources through tsx. */
export function serverArgs(): string[] {
  return existsSync(SERVER_BUNDLE) ? ['--enable-source-maps', SERVER_BUNDLE] : ['--import', 'tsx', 'src/main.ts'];
}

export const BENCH_ENV = {
  SWITCHBOARD_LOG_LEVEL: 'warn', SWITCHBOARD_MAX_ACTIVE_CHATS: '1000000', SWITCHBOARD_RATE_CONNECT_PER_KEY: '0',
  SWITCHBOARD_RATE_PARTICIPANT_PER_TOKEN: '0', SWITCHBOARD_ACCESS_KEY_ID: 'AKIABENCHMARK0000001', SWITCHBOARD_SECRET_ACCESS_KEY: 'bench-secret',
};

export interface SwitchboardProcess extends Child {
  url: string;
  instanceId: string;
  inboundFlowId: string;
  connect: ConnectClient;
  dataDir: string;
}

/** `nodeArgs` go before the script (e.g. --cpu-prof, to profile the server under the benchmark's load). */
export async function startSwitchboard(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-')), nodeArgs: string[] = []): Promise<SwitchboardProcess> {
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/profiles" profiles the server under the benchmark's load.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = await startChild([...extra, ...nodeArgs, ...serverArgs()], { ...BENCH_ENV, SWITCHBOARD_PORT: '0', SWITCHBOARD_DATA_DIR: dataDir, ...env }, /BasicQueue id:\s+(\S+)/);
  const out = child.output();
  const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
  const connect = new ConnectClient({ region: 'us-east-1', endpoint: url, maxAttempts: 1,
    credentials: { accessKeyId: BENCH_ENV.SWITCHBOARD_ACCESS_KEY_ID, secretAccessKey: BENCH_ENV.SWITCHBOARD_SECRET_ACCESS_KEY } });
  return {
    ...child, url, connect, dataDir,
    instanceId: /Instance id:\s+(\S+)/.exec(out)![1]!,
    inboundFlowId: /Inbound chat flow id:\s+(\S+)/.exec(out)![1]!,
    async stop() {
      connect.destroy();
      await child.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function post<T>(url: string, path: string, bearer: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-bearer': bearer }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

function openSocket(url: string, onContent: (content: string) => void): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { topic?: string; content?: string };
    if (frame.topic !== 'aws/chat' || !frame.content) return;
    const item = JSON.parse(frame.content) as { Type?: string; Content?: string };
    if (item.Type === 'MESSAGE' && item.Content) onContent(item.Content);
  });
  return new Promise((resolve, reject) => (ws.once('open', () => resolve(ws)), ws.once('error', reject)));
}

/** Chats through the default inbound flow: the customer sends, a CUSTOM_BOT's websocket receives. */
export async function switchboardMessageTarget(sb: SwitchboardProcess, name: string, chats: number): Promise<MessageTarget & { close(): void }> {
  let arrival: (content: string) => void = () => {};
  const sockets: WebSocket[] = [];
  const entries: MessageTarget['chats'] = [];
  for (let i = 0; i < chats; i++) {
    const started = await sb.connect.send(new StartChatContactCommand({
      InstanceId: sb.instanceId, ContactFlowId: sb.inboundFlowId, ParticipantDetails: { DisplayName: `bench ${i}` },
    }));
    const customer = await post<{ ConnectionCredentials: { ConnectionToken: string } }>(sb.url, '/participant/connection', started.ParticipantToken!, { Type: ['CONNECTION_CREDENTIALS'] });
    const bot = await sb.connect.send(new CreateParticipantCommand({
      InstanceId: sb.instanceId, ContactId: started.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Receiver' },
    }));
    const botConn = await post<{ Websocket: { Url: string } }>(sb.url, '/participant/connection', bot.ParticipantCredentials!.ParticipantToken!, { Type: ['WEBSOCKET'] });
    sockets.push(await openSocket(botConn.Websocket.Url, (c) => arrival(c)));
    entries.push({ path: '/participant/message', headers: { 'x-amz-bearer': customer.ConnectionCredentials.ConnectionToken } });
  }
  const { hostname, port } = new URL(sb.url);
  return {
    name, host: hostname, port: Number(port), chats: entries,
    onArrival: (cb) => (arrival = cb),
    cpuSeconds: () => processCpuSeconds(sb.process.pid!),
    close: () => sockets.forEach((ws) => ws.terminate()),
  };
}

export async function relayMessageTarget(chats: number): Promise<MessageTarget & { close(): Promise<void> }> {
  const relay = await startChild(['--import', 'tsx', 'bench/relay-server.ts'], {}, /relay listening on (\d+)/);
  const port = Number(relay.match[1]);
  let arrival: (content: string) => void = () => {};
  const sockets: WebSocket[] = [];
  const entries: MessageTarget['chats'] = [];
  for (let i = 0; i < chats; i++) {
    sockets.push(await openSocket(`ws://127.0.0.1:${port}/socket?chat=chat${i}`, (c) => arrival(c)));
    entries.push({ path: '/participant/message', headers: { 'x-amz-bearer': `chat${i}` } });
  }
  return {
    name: 'bare relay', host: '127.0.0.1', port, chats: entries,
    onArrival: (cb) => (arrival = cb),
    cpuSeconds: () => processCpuSeconds(relay.process.pid!),
    close: async () => {
      sockets.forEach((ws) => ws.terminate());
      await relay.stop();
    },
  };
}
