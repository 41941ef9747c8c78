// The admin console's own endpoints, for what Amazon Connect has no API for (chat widgets). An administrator logs
// in with the instance's access key pair (the same credentials the Connect API is signed with) and gets a session
// token; everything else the console does goes through the Connect API itself, SigV4-signed from the browser.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChatContext } from '../../chat/chat-context.js';
import { ChatError } from '../../chat/chat-errors.js';
import type { TimeControl } from '../../chat/time-control.js';
import { FaultRuleError, type FaultRules, type NewFaultRule } from '../../testing/fault-rules.js';
import { MAX_TRACE_ENTRIES } from '../../contact-flows/flow-runner.js';
import type { Instances } from '../../chat/instances.js';
import type { PreChatField, WidgetData, Widgets } from '../../routing/widgets.js';
import { chainView } from '../../chat/contact-chain.js';
import { searchContacts } from '../../chat/contact-search.js';
import type { ContactFlows } from '../../contact-flows/contact-flows.js';
import type { InstanceResources } from '../../routing/instance-resources.js';
import type { RequestLimits } from '../../http/request-limits.js';
import type { Attachments } from '../../chat/attachments.js';
import { bearerToken, jsonObjectBody } from '../json-body.js';
import { jsonFaceStatus } from '../json-face-errors.js';
import type { QuickResponses } from '../../routing/quick-responses.js';
import type { LiveQueueMetrics } from '../../routing/live-queue-metrics.js';
import { streamEvents } from '../event-stream.js';

const SESSION_TTL_MS = 8 * 60 * 60_000;

/**
 * Runs a flow through scenarios written as a flow test file (docs/flow-testing.md) and answers the report; given by
 * the entry point, since the runner builds throwaway servers of its own. Refuses bad scenarios with a
 * FlowTestInputError naming the line.
 */
export type FlowTester = (
  flow: { name: string; content: string; queueNames: Record<string, string>; referencedFlows: Record<string, string> }, scenarios: string,
) => Promise<unknown>;

export class FlowTestInputError extends Error {}

