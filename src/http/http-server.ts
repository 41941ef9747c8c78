// The one HTTP server: Fastify carrying the AWS face (every modelled path, raw body kept for SigV4),
// CORS for browser callers of the Participant Service (chatjs calls it straight from the page), a health
// check, and websocket upgrades handed to the realtime layer.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { OperationDispatcher } from '../aws-protocol/operation-dispatcher.js';
import type { Logger } from '../logger.js';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

const CORS_HEADERS = {
  'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS',
  'access-control-allow-headers':
    'authorization,content-type,content-disposition,x-amz-bearer,x-amz-date,x-amz-user-agent,x-amz-content-sha256,x-amz-security-token,amz-sdk-invocation-id,amz-sdk-request',
  'access-control-expose-headers': 'x-amzn-requestid,x-amzn-errortype,date',
  'access-control-max-age': '600',
};

export function createHttpServer(
  dispatcher: OperationDispatcher,
  logger: Logger,
  upgrades: UpgradeHandler[],
  routes: (app: FastifyInstance) => void = () => {},
) {
  const app = Fastify({ loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: 4 * 1024 * 1024 });
  // Keep every body as raw bytes: SigV4 is verified over them before any JSON parsing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  // Pages call the Participant Service and attachment URLs directly (chatjs does), so those answer any origin, as
  // Amazon's participant endpoint does (tokens, not cookies, authorize them). Widget routes decide for themselves
  // (allowed origins); preflights reveal nothing and are answered for every path.
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    const open = req.method === 'OPTIONS' || req.url.startsWith('/participant/') || req.url.startsWith('/attachments/');
    if (origin && open) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  });

  app.get('/health', async () => ({ status: 'ok' }));
  routes(app as unknown as FastifyInstance);

  app.all('/*', async (req, reply) => {
    if (req.method === 'OPTIONS') {
      return reply.code(204).headers(CORS_HEADERS).send();
    }
    const [rawPath, rawQuery = ''] = splitUrl(req.raw.url ?? '/');
    const response = await dispatcher.dispatch({
      method: req.method,
      rawPath,
      rawQuery,
      headers: req.headers,
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    });
    return reply.code(response.status).headers(response.headers).send(response.body);
  });

  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!upgrades.some((handle) => handle(req, socket, head))) socket.destroy();
  });
  return app;
}

function splitUrl(url: string): [string, string] {
  const q = url.indexOf('?');
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
}
