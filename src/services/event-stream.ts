// Server-sent events (text/event-stream) for the faces' live views: one `data:` line of JSON per change, a comment
// every 15 s so proxies keep the connection, and the watch stopped when the client goes away or the server stops
// (`closing`: a stream left open would hold the server's shutdown).
import type { FastifyReply, FastifyRequest } from 'fastify';

export function streamEvents(req: FastifyRequest, reply: FastifyReply, closing: AbortSignal, watch: (send: (data: unknown) => void) => () => void): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write(': live\n\n');
  const stop = watch((data) => res.write(`data: ${JSON.stringify(data)}\n\n`));
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  const end = () => {
    clearInterval(keepAlive);
    stop();
    closing.removeEventListener('abort', end);
    if (!res.writableEnded) res.end();
  };
  req.raw.on('close', end);
  closing.addEventListener('abort', end);
}
