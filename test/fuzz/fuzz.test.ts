// The fuzzing suite: requests derived from the models for every implemented operation of both services (Connect
// ones signed, so they reach validation and the handlers), malformed websocket upgrades and frames on both sockets,
// all against a real server process. Pass: no answer ≥ 500, no hang, no crash, every AWS-face refusal correctly
// shaped; afterwards the server answers and an earlier chat's transcript is byte-identical.
// FUZZ_CASES sets the number of HTTP cases (CI: 3,000; `npm run fuzz`: 10,000); FUZZ_SEED reproduces a run.
import { request as httpRequest } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConnectModel, loadParticipantModel, type ServiceModel } from '../../src/aws-protocol/service-model.js';
import { type ServerProcess, kill, spawnServer } from '../helpers/server-process.js';
import { RequestFuzzer, type FuzzRequest, seededRandom } from './request-fuzzer.js';

const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const SOCKET_CASES = Math.max(300, Math.floor(CASES / 8));
const CONCURRENCY = 8;
const TIMEOUT_MS = 10_000;

let server: ServerProcess;
let dataDir: string;
let host = '';
let port = 0;
const failures: string[] = [];

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function send(method: string, target: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port, method, path: target, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`hang: no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function signed(req: FuzzRequest): Promise<Record<string, string>> {
  const [path, rawQuery = ''] = req.target.split('?');
  const query: Record<string, string> = {};
  for (const pair of rawQuery.split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=');
    try {
      query[decodeURIComponent(k!)] = decodeURIComponent(v);
    } catch {
      // An undecodable pair cannot be signed as the server will read it; the server must still refuse it cleanly.
    }
  }
  const signer = new SignatureV4({ service: 'connect', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'), credentials: server.keys });
  const out = await signer.sign(new HttpRequest({ method: req.method, protocol: 'http:', hostname: host, port, path: path!, query, body: req.body,
    headers: { ...req.headers, host: `${host}:${port}` } }));
  return out.headers;
}

/** Checks one answer; returns a failure description or undefined. */
function judge(what: string, answer: Answer): string | undefined {
  if (answer.status >= 500) return `${what}: status ${answer.status} ${answer.body.slice(0, 200)}`;
  if (answer.status < 400) return undefined;
  if (!answer.headers['x-amzn-errortype'] || !answer.headers['x-amzn-requestid']) return `${what}: ${answer.status} without x-amzn-ErrorType/RequestId`;
  try {
    const body = JSON.parse(answer.body) as { Message?: unknown };
    if (typeof body.Message !== 'string') return `${what}: no Message in ${answer.body.slice(0, 100)}`;
  } catch {
    return `${what}: body is not JSON: ${answer.body.slice(0, 100)}`;
  }
  return undefined;
}

async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

function assertAlive(): void {
  if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`the server died: ${server.output().slice(-2000)}`);
}

let baseline: { token: string; transcript: string };
let implemented: { model: ServiceModel; name: string; signedByConnect: boolean }[] = [];
const knownIds: Record<string, string> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-fuzz-'));
  server = await spawnServer({
    SWITCHBOARD_RATE_CONNECT_PER_KEY: '0', SWITCHBOARD_RATE_PARTICIPANT_PER_TOKEN: '0', SWITCHBOARD_LOG_LEVEL: 'fatal',
  }, dataDir);
  const url = new URL(server.url);
  host = url.hostname;
  port = Number(url.port);
  const connectJson = async (method: string, target: string, body: unknown) => {
    const req = { method, target, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), description: '' };
    const answer = await send(method, target, await signed(req), req.body);
    if (answer.status !== 200) throw new Error(`${target}: ${answer.status} ${answer.body}`);
    return JSON.parse(answer.body) as Record<string, any>;
  };
  const participantJson = async (path: string, bearer: string, body: unknown) => {
    const answer = await send('POST', path, { 'content-type': 'application/json', 'x-amz-bearer': bearer }, JSON.stringify(body));
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.body}`);
    return { json: JSON.parse(answer.body) as Record<string, any>, raw: answer.body };
  };
  // The chat that must come out of the fuzzing untouched.
  const chat = await connectJson('PUT', '/contact/chat', { InstanceId: server.instanceId, ContactFlowId: server.inboundFlowId, ParticipantDetails: { DisplayName: 'Baseline' } });
  const conn = await participantJson('/participant/connection', chat.ParticipantToken, { Type: ['CONNECTION_CREDENTIALS'] });
  const token = conn.json.ConnectionCredentials.ConnectionToken as string;
  await participantJson('/participant/message', token, { ContentType: 'text/plain', Content: 'before the storm' });
  baseline = { token, transcript: (await participantJson('/participant/transcript', token, { SortOrder: 'ASCENDING' })).raw };
  // The fuzzer aims at a separate instance and chat, so destructive operations cannot touch the baseline.
  const instance = await connectJson('PUT', '/instance', { IdentityManagementType: 'CONNECT_MANAGED', InboundCallsEnabled: true, OutboundCallsEnabled: true });
  const fuzzChat = await connectJson('PUT', '/contact/chat', { InstanceId: server.instanceId, ContactFlowId: server.inboundFlowId, ParticipantDetails: { DisplayName: 'Target' } });
  const fuzzConn = await participantJson('/participant/connection', fuzzChat.ParticipantToken, { Type: ['CONNECTION_CREDENTIALS'] });
  Object.assign(knownIds, { InstanceId: instance.Id, ContactId: fuzzChat.ContactId, ConnectionToken: fuzzConn.json.ConnectionCredentials.ConnectionToken });

  // Implemented operations: those that do not answer NotImplementedException.
  for (const [model, signedByConnect] of [[loadParticipantModel(), false], [loadConnectModel(), true]] as const) {
    const fuzzer = new RequestFuzzer(model, knownIds, 1);
    for (const name of Object.keys(model.operations)) {
      const op = model.operation(name);
      const probe = fuzzer.probe(op);
      const headers = signedByConnect ? await signed(probe) : probe.headers;
      const answer = await send(probe.method, probe.target, headers, probe.body);
      const type = answer.headers['x-amzn-errortype'];
      if (type === 'InvalidSignatureException') throw new Error(`the probe of ${name} was not signed right: ${answer.body}`);
      if (type !== 'NotImplementedException') implemented.push({ model, name, signedByConnect });
    }
  }
}, 120_000);

