// What an operator scrapes and probes: /ready (the store and bus answer) and Prometheus metrics at /metrics, parsed
// as Prometheus text — requests by operation and status with latency, sockets, active chats, queue sizes, timer lag,
// Node's own; and the structured log line of each AWS call, carrying its request id and contact id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeContactCommand, ListUsersCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { ChatSocket } from '../helpers/chat-socket.js';
import { connectClientFor, kill, spawnServer, startChatOn } from '../helpers/server-process.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** Prometheus text format: sample name with labels → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

describe('operability', () => {
  it('is ready when its store and bus answer', async () => {
    const res = await fetch(`${server.app.localUrl}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('exposes Prometheus metrics: requests by operation and status, latency, sockets, active chats, queue sizes, timer lag', async () => {
    const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Metered' } }));
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET'] }));
    const socket = await ChatSocket.open(conn.Websocket!.Url!);
    await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: 'no-such-contact' })).catch(() => undefined);
    const res = await fetch(`${server.app.localUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const m = samples(await res.text());
    expect(m.get('switchboard_aws_requests_total{operation="StartChatContact",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('switchboard_aws_requests_total{operation="DescribeContact",status="404"}')).toBe(1);
    expect(m.get('switchboard_aws_request_duration_seconds_count{operation="StartChatContact"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('switchboard_websockets{kind="participant"}')).toBe(1);
    expect(m.get(`switchboard_active_chats{instance="${server.instanceId}"}`)).toBeGreaterThanOrEqual(1);
    expect(m.has('switchboard_timers_overdue')).toBe(true);
    // The chat the test started waits in BasicQueue once its flow queued it (no agent is available).
    await eventually('the chat is counted in BasicQueue', async () =>
      (samples(await (await fetch(`${server.app.localUrl}/metrics`)).text()).get(`switchboard_queue_contacts{instance="${server.instanceId}",queue="BasicQueue"}`) ?? 0) >= 1);
    expect(m.has('nodejs_eventloop_lag_seconds')).toBe(true);
    socket.close();
  });

  it('creates a demo agent on a development first start, and none in production mode', async () => {
    const usernames = async (on: TestServer) => ((await on.connect.send(new ListUsersCommand({ InstanceId: on.instanceId }))).UserSummaryList ?? []).map((u) => u.Username);
    expect(await usernames(server)).toContain('demo-agent');
    const production = await startTestServer({ env: { SWITCHBOARD_MODE: 'production' } });
    try {
      expect(await usernames(production)).not.toContain('demo-agent');
    } finally {
      await production.close();
    }
  });

  it("logs each AWS call as a JSON line with its request id and contact id (debug; refusals at info)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-logs-'));
    const node = await spawnServer({ SWITCHBOARD_LOG_LEVEL: 'debug' }, dataDir, 'bundle');
    try {
      const started = await startChatOn(node, 'Logged');
      const connect = connectClientFor(node);
      const refused = await connect.send(new DescribeContactCommand({ InstanceId: node.instanceId, ContactId: 'no-such-contact' })).catch((e: { $metadata: { requestId: string } }) => e);
      connect.destroy();
      const lines = () => node.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      await eventually('both calls are logged', () => lines().some((l) => l.operation === 'DescribeContact'));
      expect(lines()).toContainEqual(expect.objectContaining({
        level: 20, msg: 'aws request', operation: 'StartChatContact', status: 200, contactId: started.ContactId, requestId: started.$metadata.requestId,
      }));
      expect(lines()).toContainEqual(expect.objectContaining({
        level: 30, msg: 'aws request refused', operation: 'DescribeContact', status: 404, contactId: 'no-such-contact', requestId: (refused as { $metadata: { requestId: string } }).$metadata.requestId,
      }));
    } finally {
      await kill(node, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
