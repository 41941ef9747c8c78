// The attachment upload and download URLs Switchboard hands out (instead of S3 presigned URLs): a PUT of the file
// with the HeadersToInclude, and a GET of an approved attachment, each valid only with its signature until its
// expiry. Browsers reach them cross-origin (chatjs uploads straight from the page), so CORS applies.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Attachments, MAX_ATTACHMENT_BYTES } from '../../chat/attachments.js';
import { ChatError } from '../../chat/chat-errors.js';
import { jsonFaceStatus } from '../json-face-errors.js';

type Signed = FastifyRequest<{ Params: { id: string }; Querystring: { expires?: string; signature?: string } }>;

export function registerAttachmentRoutes(app: FastifyInstance, attachments: Attachments): void {
  const fail = (reply: FastifyReply, err: unknown) => {
    if (err instanceof ChatError) return reply.code(jsonFaceStatus(err.kind, { session: false })).send({ message: err.message });
    app.log.error({ err }, 'attachment transfer failed');
    return reply.code(500).send({ message: 'Internal error' });
  };
  const signed = (req: Signed, action: 'upload' | 'download') =>
    attachments.verify(action, req.params.id, req.query.expires ?? '', req.query.signature ?? '');

  app.put('/attachments/:id', { bodyLimit: MAX_ATTACHMENT_BYTES + 1024 }, async (req: Signed, reply) => {
    if (!signed(req, 'upload')) return reply.code(403).send({ message: 'The upload URL is not valid or has expired.' });
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      await attachments.receive(req.params.id, Readable.from([body]), req.headers['content-type']);
      return reply.code(200).send();
    } catch (err) {
      return fail(reply, err);
    }
  });

  app.get('/attachments/:id', async (req: Signed, reply) => {
    if (!signed(req, 'download')) return reply.code(403).send({ message: 'The download URL is not valid or has expired.' });
    try {
      const { attachment, body, size } = await attachments.open(req.params.id);
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', String(size))
        .header('content-disposition', `attachment; filename="${encodeURIComponent(attachment.name)}"`)
        .header('x-content-type-options', 'nosniff')
        .send(body);
    } catch (err) {
      return fail(reply, err);
    }
  });
}
