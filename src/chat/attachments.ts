// Chat attachments as the Participant Service does them: StartAttachmentUpload hands out a signed, expiring upload
// URL that Switchboard serves itself (the client PUTs the file with HeadersToInclude), CompleteAttachmentUpload
// checks the upload and adds an ATTACHMENT item to the transcript, GetAttachment hands out a signed download URL.
// Rules from Amazon's feature limits: the documented file types, at most 20 MB, at most 35 per chat
// (ServiceQuotaExceededException); CUSTOM_BOT participants cannot download (AccessDenied).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store.js';
import { BlobTooLargeError } from '../blobs/blob-store.js';
import type { AttachmentRecord, Store } from '../storage/store.js';
import type { ChatContext } from './chat-context.js';
import { ChatError } from './chat-errors.js';
import { recordIdempotent, replayFor, requestHash, withIdempotencyRace } from './idempotency.js';
import { Outbox, flushOutbox } from './outbox.js';
import type { Participants } from './participants.js';
import { toWireItem } from './transcript.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_CHAT = 35;
const UPLOAD_URL_TTL_MS = 5 * 60_000;

/** File extensions and the content types each may be sent with (Amazon Connect feature specifications). */
const TYPES: Record<string, string[]> = {
  csv: ['text/csv'], doc: ['application/msword'], docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  heic: ['image/heic'], jfif: ['image/jpeg'], jpeg: ['image/jpeg'], jpg: ['image/jpeg'], mov: ['video/quicktime'], mp4: ['video/mp4'],
  pdf: ['application/pdf'], png: ['image/png'], ppt: ['application/vnd.ms-powerpoint'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'], rtf: ['application/rtf', 'text/rtf'],
  txt: ['text/plain'], wav: ['audio/wav', 'audio/x-wav', 'audio/vnd.wave'], xls: ['application/vnd.ms-excel'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
};

export type AttachmentUrlAction = 'upload' | 'download';

export class Attachments {
  private readonly secret: Buffer;

  constructor(private readonly ctx: ChatContext, private readonly participants: Participants, private readonly blobs: BlobStore, secret: string) {
    // Upload/download URLs are signed with a key derived from the server's secret, the same on every node.
    this.secret = createHmac('sha256', secret).update('switchboard attachment urls').digest();
  }

  async start(connectionToken: string, req: { contentType: string; size: number; name: string; clientToken: string }) {
    const { store, clock } = this.ctx;
    const extension = /\.([A-Za-z0-9]+)$/.exec(req.name)?.[1]?.toLowerCase() ?? '';
    const allowed = TYPES[extension];
    if (!allowed || !allowed.includes(req.contentType.toLowerCase())) {
      throw new ChatError('InvalidRequest', `Attachments of type ${req.contentType} named *.${extension || '?'} are not supported. Supported: ${Object.keys(TYPES).map((e) => `.${e}`).join(', ')}.`);
    }
    if (req.size > MAX_ATTACHMENT_BYTES) throw new ChatError('InvalidRequest', `Attachments may be at most ${MAX_ATTACHMENT_BYTES} bytes (20 MB).`);
    const hash = requestHash({ contentType: req.contentType, size: req.size, name: req.name });
    return withIdempotencyRace(() => store.transaction(async (tx) => {
      const { participant, contact } = await this.participants.session(tx, connectionToken, 'connection');
      const scope = `StartAttachmentUpload:${participant.id}`;
      const replay = await replayFor<{ id: string }>(tx, scope, req.clientToken, hash);
      const id = replay?.id ?? randomUUID();
      if (!replay) {
        if ((await tx.countAttachments(contact.initialContactId)) >= MAX_ATTACHMENTS_PER_CHAT) {
          throw new ChatError('QuotaExceeded', `The maximum number of attachments allowed per chat (${MAX_ATTACHMENTS_PER_CHAT}) has been reached.`);
        }
        await tx.insertAttachment({
          id, initialContactId: contact.initialContactId, contactId: contact.id, participantId: participant.id, name: req.name,
          contentType: req.contentType, declaredSize: req.size, size: null, status: 'PENDING_UPLOAD', createdAt: clock.now(),
        });
        await recordIdempotent(tx, scope, req.clientToken, hash, { id }, clock.now());
      }
      const expires = clock.now() + UPLOAD_URL_TTL_MS;
      return {
        attachmentId: id,
        url: this.signedUrl('upload', id, expires),
        urlExpiry: new Date(expires).toISOString(),
        headersToInclude: { 'Content-Type': req.contentType, 'Content-Disposition': `attachment; filename="${encodeURIComponent(req.name)}"` },
      };
    }), async (winner: { id: string }) => ({
      attachmentId: winner.id, url: this.signedUrl('upload', winner.id, clock.now() + UPLOAD_URL_TTL_MS),
      urlExpiry: new Date(clock.now() + UPLOAD_URL_TTL_MS).toISOString(), headersToInclude: { 'Content-Type': req.contentType },
    }));
  }

  /**
   * The PUT to an upload URL: the bytes go to the BlobStore, at most the announced size. As with an S3 presigned URL
   * that signs Content-Type, the upload must carry the declared content type; and only while the uploader is still
   * in a live chat (a URL that outlives its chat uploads nothing).
   */
  async receive(id: string, body: Readable, contentType: string | undefined): Promise<void> {
    const { store } = this.ctx;
    const attachment = await store.getAttachment(id);
    if (!attachment) throw new ChatError('NotFound', 'No such attachment.');
    if (attachment.status !== 'PENDING_UPLOAD') throw new ChatError('Conflict', 'This attachment was already uploaded.');
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== attachment.contentType.toLowerCase()) {
      throw new ChatError('AccessDenied', `The upload must be sent with Content-Type ${attachment.contentType}, as declared in StartAttachmentUpload.`);
    }
    const uploader = await store.getParticipant(attachment.participantId);
    const chat = uploader && (await store.getContact(uploader.contactId));
    if (!uploader || uploader.state !== 'JOINED' || chat?.state !== 'ACTIVE') throw new ChatError('AccessDenied', 'The chat of this upload has ended.');
    let size: number;
    try {
      size = await this.blobs.put(blobKey(attachment), body, { contentType: attachment.contentType, maxBytes: attachment.declaredSize });
    } catch (err) {
      if (err instanceof BlobTooLargeError) throw new ChatError('InvalidRequest', 'The upload is larger than the announced AttachmentSizeInBytes.');
      throw err;
    }
    await store.updateAttachment(id, { status: 'UPLOADED', size });
  }

  async complete(connectionToken: string, attachmentIds: string[], clientToken: string): Promise<void> {
    const { store, transcript } = this.ctx;
    const outbox = new Outbox();
    // A request that lost a race for its ClientToken answers as the first one did: nothing to return.
    await withIdempotencyRace(() => store.transaction(async (tx) => {
      const { participant, contact } = await this.participants.session(tx, connectionToken, 'connection');
      const scope = `CompleteAttachmentUpload:${participant.id}`;
      const hash = requestHash({ attachmentIds });
      if (await replayFor(tx, scope, clientToken, hash)) return;
      for (const id of attachmentIds) {
        const a = await tx.getAttachment(id);
        if (!a || a.participantId !== participant.id) throw new ChatError('InvalidRequest', `Attachment ${id} is not one of yours.`);
        // API reference: ConflictException "when an attachment with that identifier is already being uploaded".
        if (a.status === 'PENDING_UPLOAD') throw new ChatError('Conflict', `Attachment ${id} is still being uploaded.`);
        if (a.status !== 'UPLOADED') throw new ChatError('InvalidRequest', `Attachment ${id} was already completed.`);
        const status = a.size === a.declaredSize ? 'APPROVED' : 'REJECTED';
        await tx.updateAttachment(id, { status });
        const item = transcript.create({
          contactId: contact.id, initialContactId: contact.initialContactId, type: 'ATTACHMENT', contentType: a.contentType, from: participant,
        });
        item.attachments = [{ ContentType: a.contentType, AttachmentId: a.id, AttachmentName: a.name, Status: status }];
        await tx.appendTranscriptItem(item);
        outbox.push({ item: toWireItem(item) });
      }
      await recordIdempotent(tx, scope, clientToken, hash, {}, this.ctx.clock.now());
    }), async () => {}, outbox);
    await flushOutbox(this.ctx, outbox);
  }

  async get(connectionToken: string, attachmentId: string, expirySeconds = 300) {
    const { store, clock } = this.ctx;
    const { participant, contact } = await this.participants.session(store, connectionToken, 'connection');
    if (participant.role === 'CUSTOM_BOT') throw new ChatError('AccessDenied', 'Custom bot participants cannot download attachments.');
    const a = await store.getAttachment(attachmentId);
    if (!a || !(await this.visibleIn(store, a, contact.initialContactId))) throw new ChatError('InvalidRequest', `Attachment ${attachmentId} is not in this chat.`);
    if (a.status !== 'APPROVED') throw new ChatError('InvalidRequest', `Attachment ${attachmentId} is not available (${a.status}).`);
    const expires = clock.now() + expirySeconds * 1000;
    return { url: this.signedUrl('download', a.id, expires), urlExpiry: new Date(expires).toISOString(), size: a.size ?? a.declaredSize };
  }

  /** A download URL for an administrator reviewing a contact of the instance (the admin console's transcript viewer). */
  async reviewUrl(instanceId: string, attachmentId: string): Promise<string> {
    const { store, clock } = this.ctx;
    const a = await store.getAttachment(attachmentId);
    const contact = a && (await store.getContact(a.contactId));
    if (!a || contact?.instanceId !== instanceId || a.status !== 'APPROVED') throw new ChatError('NotFound', 'No such attachment in this instance.');
    return this.signedUrl('download', a.id, clock.now() + 300_000);
  }

  /** The GET of a download URL. */
  async open(id: string): Promise<{ attachment: AttachmentRecord; body: Readable; size: number }> {
    const a = await this.ctx.store.getAttachment(id);
    const blob = a && a.status === 'APPROVED' ? await this.blobs.get(blobKey(a)) : undefined;
    if (!a || !blob) throw new ChatError('NotFound', 'No such attachment.');
    return { attachment: a, body: blob.body, size: blob.info.size };
  }

  /** Checks a signed URL's signature and expiry (wall-clock: URLs leave the process). */
  verify(action: AttachmentUrlAction, id: string, expires: string, signature: string): boolean {
    // Exactly 64 hex digits and a plain number: Buffer.from(…, 'hex') would stop at the first bad character.
    if (!/^[0-9a-f]{64}$/.test(signature) || !/^\d{1,15}$/.test(expires)) return false;
    const expected = this.signature(action, id, Number(expires));
    const given = Buffer.from(signature, 'hex');
    return Number(expires) > Date.now() && given.length === expected.length && timingSafeEqual(given, expected);
  }

  private signedUrl(action: AttachmentUrlAction, id: string, expires: number): string {
    // Expiry in wall-clock time even when the domain clock is moved: the URL is checked against the real clock.
    const wallExpires = Date.now() + (expires - this.ctx.clock.now());
    return `${this.ctx.settings.httpBaseUrl}/attachments/${id}?expires=${wallExpires}&signature=${this.signature(action, id, wallExpires).toString('hex')}`;
  }

  private signature(action: AttachmentUrlAction, id: string, expires: number): Buffer {
    return createHmac('sha256', this.secret).update(`${action}:${id}:${expires}`).digest();
  }

  /** Attachments of the chat itself, or of a past chat it continues (persistent chat). */
  private async visibleIn(store: Store, a: AttachmentRecord, initialContactId: string): Promise<boolean> {
    if (a.initialContactId === initialContactId) return true;
    for (let link = await store.getPersistentLinkForChat(initialContactId), hops = 0; link && hops < 100; hops++) {
      const from = await store.getContact(link.continuedFromContactId);
      if (from?.initialContactId === a.initialContactId) return true;
      link = from ? await store.getPersistentLinkForChat(from.initialContactId) : undefined;
    }
    return false;
  }
}

function blobKey(a: AttachmentRecord): string {
  return `attachments/${a.initialContactId}/${a.id}`;
}
