// Switchboard's own agent HTTP API (not an AWS API), documented in docs/agent-api.md: log in, set a status,
// accept or reject offers, transfer, end, clear after-contact work, read a contact. Authenticated by the
// session token from /login as "Authorization: Bearer <token>". Errors are {"error": kind, "message": text}.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChatError } from '../../chat/chat-errors.js';
import type { Instances } from '../../chat/instances.js';
import type { QuickResponses } from '../../routing/quick-responses.js';
import type { LiveQueueMetrics, QueueRow } from '../../routing/live-queue-metrics.js';
import { streamEvents } from '../event-stream.js';
import type { AgentContactWork } from '../../routing/agent-contact-work.js';
import type { AgentDesk, AgentSession } from '../../routing/agent-desk.js';
import type { InstanceResources } from '../../routing/instance-resources.js';
import type { AgentStatusData } from '../../routing/resource-types.js';
import type { Store } from '../../storage/store.js';
import { queueMetrics } from '../../routing/queue-metrics.js';
import type { Clock } from '../../clock.js';
import type { RequestLimits } from '../../http/request-limits.js';
import { bearerToken, jsonObjectBody } from '../json-body.js';
import { jsonFaceStatus } from '../json-face-errors.js';

export const AGENT_API_PREFIX = '/agent/v1';

export interface AgentApiDeps {
  store: Store;
  clock: Clock;
  instances: Instances;
  resources: InstanceResources;
  desk: AgentDesk;
  work: AgentContactWork;
  limits: RequestLimits;
  quickResponses: QuickResponses;
  liveQueues: LiveQueueMetrics;
  /** Aborted when the server stops: live streams end then. */
  closing: AbortSignal;
}

type Handler = (req: FastifyRequest, session: AgentSession) => Promise<unknown>;

