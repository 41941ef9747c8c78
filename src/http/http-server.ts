// The one HTTP server: Fastify carrying the AWS face (every modelled path, raw body kept for SigV4),
// Switchboard's own JSON APIs and web faces, CORS only where a browser on another origin is meant to call, a
// health check, and websocket upgrades handed to the realtime layer. Every refusal the framework itself makes
// (body too large, undecodable URL, unexpected failure) is answered in the shape of the face the path belongs
// to: restJson1 errors with x-amzn-ErrorType on the AWS face, {"error","message"} on Switchboard's own APIs.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { ServerMetrics } from './server-metrics.js';
import type { OperationDispatcher } from '../aws-protocol/operation-dispatcher.js';
import { ServiceError, frameworkErrors } from '../aws-protocol/service-errors.js';
import type { Logger } from '../logger.js';
import { refuseUpgrade } from '../realtime/socket-guard.js';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export interface HttpServerOptions {
  /** Largest body on every route that does not set its own limit. */
  maxBodyBytes: number;
  /** Proxies whose X-Forwarded-For is believed for the client address (req.ip). */
  trustedProxies: string[];
  metrics: ServerMetrics;
  /** Whether the node can serve: its store and bus answer (throws the reason otherwise). */
  ready: () => Promise<void>;
}

/** CORS for chatjs in a page of any origin: the Participant Service and the attachment URLs it hands out. */
export const PARTICIPANT_CORS_HEADERS = {
  'access-control-allow-methods': 'GET,POST,PUT,DELETE,OPTIONS',
  'access-control-allow-headers':
    'authorization,content-type,content-disposition,x-amz-bearer,x-amz-date,x-amz-user-agent,x-amz-content-sha256,x-amz-security-token,amz-sdk-invocation-id,amz-sdk-request',
  'access-control-expose-headers': 'x-amzn-requestid,x-amzn-errortype,date',
  'access-control-max-age': '600',
};

/** Paths of Switchboard's own APIs and pages; everything else is the AWS face. */
const OWN_PATHS = [/^\/(agent|admin|widget)\/v1(\/|\?|$)/, /^\/attachments\//, /^\/web\//, /^\/(workspace|admin|health|ready|metrics)\/?(\?|$)/];

export function isAwsFacePath(url: string): boolean {
  return !OWN_PATHS.some((re) => re.test(url));
}

/** Pages on any origin call these (chatjs does); tokens, not cookies, authorize them, as on Amazon's endpoint. */
function isOpenToAnyOrigin(url: string): boolean {
  return url.startsWith('/participant/') || url.startsWith('/attachments/');
}

export function createHttpServer(
  dispatcher: OperationDispatcher,
  logger: Logger,
  upgrades: UpgradeHandler[],
  options: HttpServerOptions,
  routes: (app: FastifyInstance) => void = () => {},
) {
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.maxBodyBytes,
    trustProxy: options.trustedProxies.length ? options.trustedProxies : false,
    // An undecodable path never reaches a route: answer it in the shape of its face.
    frameworkErrors: (error, req, reply) => void refuse(error, req, reply),
  });
  // Keep every body as raw bytes: SigV4 is verified over them before any JSON parsing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const refuse = async (error: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const url = req.raw.url ?? '/';
    const status = (error as FastifyError).statusCode ?? 500;
    if (isAwsFacePath(url)) {
      const refusal = status === 413 ? frameworkErrors.requestTooLarge(options.maxBodyBytes)
        : status < 500 ? frameworkErrors.serialization(status === 400 ? 'The request could not be read.' : error.message)
        : error;
      const response = dispatcher.refuse(req.method, splitUrl(url)[0], refusal instanceof ServiceError ? refusal : error);
      options.metrics.observeAws(response.operation, response.status, 0);
      return reply.code(response.status).headers(response.headers).send(response.body);
    }
    if (status >= 500) {
      req.log.error({ err: error, requestId: req.id }, 'unexpected error');
      return reply.code(500).send({ error: 'Internal', message: `Internal error (request id ${req.id}).` });
    }
    const message = status === 413 ? `The request body is larger than ${options.maxBodyBytes} bytes.` : 'The request could not be read.';
    return reply.code(status).send({ error: status === 413 ? 'RequestTooLarge' : 'InvalidRequest', message });
  };
  app.setErrorHandler(refuse);

  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin && isOpenToAnyOrigin(req.url)) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  });

  // /health: the process is up. /ready: it can serve (store and bus answer) — for a balancer's health check.
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    try {
      await options.ready();
      return { status: 'ready' };
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable', reason: (err as Error).message });
    }
  });
  app.get('/metrics', async (_req, reply) => reply.header('content-type', options.metrics.registry.contentType).send(await options.metrics.registry.metrics()));
  routes(app as unknown as FastifyInstance);

  app.all('/*', async (req, reply) => {
    if (req.method === 'OPTIONS' && isOpenToAnyOrigin(req.url)) return reply.code(204).headers(PARTICIPANT_CORS_HEADERS).send();
    const [rawPath, rawQuery] = splitUrl(req.raw.url ?? '/');
    const started = performance.now();
    const response = await dispatcher.dispatch({
      method: req.method,
      rawPath,
      rawQuery,
      headers: req.headers,
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    });
    const seconds = (performance.now() - started) / 1000;
    options.metrics.observeAws(response.operation, response.status, seconds);
    // One structured line per AWS-face call: debug when it succeeded, info when it was refused (5xx are logged as
    // errors where they happen, with their cause).
    const line = { requestId: response.headers['x-amzn-requestid'], operation: response.operation, status: response.status, ms: Math.round(seconds * 1000), contactId: response.contactId };
    if (response.status >= 400) logger.info(line, 'aws request refused');
    else logger.debug(line, 'aws request');
    return reply.code(response.status).headers(response.headers).send(response.body);
  });

  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A peer may reset the connection at any moment; without a listener that would be an uncaught error.
    socket.on('error', () => socket.destroy());
    try {
      if (!upgrades.some((handle) => handle(req, socket, head))) refuseUpgrade(socket, 404, 'Not Found', 'No websocket is served at this path.');
    } catch (err) {
      logger.error({ err }, 'websocket upgrade failed');
      refuseUpgrade(socket, 400, 'Bad Request', 'The upgrade request could not be read.');
    }
  });
  return app;
}

function splitUrl(url: string): [string, string] {
  const q = url.indexOf('?');
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
}
