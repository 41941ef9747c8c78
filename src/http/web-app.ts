// Serves the built web faces (web/dist: the chat widget script, the agent workspace, the admin console) and the
// amazon-connect-chatjs browser bundle the widget and workspace load. Built by `npm run build:web`.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export function registerWebApp(app: FastifyInstance): void {
  const chatjs = createRequire(import.meta.url).resolve('amazon-connect-chatjs/dist/amazon-connect-chat.js');
  void app.register(fastifyStatic, { root: dirname(chatjs), prefix: '/web/vendor/', decorateReply: false, allowedPath: (p) => p === '/amazon-connect-chat.js' });
  if (!existsSync(WEB_DIST)) {
    app.log.warn(`web faces are not built (${WEB_DIST} is missing): run npm run build:web`);
    return;
  }
  void app.register(fastifyStatic, { root: WEB_DIST, prefix: '/web/', decorateReply: false });
  // A newcomer's first stop, and the faces with or without a trailing slash.
  app.get('/', async (_req, reply) => reply.redirect('/web/landing/index.html'));
  for (const face of ['workspace', 'admin']) {
    app.get(`/${face}`, async (_req, reply) => reply.redirect(`/web/${face}/index.html`));
    app.get(`/${face}/`, async (_req, reply) => reply.redirect(`/web/${face}/index.html`));
  }
}
