// StartContactStreaming / StopContactStreaming: a chat's transcript items delivered, in order, to the endpoint an
// SNS topic ARN is mapped to (the StreamSink port; the HTTP one posts SNS notifications). Each stream keeps how far
// it went, and delivery is leased to one node at a time, so items go out in order and at least once, across
// restarts and nodes; a failed delivery is retried with back-off. Typing events are not kept in transcripts and
// are not streamed.
import { randomUUID } from 'node:crypto';
import type { ContactStreamRecord, Store } from '../storage/store.js';
import { ChatError } from './chat-errors.js';
import type { ChatContext } from './chat-context.js';
import type { Contacts } from './contacts.js';
import { EventContentType } from './content-types.js';
import { recordIdempotent, replayFor, requestHash, withIdempotencyRace } from './idempotency.js';
import { toWireItem } from './transcript.js';

/** Where streamed items go (infrastructure: messaging/http-stream-sink.ts). */
export interface StreamSink {
  /** Whether any endpoint is configured (without one no chat can be streamed). */
  readonly configured: boolean;
  /** Whether an endpoint is configured for this topic ARN. */
  accepts(endpointArn: string): boolean;
  /** Delivers one item with its SNS message attributes; false when the endpoint did not take it. */
  deliver(endpointArn: string, message: object, attributes: Record<string, string>): Promise<boolean>;
}

/** API reference (StartContactStreaming, LimitExceededException): up to two streams per contact. */
const MAX_STREAMS_PER_CHAT = 2;
const SNS_TOPIC_ARN = /^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/;
const LEASE_MS = 30_000;
const BATCH = 100;

export class ChatStreams {
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly ctx: ChatContext, private readonly contacts: Contacts, private readonly sink: StreamSink) {}

  /**
   * Starts streaming a live chat. Items already in its transcript are not streamed, unless `fromBeginning` (a chat
   * an integration started, whose customer must see the flow's first messages too).
   */
  async start(instanceId: string, contactId: string, endpointArn: string, clientToken?: string, fromBeginning = false): Promise<string> {
    if (!SNS_TOPIC_ARN.test(endpointArn)) throw new ChatError('InvalidParameter', `StreamingEndpointArn ${endpointArn} is not an Amazon SNS topic ARN.`);
    if (!this.sink.accepts(endpointArn)) {
      throw new ChatError('InvalidRequest', `No delivery endpoint is configured for ${endpointArn} (SWITCHBOARD_STREAMING_ENDPOINTS).`);
    }
    const scope = `StartContactStreaming:${instanceId}`;
    const hash = requestHash({ contactId, endpointArn });
    return withIdempotencyRace(() => this.ctx.store.transaction(async (tx) => {
      const replay = await replayFor<{ id: string }>(tx, scope, clientToken, hash);
      if (replay) return replay.id;
      const contact = await this.contacts.get(tx, instanceId, contactId);
      if (contact.state !== 'ACTIVE') throw new ChatError('InvalidRequest', `Contact ${contactId} is not active: only a live chat can be streamed.`);
      const active = (await tx.listContactStreams(contact.initialContactId)).filter((s) => s.stoppedAt === null);
      const same = active.find((s) => s.endpointArn === endpointArn);
      if (same) return same.id;
      if (active.length >= MAX_STREAMS_PER_CHAT) throw new ChatError('LimitExceeded', `A chat streams to at most ${MAX_STREAMS_PER_CHAT} endpoints.`);
      const [newest] = fromBeginning ? [] : await tx.listTranscriptItems({ initialContactId: contact.initialContactId, order: 'desc', limit: 1 });
      const stream: ContactStreamRecord = {
        id: randomUUID(), instanceId, initialContactId: contact.initialContactId, endpointArn, createdAt: this.ctx.clock.now(),
        stoppedAt: null, deliveredThrough: newest?.id ?? null, leaseUntil: null, failures: 0,
      };
      await tx.insertContactStream(stream);
      if (clientToken) await recordIdempotent(tx, scope, clientToken, hash, { id: stream.id }, this.ctx.clock.now());
      return stream.id;
    }), async (winner: { id: string }) => winner.id);
  }

  async stop(instanceId: string, contactId: string, streamingId: string): Promise<void> {
    const { store } = this.ctx;
    const contact = await this.contacts.get(store, instanceId, contactId);
    const stream = await store.getContactStream(streamingId);
    if (!stream || stream.initialContactId !== contact.initialContactId) {
      throw new ChatError('NotFound', `Streaming ${streamingId} of contact ${contactId} not found.`);
    }
    if (stream.stoppedAt === null) await store.updateContactStream(stream.id, { stoppedAt: this.ctx.clock.now() });
  }

  /** Delivers what is due on every stream this node can lease; overlapping calls share one pass. */
  deliverDue(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  begin(everyMs = 200): void {
    // With no endpoint configured StartContactStreaming refuses every stream, so there is nothing to poll for (the
    // poll was most of an idle server's CPU).
    if (!this.sink.configured) return;
    this.interval = setInterval(() => void this.deliverDue().catch((err) => this.ctx.logger.warn({ err }, 'chat streaming failed')), everyMs);
    this.interval.unref();
  }

  async end(): Promise<void> {
    clearInterval(this.interval);
    await this.running?.catch(() => {});
  }

  private async pass(): Promise<void> {
    const { store } = this.ctx;
    // Leases are wall-clock time (node liveness), as timer leases are.
    const now = Date.now();
    for (const stream of await store.listDeliverableStreams(now, 50)) {
      if (await store.claimContactStream(stream.id, now, now + LEASE_MS)) await this.deliverStream(store, stream);
    }
  }

  private async deliverStream(store: Store, stream: ContactStreamRecord): Promise<void> {
    const items = await store.listTranscriptItems({
      initialContactId: stream.initialContactId, afterId: stream.deliveredThrough ?? undefined, order: 'asc', limit: BATCH,
    });
    let through = stream.deliveredThrough;
    for (const item of items) {
      const wire = toWireItem(item);
      const ok = await this.sink.deliver(stream.endpointArn, wire, {
        InitialContactId: item.initialContactId, ContactId: item.contactId, ParticipantRole: item.participantRole ?? 'SYSTEM',
        InstanceId: stream.instanceId, AccountId: this.ctx.settings.arn.accountId, Type: item.type, ContentType: item.contentType,
        MessageVisibility: 'ALL',
      });
      if (!ok) {
        // Back-off: 1 s, 2 s, 4 s … at most a minute; the lease holds the stream until then.
        const failures = stream.failures + 1;
        await store.updateContactStream(stream.id, { deliveredThrough: through, failures, leaseUntil: Date.now() + Math.min(60_000, 1000 * 2 ** (failures - 1)) });
        return;
      }
      through = item.id;
      await store.updateContactStream(stream.id, { deliveredThrough: through, failures: 0 });
      // The chat ended: nothing follows chat.ended, so the stream is done.
      if (item.contentType === EventContentType.chatEnded) {
        await store.updateContactStream(stream.id, { stoppedAt: this.ctx.clock.now(), leaseUntil: null });
        return;
      }
    }
    await store.updateContactStream(stream.id, { leaseUntil: null });
  }
}