export function registerAdminApi(
  app: FastifyInstance,
  d: {
    ctx: ChatContext; instances: Instances; widgets: Widgets; flows: ContactFlows; resources: InstanceResources;
    keys: { accessKeyId: string; secretAccessKey: string };
    limits: RequestLimits;
    attachments: Attachments;
    timeControl: TimeControl;
    faults: FaultRules;
    quickResponses: QuickResponses;
    liveQueues: LiveQueueMetrics;
    /** Aborted when the server stops: live streams end then. */
    closing: AbortSignal;
    /** The flow test runner, when the process that built the server offers it. */
    flowTester?: FlowTester;
    /** Runs a Connect operation by name (validated as over HTTP). */
    connect: (operation: string, input: Record<string, unknown>) => Promise<{ status: number; body: string; headers: Record<string, string> }>;
  },
): void {
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  const body = (req: FastifyRequest) => jsonObjectBody(req.body);
  const handle = (work: (req: FastifyRequest) => Promise<unknown>, authed = true) => async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      if (authed) await d.ctx.tokens.resolve(d.ctx.store, bearerToken(req.headers.authorization), 'admin-session');
      return reply.send((await work(req)) ?? {});
    } catch (err) {
      if (err instanceof ChatError) {
        return reply.code(jsonFaceStatus(err.kind, { session: true })).send({ error: err.kind, message: err.message, problems: err.details.problems });
      }
      throw err;
    }
  };
  const instanceOf = async (req: FastifyRequest) => (await d.instances.get(String((req.query as { instanceId?: string }).instanceId ?? ''))).id;

  app.post('/admin/v1/login', async (req, reply) => {
    const accessKeyId = String(body(req).accessKeyId ?? '');
    const refusal = await d.limits.loginAttempt(accessKeyId, req.ip);
    if (refusal) {
      return reply.code(429).header('retry-after', String(refusal.retryAfterSeconds))
        .send({ error: 'TooManyRequests', message: 'Too many login attempts; try again later.' });
    }
    return adminLogin(req, reply);
  });
  const adminLogin = handle(async (req) => {
    const b = body(req);
    if (!same(String(b.accessKeyId ?? ''), d.keys.accessKeyId) || !same(String(b.secretAccessKey ?? ''), d.keys.secretAccessKey)) {
      await d.limits.loginFailed(String(b.accessKeyId ?? ''), req.ip);
      throw new ChatError('AccessDenied', 'The access key id or secret access key is not correct.');
    }
    await d.limits.loginSucceeded(String(b.accessKeyId ?? ''), req.ip);
    const session = await d.ctx.tokens.issue(d.ctx.store, 'admin-session', 'admin', 'admin', SESSION_TTL_MS);
    return { token: session.token, expiresAt: new Date(session.expiresAt!).toISOString() };
  }, false);

  // The session ends at once (its token is used up), on every node.
  app.post('/admin/v1/logout', handle(async (req) => {
    await d.ctx.tokens.consume(d.ctx.store, bearerToken(req.headers.authorization), 'admin-session');
    return {};
  }));

  // Time control (SWITCHBOARD_TIME_CONTROL=true only): the server's clock, and moving it forward.
  const clockView = (c: { now: number; offsetMs: number }) => ({ now: new Date(c.now).toISOString(), offsetSeconds: c.offsetMs / 1000 });
  app.get('/admin/v1/clock', handle(async () => {
    const c = d.timeControl.read();
    return { ...clockView(c), timeControl: c.enabled };
  }));
  app.post('/admin/v1/clock/advance', handle(async (req) => {
    const seconds = body(req).seconds;
    if (typeof seconds !== 'number') throw new ChatError('InvalidRequest', 'seconds must be a number.');
    const moved = await d.timeControl.advance(seconds * 1000);
    return { ...clockView(moved), timersFired: moved.fired };
  }));

  // Fault injection (SWITCHBOARD_FAULT_INJECTION=true only): rules that fail or delay AWS-face calls.
  const faultRule = (work: () => unknown) => {
    try {
      return work();
    } catch (err) {
      throw err instanceof FaultRuleError ? new ChatError('InvalidRequest', err.message) : err;
    }
  };
  app.get('/admin/v1/faults', handle(async () => ({ enabled: d.faults.enabled, rules: d.faults.list() })));
  app.post('/admin/v1/faults', handle(async (req) => faultRule(() => d.faults.add(body(req) as unknown as NewFaultRule))));
  app.delete('/admin/v1/faults/:id', handle(async (req) => {
    if (!d.faults.remove((req.params as { id: string }).id)) throw new ChatError('NotFound', 'No such fault rule.');
    return {};
  }));

  app.get('/admin/v1/widgets', handle(async (req) => ({
    widgets: (await d.widgets.list(await instanceOf(req))).map((w) => ({ id: w.id, name: w.name, ...w.data })),
  })));

  app.post('/admin/v1/widgets', handle(async (req) => {
    const b = body(req);
    const instanceId = (await d.instances.get(String(b.instanceId ?? ''))).id;
    const widget = await d.widgets.create(instanceId, String(b.name ?? ''), {
      allowedOrigins: b.allowedOrigins as string[], contactFlowId: String(b.contactFlowId ?? ''),
      // Pre-chat answers arrive as attributes, so their keys are ones a page may pass. Input of the wrong shape goes
      // to the widget's checks as it came, to be refused there (400), never spread here.
      attributeKeys: Array.isArray(b.attributeKeys) || b.attributeKeys === undefined
        ? [...new Set([...((b.attributeKeys as string[] | undefined) ?? []), ...(Array.isArray(b.preChatFields) ? (b.preChatFields as PreChatField[]).map((f) => f?.key) : [])])]
        : (b.attributeKeys as string[]),
      preChatFields: (b.preChatFields as PreChatField[]) ?? [], persistentChat: b.persistentChat !== false,
      display: (b.display as WidgetData['display']) ?? { title: 'Chat with us' },
    });
    return { id: widget.id, name: widget.name, ...widget.data };
  }));

  app.get('/admin/v1/instances', handle(async () => ({
    instances: (await d.instances.list()).map((i) => ({ id: i.id, alias: i.alias, arn: i.arn })),
  })));

  app.get('/admin/v1/flows', handle(async (req) => ({
    flows: (await d.flows.list(await instanceOf(req))).map((f) => ({ id: f.id, name: f.name, type: f.type, status: f.status, state: f.state })),
  })));

  app.get('/admin/v1/flows/:id', handle(async (req) => {
    const f = await d.flows.get(await instanceOf(req), (req.params as { id: string }).id);
    return { id: f.id, name: f.name, type: f.type, status: f.status, content: f.content };
  }));

  app.post('/admin/v1/flows', handle(async (req) => {
    const b = body(req);
    const instanceId = (await d.instances.get(String(b.instanceId ?? ''))).id;
    const f = await d.flows.create(instanceId, {
      name: String(b.name ?? ''), type: String(b.type ?? 'CONTACT_FLOW'), content: String(b.content ?? ''),
      status: b.status === 'SAVED' ? 'SAVED' : 'PUBLISHED',
    });
    return { id: f.id, name: f.name, status: f.status };
  }));

  app.put('/admin/v1/flows/:id', handle(async (req) => {
    const b = body(req);
    await d.flows.updateContent((await d.instances.get(String(b.instanceId ?? ''))).id, (req.params as { id: string }).id, String(b.content ?? ''));
    return {};
  }));

  // The console's flow test panel: the published flow run through scenarios, as `switchboard flow test` runs them.
  app.post('/admin/v1/flows/:id/test', handle(async (req) => {
    const b = body(req);
    const instanceId = (await d.instances.get(String(b.instanceId ?? ''))).id;
    const f = await d.flows.get(instanceId, (req.params as { id: string }).id);
    if (!d.flowTester) throw new ChatError('InvalidRequest', 'The flow test runner is not available in this server process.');
    if (typeof b.scenarios !== 'string' || !b.scenarios.trim()) throw new ChatError('InvalidRequest', 'scenarios must be the text of a scenario file (YAML or JSON).');
    if (b.scenarios.length > 200_000) throw new ChatError('InvalidRequest', 'scenarios must be at most 200,000 characters.');
    try {
      // The flow names this instance's queues by ARN; the runner's throwaway instance gets queues of the same names.
      const queueNames = Object.fromEntries((await d.resources.list(d.ctx.store, instanceId, 'queue')).map((q) => [q.arn, q.name]));
      // So are the flows it transfers to or names as event hooks: they go along, as a scenario's `flows` would map them.
      const referencedFlows: Record<string, string> = {};
      for (const other of await d.flows.list(instanceId)) {
        for (const ref of [other.arn, other.id]) if (other.id !== f.id && f.content.includes(`"${ref}"`)) referencedFlows[ref] = other.content;
      }
      return await d.flowTester({ name: f.name, content: f.content, queueNames, referencedFlows }, b.scenarios);
    } catch (err) {
      if (err instanceof FlowTestInputError) throw new ChatError('InvalidRequest', err.message);
      throw err;
    }
  }));

  app.get('/admin/v1/quick-responses', handle(async (req) => ({ quickResponses: await d.quickResponses.list(await instanceOf(req)) })));
  app.post('/admin/v1/quick-responses', handle(async (req) => {
    const b = body(req);
    const created = await d.quickResponses.create((await d.instances.get(String(b.instanceId ?? ''))).id, b);
    return { id: created.id, name: created.name };
  }));
  app.delete('/admin/v1/quick-responses/:id', handle(async (req) => {
    await d.quickResponses.delete(await instanceOf(req), (req.params as { id: string }).id);
    return {};
  }));

  app.get('/admin/v1/resources/:kind', handle(async (req) => {
    const kind = (req.params as { kind: string }).kind;
    if (!['queue', 'routing-profile', 'user', 'hours-of-operation', 'quick-connect', 'agent-status'].includes(kind)) throw new ChatError('NotFound', `Unknown resource kind ${kind}.`);
    const all = await d.resources.list<Record<string, unknown>>(d.ctx.store, await instanceOf(req), kind as 'queue');
    return { resources: all.map((r) => ({ id: r.id, name: r.name, ...Object.fromEntries(Object.entries(r.data).filter(([k]) => k !== 'PasswordHash')) })) };
  }));

  app.get('/admin/v1/metrics', handle(async (req) => ({ queues: await d.liveQueues.rows(await instanceOf(req)) })));

  // The same metrics as they change (server-sent events), for the console's live queue table.
  app.get('/admin/v1/metrics/live', async (req, reply) => {
    let instanceId: string;
    try {
      await d.ctx.tokens.resolve(d.ctx.store, bearerToken(req.headers.authorization), 'admin-session');
      instanceId = await instanceOf(req);
    } catch (err) {
      if (err instanceof ChatError && err.kind === 'NotFound') return reply.code(404).send({ error: err.kind, message: err.message });
      return reply.code(401).send({ error: 'AccessDenied', message: 'Log in first.' });
    }
    streamEvents(req, reply, d.closing, (send) => d.liveQueues.watch(instanceId, (view) => send(view)));
  });

  app.get('/admin/v1/contacts', handle(async (req) => {
    const instanceId = await instanceOf(req);
    const q = req.query as { hours?: string; attributeKey?: string; attributeValue?: string };
    const hours = Number(q.hours ?? 24);
    if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 366) throw new ChatError('InvalidRequest', 'hours must be a number from 0 to 8784.');
    const now = d.ctx.clock.now();
    const found = await searchContacts(d.ctx.store, instanceId, {
      timeRange: { type: 'INITIATION_TIMESTAMP', start: now - hours * 3600_000, end: now },
      attributes: q.attributeKey ? { criteria: [{ key: q.attributeKey, values: [q.attributeValue ?? ''] }], matchType: 'MATCH_ALL' } : undefined,
    });
    // The columns a supervisor reads a list of contacts by: who the customer was, the queue, the agent, how long.
    const names = async (kind: 'queue' | 'user') => new Map((await d.resources.list<{ Username?: string }>(d.ctx.store, instanceId, kind)).map((r) => [r.id, r.data.Username ?? r.name]));
    const [queues, users] = [await names('queue'), await names('user')];
    const contacts = [];
    for (const c of found.slice(0, 200)) {
      const customer = (await d.ctx.store.listParticipants(c.initialContactId)).find((p) => p.role === 'CUSTOMER');
      contacts.push({
        id: c.id, initialContactId: c.initialContactId, initiationMethod: c.initiationMethod, state: c.state,
        initiatedAt: new Date(c.initiatedAt).toISOString(), disconnectedAt: c.disconnectedAt ? new Date(c.disconnectedAt).toISOString() : null,
        durationSeconds: Math.round(((c.disconnectedAt ?? now) - c.initiatedAt) / 1000), disconnectReason: c.disconnectReason,
        customer: customer?.displayName ?? null, queue: c.queueInfo ? queues.get(c.queueInfo.queueId) ?? null : null,
        agent: c.agentInfo ? users.get(c.agentInfo.userId) ?? null : null, attributes: c.attributes,
      });
    }
    return { contacts };
  }));

  app.get('/admin/v1/contacts/:id/transcript', handle(async (req) => {
    const instanceId = await instanceOf(req);
    const contact = await d.ctx.store.getContact((req.params as { id: string }).id);
    if (!contact || contact.instanceId !== instanceId) throw new ChatError('NotFound', 'Contact not found.');
    return chainView(d.ctx.store, contact);
  }));

  // The chat's path through its flows, every segment, in execution order (docs/flows.md, "Flow traces").
  app.get('/admin/v1/contacts/:id/flow-trace', handle(async (req) => {
    const instanceId = await instanceOf(req);
    const contact = await d.ctx.store.getContact((req.params as { id: string }).id);
    if (!contact || contact.instanceId !== instanceId) throw new ChatError('NotFound', 'Contact not found.');
    return { entries: (await d.ctx.store.listFlowTrace(contact.initialContactId, MAX_TRACE_ENTRIES)).map((t) => t.entry) };
  }));

  // The console creates queues, users, hours, routing profiles, quick connects and instances through the Connect
  // API's own operations; this proxies an authenticated admin to them by name.
  app.post('/admin/v1/connect/:operation', async (req, reply) => {
    try {
      await d.ctx.tokens.resolve(d.ctx.store, bearerToken(req.headers.authorization), 'admin-session');
    } catch {
      return reply.code(401).send({ error: 'AccessDenied', message: 'Log in first.' });
    }
    const out = await d.connect((req.params as { operation: string }).operation, body(req));
    return reply.code(out.status).headers(out.headers).send(out.body);
  });

  app.get('/admin/v1/attachments/:id', handle(async (req) => ({
    url: await d.attachments.reviewUrl(await instanceOf(req), (req.params as { id: string }).id),
  })));

  app.delete('/admin/v1/widgets/:id', handle(async (req) => {
    await d.widgets.delete(await instanceOf(req), (req.params as { id: string }).id);
    return {};
  }));
}
