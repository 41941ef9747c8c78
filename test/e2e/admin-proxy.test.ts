// The admin console's proxy to the Connect operations (POST /admin/v1/connect/<operation>) parses and validates its
// JSON input exactly as a signed request's: member types (timestamps as epoch seconds), constraints and the
// operation's modelled errors — never a 500 for input a signed request would have had refused.
import { DescribeInstanceCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer();
  const login = await fetch(`${server.app.localUrl}/admin/v1/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKeyId: server.app.keys.accessKeyId, secretAccessKey: server.app.keys.secretAccessKey }),
  });
  token = ((await login.json()) as { token: string }).token;
});
afterAll(async () => {
  await server?.close();
});

const proxy = async (operation: string, input: unknown) => {
  const res = await fetch(`${server.app.localUrl}/admin/v1/connect/${operation}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input),
  });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: (await res.json()) as Record<string, any> };
};

describe('admin proxy to the Connect operations', () => {
  it('reads timestamps and other member types as a request body does', async () => {
    const ResourceArn = (await server.connect.send(new DescribeInstanceCommand({ InstanceId: server.instanceId }))).Instance!.Arn!;
    const now = Math.floor(Date.now() / 1000);
    const out = await proxy('GetMetricDataV2', {
      ResourceArn, StartTime: now - 3600, EndTime: now, Filters: [{ FilterKey: 'QUEUE', FilterValues: [server.defaults.basicQueueId] }],
      Metrics: [{ Name: 'CONTACTS_CREATED' }],
    });
    expect(out.status).toBe(200);
    expect(out.body.MetricResults).toEqual([]);
  });

  it('refuses badly typed or constrained input with the modelled error, as for a signed request', async () => {
    const badTime = await proxy('GetMetricDataV2', { ResourceArn: 'x', StartTime: 'not a time', EndTime: 5, Filters: [], Metrics: [] });
    expect(badTime).toMatchObject({ status: 400, type: 'InvalidParameterException' });
    const wrongType = await proxy('CreateQueue', { InstanceId: server.instanceId, Name: 42, HoursOfOperationId: server.defaults.basicHoursId });
    expect(wrongType).toMatchObject({ status: 400, type: 'InvalidParameterException' });
    expect(wrongType.body.Message).toMatch(/name/i);
  });
});