export function registerAgentApi(app: FastifyInstance, d: AgentApiDeps): void {
  const fail = (reply: FastifyReply, err: unknown) => {
    if (err instanceof ChatError) return reply.code(jsonFaceStatus(err.kind, { session: true })).send({ error: err.kind, message: err.message });
    app.log.error({ err }, 'agent api failure');
    return reply.code(500).send({ error: 'Internal', message: 'Internal error' });
  };
  const body = (req: FastifyRequest) => jsonObjectBody(req.body);
  const authed = (handler: Handler) => async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const session = await d.desk.session(bearerToken(req.headers.authorization));
      return reply.send((await handler(req, session)) ?? {});
    } catch (err) {
      return fail(reply, err);
    }
  };
  const id = (req: FastifyRequest) => (req.params as { contactId: string }).contactId;
  const text = (v: unknown, name: string) => {
    if (typeof v !== 'string' || !v) throw new ChatError('InvalidRequest', `${name} is required.`);
    return v;
  };

  app.post(`${AGENT_API_PREFIX}/login`, async (req, reply) => {
    try {
      const b = body(req);
      const username = text(b.username, 'username');
      const refusal = await d.limits.loginAttempt(username, req.ip);
      if (refusal) {
        return reply.code(429).header('retry-after', String(refusal.retryAfterSeconds))
          .send({ error: 'TooManyRequests', message: 'Too many login attempts; try again later.' });
      }
      const instanceRef = typeof b.instanceId === 'string' ? b.instanceId : (await d.instances.list())[0]?.id;
      if (!instanceRef) throw new ChatError('NotFound', 'No instance exists.');
      const instance = await d.instances.get(instanceRef);
      try {
        const session = await d.desk.login(instance.id, username, text(b.password, 'password'));
        await d.limits.loginSucceeded(username, req.ip);
        return reply.send(session);
      } catch (err) {
        if (err instanceof ChatError && err.kind === 'AccessDenied') await d.limits.loginFailed(username, req.ip);
        throw err;
      }
    } catch (err) {
      return fail(reply, err);
    }
  });
  app.post(`${AGENT_API_PREFIX}/logout`, authed(async (req, s) => d.desk.logout(s, bearerToken(req.headers.authorization))));
  app.get(`${AGENT_API_PREFIX}/me`, authed(async (_req, s) => d.desk.state(s)));
  app.get(`${AGENT_API_PREFIX}/statuses`, authed(async (_req, s) => ({
    statuses: (await d.resources.list<AgentStatusData>(d.store, s.instanceId, 'agent-status'))
      .filter((st) => st.data.State === 'ENABLED').map((st) => ({ id: st.id, name: st.name, type: st.data.Type })),
  })));
  app.put(`${AGENT_API_PREFIX}/status`, authed(async (req, s) => d.desk.setStatus(s, text(body(req).status, 'status'))));
  app.get(`${AGENT_API_PREFIX}/quick-responses`, authed(async (req, s) => ({
    quickResponses: await d.quickResponses.list(s.instanceId, String((req.query as { search?: string }).search ?? '')),
  })));
  app.get(`${AGENT_API_PREFIX}/quick-connects`, authed(async (_req, s) => ({ quickConnects: await d.work.quickConnects(s) })));
  /** The queues of the agent's routing profile, in its order. */
  const agentQueues = async (s: AgentSession) => {
    const user = await d.resources.get<{ RoutingProfileId: string }>(d.store, s.instanceId, 'user', s.userId);
    const profile = await d.resources.get<{ QueueConfigs: { QueueReference: { QueueId: string } }[] }>(d.store, s.instanceId, 'routing-profile', user.data.RoutingProfileId);
    return [...new Set(profile.data.QueueConfigs.map((q) => q.QueueReference.QueueId))];
  };
  const ofAgent = (ids: string[], rows: QueueRow[]) => ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is QueueRow => !!r);
  app.get(`${AGENT_API_PREFIX}/queues`, authed(async (_req, s) => ({ queues: ofAgent(await agentQueues(s), await d.liveQueues.rows(s.instanceId)) })));
  // The same as they change (server-sent events), for the workspace's queue glance.
  app.get(`${AGENT_API_PREFIX}/queues/live`, async (req, reply) => {
    let session: AgentSession;
    let ids: string[];
    try {
      session = await d.desk.session(bearerToken(req.headers.authorization));
      ids = await agentQueues(session);
    } catch (err) {
      return fail(reply, err);
    }
    let last = '';
    streamEvents(req, reply, d.closing, (send) => d.liveQueues.watch(session.instanceId, (view) => {
      // The instance's view changes with any agent too; this agent hears only of its own queues' changes.
      const queues = ofAgent(ids, view.queues);
      if (JSON.stringify(queues) === last) return;
      last = JSON.stringify(queues);
      send({ queues });
    }));
  });
  app.get(`${AGENT_API_PREFIX}/queues/:queueId/metrics`, authed(async (req, s) => {
    const queue = await d.resources.get(d.store, s.instanceId, 'queue', (req.params as { queueId: string }).queueId);
    return queueMetrics(d.store, d.resources, s.instanceId, queue.id, d.clock.now());
  }));
  app.get(`${AGENT_API_PREFIX}/contacts/:contactId`, authed(async (req, s) => d.work.view(s, id(req))));
  app.post(`${AGENT_API_PREFIX}/contacts/:contactId/accept`, authed(async (req, s) => d.desk.accept(s, id(req))));
  app.post(`${AGENT_API_PREFIX}/contacts/:contactId/reject`, authed(async (req, s) => d.desk.reject(s, id(req))));
  app.post(`${AGENT_API_PREFIX}/contacts/:contactId/transfer`, authed(async (req, s) => d.work.transfer(s, id(req), text(body(req).quickConnectId, 'quickConnectId'))));
  app.post(`${AGENT_API_PREFIX}/contacts/:contactId/end`, authed(async (req, s) => d.work.end(s, id(req))));
  app.post(`${AGENT_API_PREFIX}/contacts/:contactId/complete`, authed(async (req, s) => {
    const notes = body(req).notes;
    return d.work.complete(s, id(req), notes === undefined || notes === null ? undefined : (notes as string));
  }));
}
