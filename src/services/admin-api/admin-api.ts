// The admin console's own endpoints, for what Amazon Connect has no API for (chat widgets). An administrator logs
// in with the instance's access key pair (the same credentials the Connect API is signed with) and gets a session
// token; everything else the console does goes through the Connect API itself, SigV4-signed from the browser.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChatContext } from '../../chat/chat-context.js';
import { ChatError } from '../../chat/chat-errors.js';
import type { Instances } from '../../chat/instances.js';
import type { WidgetData, Widgets } from '../../routing/widgets.js';

const SESSION_TTL_MS = 8 * 60 * 60_000;
const STATUS: Record<string, number> = { AccessDenied: 401, NotFound: 404, Duplicate: 409, InvalidRequest: 400, InvalidParameter: 400 };

export function registerAdminApi(
  app: FastifyInstance,
  d: { ctx: ChatContext; instances: Instances; widgets: Widgets; keys: { accessKeyId: string; secretAccessKey: string } },
): void {
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  const body = (req: FastifyRequest) => {
    try {
      return (Buffer.isBuffer(req.body) && req.body.length ? JSON.parse(req.body.toString('utf8')) : {}) as Record<string, unknown>;
    } catch {
      throw new ChatError('InvalidRequest', 'The body must be JSON.');
    }
  };
  const handle = (work: (req: FastifyRequest) => Promise<unknown>, authed = true) => async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      if (authed) await d.ctx.tokens.resolve(d.ctx.store, /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '', 'admin-session');
      return reply.send((await work(req)) ?? {});
    } catch (err) {
      if (err instanceof ChatError) return reply.code(STATUS[err.kind] ?? 400).send({ error: err.kind, message: err.message });
      throw err;
    }
  };
  const instanceOf = async (req: FastifyRequest) => (await d.instances.get(String((req.query as { instanceId?: string }).instanceId ?? ''))).id;

  app.post('/admin/v1/login', handle(async (req) => {
    const b = body(req);
    if (!same(String(b.accessKeyId ?? ''), d.keys.accessKeyId) || !same(String(b.secretAccessKey ?? ''), d.keys.secretAccessKey)) {
      throw new ChatError('AccessDenied', 'The access key id or secret access key is not correct.');
    }
    const session = await d.ctx.tokens.issue(d.ctx.store, 'admin-session', 'admin', 'admin', SESSION_TTL_MS);
    return { token: session.token, expiresAt: new Date(session.expiresAt!).toISOString() };
  }, false));

  app.get('/admin/v1/widgets', handle(async (req) => ({
    widgets: (await d.widgets.list(await instanceOf(req))).map((w) => ({ id: w.id, name: w.name, ...w.data })),
  })));

  app.post('/admin/v1/widgets', handle(async (req) => {
    const b = body(req);
    const instanceId = (await d.instances.get(String(b.instanceId ?? ''))).id;
    const widget = await d.widgets.create(instanceId, String(b.name ?? ''), {
      allowedOrigins: b.allowedOrigins as string[], contactFlowId: String(b.contactFlowId ?? ''),
      attributeKeys: (b.attributeKeys as string[]) ?? [], persistentChat: b.persistentChat !== false,
      display: (b.display as WidgetData['display']) ?? { title: 'Chat with us' },
    });
    return { id: widget.id, name: widget.name, ...widget.data };
  }));

  app.delete('/admin/v1/widgets/:id', handle(async (req) => {
    await d.widgets.delete(await instanceOf(req), (req.params as { id: string }).id);
    return {};
  }));
}
