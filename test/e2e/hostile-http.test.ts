// The HTTP faces as an attacker or a careless client would use them: malformed URLs and bodies, bodies over the
// limit, the admin proxy probed through the prototype chain, huge values echoed back, tampered and unsigned
// payloads, tampered attachment URLs, cross-origin preflights, widget history takeover, floods of widget starts and
// logins. Every answer must be a 4xx in the face's own shape, never a 500.
import { createHash } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { CreateContactFlowCommand, CreateUserCommand, StartChatContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import {
  CreateParticipantConnectionCommand, DisconnectParticipantCommand, GetTranscriptCommand, SendMessageCommand, StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let base = '';
let adminToken = '';
let widgetId = '';
const PAGE = 'https://shop.example';

beforeAll(async () => {
  server = await startTestServer({ env: { SWITCHBOARD_RATE_WIDGET_PER_ADDRESS: '20', SWITCHBOARD_RATE_LOGIN_PER_ADDRESS: '1000' } });
  base = server.app.localUrl;
  const login = await post('/admin/v1/login', { accessKeyId: server.app.keys.accessKeyId, secretAccessKey: server.app.keys.secretAccessKey });
  adminToken = ((await login.json()) as { token: string }).token;
  const widget = await post('/admin/v1/widgets', {
    instanceId: server.instanceId, name: 'Shop', allowedOrigins: [PAGE], contactFlowId: server.defaults.inboundFlowId, display: { title: 'Help' },
  }, { authorization: `Bearer ${adminToken}` });
  widgetId = ((await widget.json()) as { id: string }).id;
});
afterAll(async () => {
  await server?.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** An AWS-face refusal: a 4xx with x-amzn-ErrorType, x-amzn-RequestId and a JSON body with Message, leaking nothing. */
async function expectAwsError(res: Response, status: number, errorType?: string): Promise<{ Message: string }> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('x-amzn-errortype')).toMatch(/^[A-Za-z]+Exception$/);
  if (errorType) expect(res.headers.get('x-amzn-errortype')).toBe(errorType);
  expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  expect(text).not.toMatch(/FST_|at .*\.ts:|TypeError|is not iterable/);
  const body = JSON.parse(text) as { Message: string };
  expect(typeof body.Message).toBe('string');
  return body;
}

async function signedFetch(method: string, path: string, query: Record<string, string>, body: string, headers: Record<string, string> = {}) {
  const url = new URL(base);
  const signer = new SignatureV4({
    service: 'connect', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId: server.app.keys.accessKeyId, secretAccessKey: server.app.keys.secretAccessKey },
  });
  const signed = await signer.sign(new HttpRequest({
    method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query, body,
    headers: { host: url.host, 'content-type': 'application/json', ...headers },
  }));
  const qs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return fetch(`${base}${path}${qs ? `?${qs}` : ''}`, { method, headers: signed.headers, body: method === 'GET' ? undefined : body });
}

async function chat() {
  const started = await server.connect.send(new StartChatContactCommand({
    InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Careless' },
  }));
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
  return { contactId: started.ContactId!, participantToken: started.ParticipantToken!, token: conn.ConnectionCredentials!.ConnectionToken! };
}

describe('malformed requests on the AWS face', () => {
  it('answers a broken % escape in the query string with a 400', async () => {
    // Signed over the raw query: the verifier must refuse it without throwing.
    const day = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const res = await fetch(`${base}/instance?maxResults=%zz`, {
      headers: {
        'x-amz-date': day,
        authorization: `AWS4-HMAC-SHA256 Credential=${server.app.keys.accessKeyId}/${day.slice(0, 8)}/us-east-1/connect/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      },
    });
    await expectAwsError(res, 400);
  });

  it('answers a broken % escape in the path with an AWS-shaped error', async () => {
    const res = await fetch(`${base}/contact/attributes/%zz/%E0%A4%A`);
    expect(res.status).toBeLessThan(500);
    await expectAwsError(res, res.status);
  });

  it('answers a body over the limit with 413 in the AWS shape', async () => {
    const c = await chat();
    const res = await fetch(`${base}/participant/message`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-bearer': c.token },
      body: JSON.stringify({ ContentType: 'text/plain', Content: 'x'.repeat(2 * 1024 * 1024) }),
    });
    await expectAwsError(res, 413, 'RequestEntityTooLargeException');
  });

  it('answers bodies that are not JSON objects with a validation error', async () => {
    const c = await chat();
    for (const body of ['null', '[]', '"x"', '{', '{"Content":5,"ContentType":[]}', '\u0000']) {
      const res = await fetch(`${base}/participant/message`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-bearer': c.token }, body });
      await expectAwsError(res, 400, 'ValidationException');
    }
  });

  it('echoes at most a short prefix of a huge invalid value', async () => {
    const big = 'y'.repeat(600_000);
    const failure = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: big },
    })).catch((e: Error) => e);
    expect((failure as Error).name).toBe('InvalidParameterException');
    expect((failure as Error).message.length).toBeLessThan(1000);
  });

  it('refuses a payload that was not signed (UNSIGNED-PAYLOAD) and a tampered body', async () => {
    const path = `/contact/chat`;
    const body = JSON.stringify({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Unsigned' } });
    const unsigned = await signedFetch('PUT', path, {}, body, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    await expectAwsError(unsigned, 403, 'InvalidSignatureException');
    // A genuine signature over one body, sent with another.
    const url = new URL(base);
    const signer = new SignatureV4({ service: 'connect', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'),
      credentials: { accessKeyId: server.app.keys.accessKeyId, secretAccessKey: server.app.keys.secretAccessKey } });
    const signed = await signer.sign(new HttpRequest({ method: 'PUT', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, body,
      headers: { host: url.host, 'content-type': 'application/json' } }));
    const tampered = await fetch(`${base}${path}`, { method: 'PUT', headers: signed.headers, body: body.replace('Unsigned', 'Tampered') });
    await expectAwsError(tampered, 403, 'InvalidSignatureException');
    // The same request, untampered, is accepted: the refusals above are about the payload alone.
    const genuine = await signedFetch('PUT', path, {}, body, { 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') });
    expect(genuine.status).toBe(200);
  });

  it('checks documented name limits the model leaves out', async () => {
    const failure = await server.connect.send(new CreateContactFlowCommand({
      InstanceId: server.instanceId, Name: 'n'.repeat(128), Type: 'CONTACT_FLOW', Content: '{"Version":"2019-10-30","StartAction":"a","Actions":[]}',
    })).catch((e: Error) => e);
    expect(failure).toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
  });
});

describe("Switchboard's own APIs", () => {
  it('answers a bad path escape on the agent API in its own shape', async () => {
    const res = await fetch(`${base}/agent/v1/contacts/%zz/accept`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'InvalidRequest' });
  });

  it('refuses admin input of the wrong types with 400', async () => {
    for (const body of [{ allowedOrigins: 5 }, { allowedOrigins: [5] }, { allowedOrigins: [PAGE], display: 'x' }, { allowedOrigins: [PAGE], attributeKeys: {} },
      { allowedOrigins: [PAGE], preChatFields: 'x' }, { allowedOrigins: [PAGE], preChatFields: [{ key: 'bad key', label: 'x' }] }, { allowedOrigins: [PAGE], preChatFields: [null] },
      // An avatar is an http(s) image address, never a script URL or markup.
      { allowedOrigins: [PAGE], display: { title: 'T', avatarUrl: 'javascript:alert(1)' } }, { allowedOrigins: [PAGE], display: { title: 'T', avatarUrl: 'https://x.example/"><script>' } }]) {
      const res = await post('/admin/v1/widgets', { instanceId: server.instanceId, name: 'W', contactFlowId: server.defaults.inboundFlowId, ...body },
        { authorization: `Bearer ${adminToken}` });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.text()).not.toMatch(/iterable|TypeError/);
    }
  });

  it('finds only real operations through the admin proxy', async () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const res = await post(`/admin/v1/connect/${name}`, {}, { authorization: `Bearer ${adminToken}` });
      await expectAwsError(res, 404, 'UnknownOperationException');
    }
  });
});

describe('attachment URLs', () => {
  async function upload() {
    const c = await chat();
    const started = await server.participant.send(new StartAttachmentUploadCommand({
      ConnectionToken: c.token, AttachmentName: 'note.txt', ContentType: 'text/plain', AttachmentSizeInBytes: 5, ClientToken: `${Math.random()}`,
    }));
    return { c, url: started.UploadMetadata!.Url!, headers: started.UploadMetadata!.HeadersToInclude! };
  }
  const put = (url: string, headers: Record<string, string>, body = 'hello') => fetch(url, { method: 'PUT', headers, body });

  it('refuses a signature with characters appended', async () => {
    const { url, headers } = await upload();
    expect((await put(`${url}00`, headers)).status).toBe(403);
    expect((await put(`${url}zz`, headers)).status).toBe(403);
    expect((await put(url, headers)).status).toBe(200);
  });

  it('refuses an upload whose content type is not the declared one', async () => {
    const { url, headers } = await upload();
    expect((await put(url, { ...headers, 'Content-Type': 'text/html' }, '<b>x</b>')).status).toBe(403);
    expect((await put(url, headers)).status).toBe(200);
  });

  it('refuses an upload after the chat ended', async () => {
    const { c, url, headers } = await upload();
    await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: c.contactId }));
    expect((await put(url, headers)).status).toBe(403);
  });
});

describe('CORS', () => {
  const preflight = (path: string, origin: string) => fetch(`${base}${path}`, {
    method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

  it('lets any page call the Participant Service and attachment URLs (chatjs does)', async () => {
    expect((await preflight('/participant/message', 'https://any.example')).headers.get('access-control-allow-origin')).toBe('https://any.example');
    expect((await preflight('/attachments/x', 'https://any.example')).headers.get('access-control-allow-origin')).toBe('https://any.example');
  });

  it('allows no other origin on the Connect, agent and admin routes', async () => {
    for (const path of [`/contact/chat`, '/agent/v1/login', '/admin/v1/login', '/admin/v1/connect/ListQueues', `/instance/${server.instanceId}`]) {
      const res = await preflight(path, 'https://evil.example');
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });

  it("answers a widget's preflight only for its allowed origins", async () => {
    expect((await preflight(`/widget/v1/${widgetId}/chats`, PAGE)).headers.get('access-control-allow-origin')).toBe(PAGE);
    expect((await preflight(`/widget/v1/${widgetId}/chats`, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('widget', () => {
  const start = (body: Record<string, unknown>) => post(`/widget/v1/${widgetId}/chats`, body, { origin: PAGE });

  it('continues a conversation only with the continuation secret issued with it', async () => {
    const first = (await (await start({ displayName: 'Real customer' })).json()) as { ContactId: string; ParticipantToken: string; continuation: string };
    expect(first.continuation).toMatch(/^v1\./);
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: first.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }));
    await server.participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'my address is 1 Elm St' }));
    await server.participant.send(new DisconnectParticipantCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken! }));
    // (With no agent, the customer leaving ends the contact.)

    // An attacker who knows the contact id: a bare id, a forged secret and a secret with another id all start afresh.
    const [, , expires, mac] = first.continuation.split('.');
    for (const attempt of [{ previousContactId: first.ContactId }, { continuation: first.ContactId }, { continuation: `v1.${first.ContactId}.${expires}.${'A'.repeat(43)}` },
      { continuation: `v1.${first.ContactId}.${Number(expires) + 1}.${mac}` }]) {
      const stolen = (await (await start({ displayName: 'Attacker', ...attempt })).json()) as { ContinuedFromContactId?: string };
      expect(stolen.ContinuedFromContactId, JSON.stringify(attempt)).toBeUndefined();
    }
    // The real customer still continues it, with the history.
    const back = (await (await start({ displayName: 'Real customer', continuation: first.continuation })).json()) as { ContinuedFromContactId: string; ParticipantToken: string };
    expect(back.ContinuedFromContactId).toBe(first.ContactId);
    const again = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: back.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }));
    const past = await server.participant.send(new GetTranscriptCommand({ ConnectionToken: again.ConnectionCredentials!.ConnectionToken!, ScanDirection: 'BACKWARD', MaxResults: 100 }));
    const older = past.NextToken ? await server.participant.send(new GetTranscriptCommand({
      ConnectionToken: again.ConnectionCredentials!.ConnectionToken!, ScanDirection: 'BACKWARD', MaxResults: 100, NextToken: past.NextToken,
    })) : past;
    expect([...past.Transcript!, ...older.Transcript!].map((i) => i.Content)).toContain('my address is 1 Elm St');
  });

  it('limits chat starts per client address, so one client cannot use up the active-chat quota', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => start({ displayName: 'Flood' }).then((r) => r.status)));
    expect(answers.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(answers.every((s) => s === 200 || s === 429)).toBe(true);
    // The instance still takes a legitimate StartChatContact.
    const legit = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Legit' },
    }));
    expect(legit.ContactId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('agent login', () => {
  it('ends the session at logout: the token no longer works', async () => {
    await server.connect.send(new CreateUserCommand({
      InstanceId: server.instanceId, Username: 'leaver', Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId,
      SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    const { token } = (await (await post('/agent/v1/login', { username: 'leaver', password: 'Passw0rd!', instanceId: server.instanceId })).json()) as { token: string };
    const me = () => fetch(`${base}/agent/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    expect((await post('/agent/v1/logout', {}, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await me()).status).toBe(401);
  });

  it('locks out a username after repeated failures from one address, and takes as long for unknown users', async () => {
    await server.connect.send(new CreateUserCommand({
      InstanceId: server.instanceId, Username: 'guarded', Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId,
      SecurityProfileIds: ['a'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    const login = (username: string, password: string) => post('/agent/v1/login', { username, password, instanceId: server.instanceId });
    const timed = async (username: string) => {
      const t = performance.now();
      expect((await login(username, 'wrong-password')).status).toBe(401);
      return performance.now() - t;
    };
    // Timing: an unknown username costs a password derivation too (median of several, loopback).
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await timed(`guarded`));
      unknown.push(await timed(`nobody-${i}`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);
    // Four failures so far for "guarded": the fifth locks it; even the right password is then refused with 429.
    expect((await login('guarded', 'wrong-password')).status).toBe(401);
    const locked = await login('guarded', 'Passw0rd!');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
