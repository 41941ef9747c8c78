// The endpoint a widget on a customer's page calls to start (or continue) a chat — the way Amazon's hosted
// communications widget starts chats through a server — plus the widget's public display configuration. Only
// pages whose Origin is one of the widget's allowed origins get an answer (and CORS headers for it).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChatError } from '../../chat/chat-errors.js';
import type { ChatStarter } from '../../chat/start-chat.js';
import type { Widgets } from '../../routing/widgets.js';
import { jsonObjectBody } from '../json-body.js';

type WidgetRequest = FastifyRequest<{ Params: { widgetId: string } }>;

export const WIDGET_CONTENT_TYPES = [
  'text/plain', 'text/markdown', 'application/vnd.amazonaws.connect.message.interactive',
  'application/vnd.amazonaws.connect.message.interactive.response',
];

export function registerWidgetApi(app: FastifyInstance, d: { widgets: Widgets; starter: ChatStarter; region: string; endpoint: () => string }): void {
  const allowed = async (req: WidgetRequest, reply: FastifyReply) => {
    const found = await d.widgets.find(req.params.widgetId);
    const origin = req.headers.origin ?? '';
    if (!found || !found.widget.data.allowedOrigins.includes(origin)) {
      await reply.code(403).send({ message: 'This page is not allowed to use this widget.' });
      return undefined;
    }
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    return found;
  };

  app.get('/widget/v1/:widgetId/config', async (req: WidgetRequest, reply) => {
    const found = await allowed(req, reply);
    if (!found) return reply;
    const { display, persistentChat } = found.widget.data;
    return reply.send({ widgetId: found.widget.id, display, persistentChat, region: d.region, endpoint: d.endpoint() });
  });

  app.post('/widget/v1/:widgetId/chats', async (req: WidgetRequest, reply) => {
    const found = await allowed(req, reply);
    if (!found) return reply;
    try {
      const body = jsonObjectBody(req.body);
      const displayName = typeof body.displayName === 'string' && body.displayName.trim() ? body.displayName.trim().slice(0, 256) : 'Customer';
      const passed = (body.attributes && typeof body.attributes === 'object' ? body.attributes : {}) as Record<string, unknown>;
      const attributes = Object.fromEntries(Object.entries(passed)
        .filter(([k, v]) => found.widget.data.attributeKeys.includes(k) && typeof v === 'string')) as Record<string, string>;
      const base = {
        instanceId: found.instanceId, contactFlowId: found.widget.data.contactFlowId, displayName, attributes,
        supportedMessagingContentTypes: WIDGET_CONTENT_TYPES,
        // When the customer closes the widget's chat, the agent is released too (into after-contact work), so the
        // conversation ends and a returning customer can continue it.
        disconnectOnCustomerExit: ['AGENT'],
      };
      const previous = typeof body.previousContactId === 'string' && found.widget.data.persistentChat ? body.previousContactId : undefined;
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
      });
    } catch (err) {
      if (err instanceof ChatError) return reply.code(err.kind === 'LimitExceeded' ? 429 : 400).send({ message: err.message });
      throw err;
    }
  });
}

