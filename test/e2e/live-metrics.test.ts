// Live queue metrics as the faces follow them: server-sent events from the agent API (the workspace's glance) and the
// admin API (the console's queue table) — the rows now, then a new event when a chat is queued, without polling;
// refused without a session; ended when the server stops.
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentClient, newAgent } from '../helpers/agent-client.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let agent: AgentClient;
beforeAll(async () => {
  server = await startTestServer();
  agent = await newAgent(server, 'watcher'); // logged in, Offline: chats stay in the queue
});
afterAll(async () => {
  agent?.close();
  await server?.close();
});

interface Row { name: string; CONTACTS_IN_QUEUE: number }

/** Reads a server-sent event stream, collecting each event's JSON. */
async function follow(path: string, token: string) {
  const stop = new AbortController();
  const res = await fetch(`${server.app.localUrl}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: stop.signal });
  const events: { queues: Row[] }[] = [];
  let waiters: (() => void)[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let text = '';
    const reader = res.body!.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += decoder.decode(r.value, { stream: true });
      for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
        const data = text.slice(0, end).split('\n').find((l) => l.startsWith('data: '));
        text = text.slice(end + 2);
        if (data) events.push(JSON.parse(data.slice(6)));
        const pending = waiters;
        waiters = [];
        pending.forEach((w) => w());
      }
    }
  })().catch(() => {});
  const next = (match: (e: { queues: Row[] }) => boolean, timeoutMs = 5000) => new Promise<{ queues: Row[] }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching event; got ${JSON.stringify(events)}`)), timeoutMs);
    const check = () => {
      const found = events.find(match);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      } else waiters.push(check);
    };
    check();
  });
  return { res, events, next, stop: () => stop.abort() };
}

const waiting = (e: { queues: Row[] }) => e.queues.find((q) => q.name === 'BasicQueue')?.CONTACTS_IN_QUEUE ?? -1;

describe('live queue metrics', () => {
  it("pushes the agent's queues now and again when a chat is queued", async () => {
    const stream = await follow('/agent/v1/queues/live', agent.token);
    expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const first = await stream.next(() => true);
    const before = waiting(first);
    expect(before).toBeGreaterThanOrEqual(0);
    await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Queued' } }));
    await stream.next((e) => waiting(e) === before + 1);
    stream.stop();
  });

  it('pushes every queue of the instance to an admin session, and refuses a stream without one', async () => {
    const login = await fetch(`${server.app.localUrl}/admin/v1/login`, { method: 'POST', body: JSON.stringify({ accessKeyId: server.app.keys.accessKeyId, secretAccessKey: server.app.keys.secretAccessKey }) });
    const { token } = (await login.json()) as { token: string };
    const stream = await follow(`/admin/v1/metrics/live?instanceId=${server.instanceId}`, token);
    const first = await stream.next(() => true);
    const before = waiting(first);
    await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Queued too' } }));
    await stream.next((e) => waiting(e) === before + 1);
    stream.stop();
    expect((await fetch(`${server.app.localUrl}/admin/v1/metrics/live?instanceId=${server.instanceId}`)).status).toBe(401);
    expect((await fetch(`${server.app.localUrl}/agent/v1/queues/live`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('ends its streams when the server stops, so the stop does not wait for the watchers', async () => {
    const other = await startTestServer();
    const watcher = await newAgent(other, 'late-watcher');
    const res = await fetch(`${other.app.localUrl}/agent/v1/queues/live`, { headers: { authorization: `Bearer ${watcher.token}` } });
    const reader = res.body!.getReader();
    const reading = (async () => {
      while (!(await reader.read()).done) { /* until the server ends it */ }
    })();
    watcher.close();
    await other.close();
    await reading;
  });
});
