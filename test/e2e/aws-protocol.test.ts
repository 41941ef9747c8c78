// The AWS face over real HTTP: SigV4 verification with tampering, the error shape, unimplemented and
// unknown operations, malformed bodies, labels holding ARNs, and internal errors that do not leak.
import { createHash } from 'node:crypto';
import { ConnectClient, DescribeContactCommand, ListPromptsCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION, type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** Signs a raw request the way the SDK does, so single parts can then be tampered with. */
async function signed(method: string, path: string, body: string, opts: { secret?: string; service?: string; date?: Date } = {}) {
  const url = new URL(server.app.url);
  const request = new HttpRequest({
    method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, body,
    headers: {
      host: url.host, 'content-type': 'application/json',
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    },
  });
  const signer = new SignatureV4({
    service: opts.service ?? 'connect', region: REGION, sha256: Hash.bind(null, 'sha256'), uriEscapePath: true,
    credentials: { accessKeyId: server.app.keys.accessKeyId, secretAccessKey: opts.secret ?? server.app.keys.secretAccessKey },
  });
  const s = await signer.sign(request, { signingDate: opts.date ?? new Date() });
  return { headers: s.headers as Record<string, string>, body, url: `${server.app.url}${path}`, method };
}

async function send(r: { headers: Record<string, string>; body: string; url: string; method: string }) {
  const headers = { ...r.headers };
  delete headers.host;
  const res = await fetch(r.url, { method: r.method, headers, body: r.method === 'GET' ? undefined : r.body });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), requestId: res.headers.get('x-amzn-requestid'), body: (await res.json()) as Record<string, unknown> };
}

const startBody = () => JSON.stringify({
  InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Sig' },
});

describe('SigV4 on Connect operations', () => {
  it('accepts an exact signed request', async () => {
    const r = await send(await signed('PUT', '/contact/chat', startBody()));
    expect(r.status).toBe(200);
    expect(r.body.ContactId).toBeTruthy();
    expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a changed body, even with a matching x-amz-content-sha256', async () => {
    const req = await signed('PUT', '/contact/chat', startBody());
    const tampered = startBody().replace('Sig', 'Evil');
    expect(await send({ ...req, body: tampered })).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    const rehashed = { ...req, body: tampered, headers: { ...req.headers, 'x-amz-content-sha256': createHash('sha256').update(tampered).digest('hex') } };
    expect(await send(rehashed)).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
  });

  it('refuses a changed path, a wrong secret, a wrong service scope and an old date', async () => {
    const req = await signed('PUT', '/contact/chat', startBody());
    expect(await send({ ...req, url: `${server.app.url}/contact/chat?x=1` })).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    expect(await send(await signed('PUT', '/contact/chat', startBody(), { secret: 'wrong' }))).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    expect(await send(await signed('PUT', '/contact/chat', startBody(), { service: 'execute-api' }))).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    const old = await send(await signed('PUT', '/contact/chat', startBody(), { date: new Date(Date.now() - 20 * 60_000) }));
    expect(old).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    expect(old.body.Message).toMatch(/Signature expired/);
  });

  it('answers the SDK errors for a missing token and an unknown key', async () => {
    const res = await fetch(`${server.app.url}/contact/chat`, { method: 'PUT', body: startBody(), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    const stranger = new ConnectClient({ region: REGION, endpoint: server.app.url, credentials: { accessKeyId: 'AKIANOBODY', secretAccessKey: 'x' }, maxAttempts: 1 });
    const err = await stranger.send(new StartChatContactCommand(JSON.parse(startBody()))).catch((e) => e);
    expect(err).toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
    stranger.destroy();
  });
});

describe('the restJson1 error shape', () => {
  it('names an unimplemented operation with a 501, not a 404', async () => {
    const err = await server.connect.send(new ListPromptsCommand({ InstanceId: server.instanceId })).catch((e) => e);
    expect(err).toMatchObject({ name: 'NotImplementedException', $metadata: { httpStatusCode: 501 } });
    expect(err.message).toMatch(/ListPrompts/);
  });

  it('answers UnknownOperationException for a path no operation has', async () => {
    const r = await send(await signed('GET', '/no/such/operation', ''));
    expect(r).toMatchObject({ status: 404, type: 'UnknownOperationException' });
  });

  it('refuses a body that is not JSON, and JSON of the wrong type, with the modelled 400', async () => {
    expect(await send(await signed('PUT', '/contact/chat', '{not json'))).toMatchObject({ status: 400, type: 'InvalidParameterException' });
    const wrongType = await send(await signed('PUT', '/contact/chat', JSON.stringify({ ...JSON.parse(startBody()), ChatDurationInMinutes: 'long' })));
    expect(wrongType).toMatchObject({ status: 400, type: 'InvalidParameterException' });
    expect(wrongType.body.Message).toMatch(/chatDurationInMinutes.*Member must be of type integer/);
  });

  it('decodes labels per segment, so an ARN with slashes works as an id', async () => {
    const started = await server.connect.send(new StartChatContactCommand(JSON.parse(startBody())));
    const arn = `arn:aws:connect:${REGION}:123456789012:instance/${server.instanceId}`;
    const described = await server.connect.send(new DescribeContactCommand({ InstanceId: arn, ContactId: started.ContactId! }));
    expect(described.Contact!.Id).toBe(started.ContactId);
  });

  it('answers CORS preflights for the headers chatjs sends', async () => {
    const res = await fetch(`${server.app.url}/participant/message`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-amz-bearer,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-amz-bearer');
  });
});

describe('unexpected failures', () => {
  it('become InternalServiceException with a request id, without internals', async () => {
    const broken = await startTestServer();
    const store = broken.app.store as unknown as { getInstance: () => Promise<never> };
    store.getInstance = async () => {
      throw new Error('SECRET internal detail');
    };
    const err = await broken.connect.send(new StartChatContactCommand({
      InstanceId: broken.instanceId, ContactFlowId: broken.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'x' },
    })).catch((e) => e);
    expect(err).toMatchObject({ name: 'InternalServiceException', $metadata: { httpStatusCode: 500 } });
    expect(err.message).not.toMatch(/SECRET/);
    expect(err.message).toContain(err.$metadata.requestId);
    await broken.close();
  });
});