afterAll(async () => {
  if (server) await kill(server, 'SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`fuzzing (seed ${SEED})`, () => {
  it(`answers ${CASES} model-derived hostile requests without a 5xx, hang or crash, every refusal AWS-shaped`, async () => {
    expect(implemented.length).toBeGreaterThan(40);
    const random = seededRandom(SEED);
    const fuzzers = new Map<ServiceModel, RequestFuzzer>();
    const cases = Array.from({ length: CASES }, (_, i) => {
      const target = implemented[Math.floor(random() * implemented.length)]!;
      if (!fuzzers.has(target.model)) fuzzers.set(target.model, new RequestFuzzer(target.model, knownIds, SEED + i));
      return { target, req: fuzzers.get(target.model)!.next(target.model.operation(target.name)) };
    });
    let done = 0;
    const statuses = new Map<string, number>();
    await pool(cases, async ({ target, req }) => {
      const headers = target.signedByConnect ? await signed(req).catch(() => req.headers) : req.headers;
      try {
        const answer = await send(req.method, req.target, headers, req.body);
        const key = `${answer.status} ${answer.headers['x-amzn-errortype'] ?? ''}`.trim();
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        const problem = judge(`${req.method} ${req.target.slice(0, 120)} (${req.description})`, answer);
        if (problem) failures.push(problem);
      } catch (err) {
        failures.push(`${req.description}: ${(err as Error).message}`);
      }
      done++;
    });
    assertAlive();
    console.log(`fuzz: ${implemented.length} implemented operations; answers: ${[...statuses].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    expect(done).toBe(CASES);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 600_000);

  it(`survives ${SOCKET_CASES} malformed websocket upgrades and frames on both sockets`, async () => {
    const random = seededRandom(SEED + 1);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const targets = ['http://[', '//[', 'http://%zz/', 'http://a:b@[::1', 'http://x:99999/participant-socket', '/participant-socket', '/participant-socket?token=',
      '/participant-socket?token=%zz', '/agent/v1/socket?token=\u00e9', '/agent/v1/socket', '*', '/%', `/${'a'.repeat(5000)}`, '/participant-socket?token=a&token=b'];
    const upgradeHeaders = ['Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13',
      'Upgrade: websocket\r\nConnection: Upgrade', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 99\r\nSec-WebSocket-Key: x'];
    const upgrades = Array.from({ length: Math.floor(SOCKET_CASES / 2) }, () => `GET ${pick(targets)} HTTP/1.1\r\nHost: ${host}\r\n${pick(upgradeHeaders)}\r\n\r\n`);
    await pool(upgrades, (raw) => new Promise<void>((resolve) => {
      const socket = tcpConnect(port, host);
      let answer = '';
      const timer = setTimeout(() => (failures.push(`upgrade hang: ${raw.split('\r\n')[0]}`), socket.destroy(), resolve()), TIMEOUT_MS);
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearTimeout(timer);
        if (!/^HTTP\/1\.1 4\d\d /.test(answer)) failures.push(`upgrade ${raw.split('\r\n')[0].slice(0, 80)} answered ${answer.slice(0, 40) || 'nothing'}`);
        resolve();
      });
      socket.write(raw);
    }));
    assertAlive();

    // Frames: each on a fresh participant socket (its URL is single-use), and every answer or close is awaited.
    const frames: (string | Buffer)[] = ['null', '[]', '"x"', '123', '{"topic":5}', '{"topic":"aws/subscribe","content":"x"}', '{"topic":"aws/chat"}',
      '{"topic":"aws/ping","content":[]}', 'x'.repeat(70_000), Buffer.from([0xff, 0xfe]), `${'['.repeat(4000)}${']'.repeat(4000)}`, '{"type":"ping"}'];
    const frameCases = Array.from({ length: SOCKET_CASES - upgrades.length }, () => pick(frames));
    const participantToken = (await send('PUT', '/contact/chat', await signed({ method: 'PUT', target: '/contact/chat', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ InstanceId: server.instanceId, ContactFlowId: server.inboundFlowId, ParticipantDetails: { DisplayName: 'Sockets' } }), description: '' }),
    JSON.stringify({ InstanceId: server.instanceId, ContactFlowId: server.inboundFlowId, ParticipantDetails: { DisplayName: 'Sockets' } })));
    const token = (JSON.parse(participantToken.body) as { ParticipantToken: string }).ParticipantToken;
    await pool(frameCases, async (frame) => {
      const conn = await send('POST', '/participant/connection', { 'content-type': 'application/json', 'x-amz-bearer': token }, '{"Type":["WEBSOCKET"]}');
      const url = (JSON.parse(conn.body) as { Websocket: { Url: string } }).Websocket.Url;
      await new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        const timer = setTimeout(() => (failures.push(`frame ${String(frame).slice(0, 30)}: no answer or close`), ws.terminate(), resolve()), TIMEOUT_MS);
        const finish = () => (clearTimeout(timer), ws.terminate(), resolve());
        ws.on('error', () => {});
        ws.on('message', finish);
        ws.on('close', finish);
        ws.on('unexpected-response', (_r, res) => (failures.push(`frame socket refused ${res.statusCode}`), finish()));
        ws.on('open', () => ws.send(frame, { binary: Buffer.isBuffer(frame) && frame[0] === 0xff ? false : undefined }));
      });
    });
    assertAlive();
    expect(failures.slice(0, 20)).toEqual([]);
  }, 600_000);

  it('still answers, and the earlier chat is byte-identical', async () => {
    assertAlive();
    expect((await send('GET', '/health', {}, '')).status).toBe(200);
    const after = await send('POST', '/participant/transcript', { 'content-type': 'application/json', 'x-amz-bearer': baseline.token }, JSON.stringify({ SortOrder: 'ASCENDING' }));
    expect(after.status).toBe(200);
    expect(after.body).toBe(baseline.transcript);
  });
});
