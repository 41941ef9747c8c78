// The endpoint a widget on a customer's page calls to start (or continue) a chat — the way Amazon's hosted
// communications widget starts chats through a server — plus the widget's public display configuration. Only
// pages whose Origin is one of the widget's allowed origins get an answer (and CORS headers for it). Chat starts
// are rate-limited per client address and per widget, so no single client can use up the instance's active-chat
// quota; continuing an earlier conversation takes the continuation secret issued with it, never a bare id.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChatError } from '../../chat/chat-errors.js';
import type { ChatStarter } from '../../chat/start-chat.js';
import type { RequestLimits } from '../../http/request-limits.js';
import type { Widgets } from '../../routing/widgets.js';
import { jsonObjectBody } from '../json-body.js';
import { jsonFaceStatus } from '../json-face-errors.js';

type WidgetRequest = FastifyRequest<{ Params: { widgetId: string } }>;

export const WIDGET_CONTENT_TYPES = [
  'text/plain', 'text/markdown', 'application/vnd.amazonaws.connect.message.interactive',
  'application/vnd.amazonaws.connect.message.interactive.response',
];

export function registerWidgetApi(
  app: FastifyInstance,
  d: { widgets: Widgets; starter: ChatStarter; limits: RequestLimits; region: string; endpoint: () => string },
): void {
  const allowed = async (req: WidgetRequest, reply: FastifyReply) => {
    const found = await d.widgets.find(req.params.widgetId);
    const origin = req.headers.origin ?? '';
    if (!found || !found.widget.data.allowedOrigins.includes(origin)) {
      await reply.code(403).send({ error: 'AccessDenied', message: 'This page is not allowed to use this widget.' });
      return undefined;
    }
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    return found;
  };

  // Preflights answer only the widget's allowed origins (a JSON POST from another origin needs one).
  app.options('/widget/v1/:widgetId/*', async (req: WidgetRequest, reply) => {
    if (!(await allowed(req, reply))) return reply;
    return reply.code(204).headers({
      'access-control-allow-methods': 'GET,POST,OPTIONS', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600',
    }).send();
  });

  app.get('/widget/v1/:widgetId/config', async (req: WidgetRequest, reply) => {
    const found = await allowed(req, reply);
    if (!found) return reply;
    const { display, persistentChat, preChatFields = [] } = found.widget.data;
    return reply.send({ widgetId: found.widget.id, display, preChatFields, persistentChat, region: d.region, endpoint: d.endpoint() });
  });

  app.post('/widget/v1/:widgetId/chats', async (req: WidgetRequest, reply) => {
    const found = await allowed(req, reply);
    if (!found) return reply;
    const refusal = await d.limits.widgetStart(found.widget.id, req.ip);
    if (refusal) {
      return reply.code(429).header('retry-after', String(refusal.retryAfterSeconds))
        .send({ error: 'TooManyRequests', message: 'Too many chats started; try again later.' });
    }
    try {
      const body = jsonObjectBody(req.body);
      const displayName = typeof body.displayName === 'string' && body.displayName.trim() ? body.displayName.trim().slice(0, 256) : 'Customer';
      const passed = (body.attributes && typeof body.attributes === 'object' ? body.attributes : {}) as Record<string, unknown>;
      const attributes = Object.fromEntries(Object.entries(passed)
        .filter(([k, v]) => found.widget.data.attributeKeys.includes(k) && typeof v === 'string' && v.length <= 32_767)) as Record<string, string>;
      const base = {
        instanceId: found.instanceId, contactFlowId: found.widget.data.contactFlowId, displayName, attributes,
        supportedMessagingContentTypes: WIDGET_CONTENT_TYPES,
        // When the customer closes the widget's chat, the agent is released too (into after-contact work), so the
        // conversation ends and a returning customer can continue it.
        disconnectOnCustomerExit: ['AGENT'],
      };
      const secret = typeof body.continuation === 'string' && found.widget.data.persistentChat ? body.continuation : undefined;
      const previous = secret ? d.widgets.continuedContact(found.widget.id, secret) : undefined;
      let started;
      try {
        started = await d.starter.start(previous ? { ...base, persistentChat: { rehydrationType: 'ENTIRE_PAST_SESSION', sourceContactId: previous } } : base);
      } catch (err) {
        // A previous conversation that cannot be continued (still open elsewhere, already continued) starts afresh.
        if (!previous || !(err instanceof ChatError) || (err.kind !== 'InvalidRequest' && err.kind !== 'NotFound')) throw err;
        started = await d.starter.start(base);
      }
      return reply.send({
        ContactId: started.contactId, ParticipantId: started.participantId, ParticipantToken: started.participantToken,
        ContinuedFromContactId: started.continuedFromContactId, region: d.region, endpoint: d.endpoint(),
        continuation: d.widgets.continuationFor(found.widget.id, started.contactId),
      });
    } catch (err) {
      if (err instanceof ChatError) {
        return reply.code(jsonFaceStatus(err.kind, { session: false })).send({ error: err.kind, message: err.message });
      }
      throw err;
    }
  });
}
