// Contact events (docs/contact-events.md): what Amazon Connect publishes to EventBridge as "Amazon Connect Contact
// Event" — INITIATED, QUEUED, CONNECTED_TO_AGENT, CONTACT_DATA_UPDATED, DISCONNECTED, COMPLETED — with the same
// envelope and detail fields, delivered to configured HTTP endpoints instead of an event bus. An event is appended
// in the transaction of the change it describes (so it exists exactly when the change does), and each endpoint
// receives events in the order they were made from a cursor leased to one node at a time: in order per contact,
// at least once, retried with back-off, across restarts and nodes.
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../clock.js';
import type { ContactRecord, Json, Store } from '../storage/store.js';
import { type ArnContext, arns } from './arns.js';

export type ContactEventType = 'INITIATED' | 'QUEUED' | 'CONNECTED_TO_AGENT' | 'CONTACT_DATA_UPDATED' | 'DISCONNECTED' | 'COMPLETED';

/** Where events go (infrastructure: messaging/http-contact-event-sink.ts). */
export interface ContactEventSink {
  readonly endpoints: string[];
  /** Delivers one event document (its JSON text); false when the endpoint did not take it. */
  deliver(endpoint: string, body: string, eventId: string): Promise<boolean>;
}

/** What the rest of the domain sees: record an event inside its transaction. */
export interface ContactEventLog {
  record(tx: Store, contact: ContactRecord, type: ContactEventType, updatedProperties?: string[]): Promise<void>;
}

const LEASE_MS = 30_000;
const BATCH = 100;

export class ContactEvents implements ContactEventLog {
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly arn: ArnContext,
    private readonly sink: ContactEventSink,
    private readonly logger: { warn(obj: object, msg: string): void },
  ) {}

  async record(tx: Store, contact: ContactRecord, type: ContactEventType, updatedProperties?: string[]): Promise<void> {
    // Nobody listens: nothing is kept (the message path pays nothing for a feature not configured).
    if (!this.sink.endpoints.length) return;
    const now = this.clock.now();
    const id = uuidv7();
    const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : undefined);
    const instanceArn = arns.instance(this.arn, contact.instanceId);
    const contactArn = arns.child(this.arn, contact.instanceId, 'contact', contact.id);
    const detail = {
      eventType: type,
      contactId: contact.id,
      initialContactId: contact.initialContactId,
      ...(contact.previousContactId ? { previousContactId: contact.previousContactId } : {}),
      channel: 'CHAT',
      instanceArn,
      initiationMethod: contact.initiationMethod,
      initiationTimestamp: iso(contact.initiatedAt),
      ...(contact.queueInfo && !contact.queueInfo.queueId.startsWith('agent:') ? {
        queueInfo: { queueArn: arns.child(this.arn, contact.instanceId, 'queue', contact.queueInfo.queueId), queueType: 'STANDARD', enqueueTimestamp: iso(contact.queueInfo.enqueuedAt) },
      } : {}),
      ...(contact.agentInfo ? {
        agentInfo: { agentArn: arns.child(this.arn, contact.instanceId, 'agent', contact.agentInfo.userId), connectedToAgentTimestamp: iso(contact.agentInfo.connectedAt) },
      } : {}),
      ...(contact.disconnectedAt ? { disconnectTimestamp: iso(contact.disconnectedAt) } : {}),
      ...(contact.disconnectReason ? { disconnectReason: contact.disconnectReason } : {}),
      ...(updatedProperties ? { updatedProperties } : {}),
      tags: { 'aws:connect:instanceId': contact.instanceId },
    };
    const body = {
      version: '0', id, 'detail-type': 'Amazon Connect Contact Event', source: 'aws.connect', account: this.arn.accountId,
      time: new Date(now).toISOString(), region: this.arn.region, resources: [contactArn, instanceArn], detail,
    };
    await tx.appendContactEvent({ id, instanceId: contact.instanceId, contactId: contact.id, at: now, body: body as unknown as Json });
  }

  /** Creates each endpoint's cursor at the newest event: a newly configured endpoint gets what happens from now on. */
  async begin(everyMs = 200): Promise<void> {
    if (!this.sink.endpoints.length) return;
    const newest = (await this.store.newestContactEventId()) ?? null;
    for (const endpoint of this.sink.endpoints) await this.store.ensureContactEventCursor({ endpoint, deliveredThrough: newest, leaseUntil: null, failures: 0 });
    this.interval = setInterval(() => void this.deliverDue().catch((err) => this.logger.warn({ err }, 'contact event delivery failed')), everyMs);
    this.interval.unref();
  }

  async end(): Promise<void> {
    clearInterval(this.interval);
    await this.running?.catch(() => {});
  }

  /** Delivers what is due to every endpoint this node can lease; overlapping calls share one pass. */
  deliverDue(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    for (const endpoint of this.sink.endpoints) {
      // Leases are wall-clock time (node liveness), as timer and stream leases are.
      const now = Date.now();
      if (await this.store.claimContactEventCursor(endpoint, now, now + LEASE_MS)) await this.deliverTo(endpoint);
    }
  }

  private async deliverTo(endpoint: string): Promise<void> {
    const cursor = (await this.store.getContactEventCursor(endpoint))!;
    let through = cursor.deliveredThrough;
    for (const event of await this.store.listContactEvents(through, BATCH)) {
      if (!(await this.sink.deliver(endpoint, JSON.stringify(event.body), event.id))) {
        // Back-off: 1 s, 2 s, 4 s … at most a minute; the lease holds the endpoint (and its order) until then.
        const failures = cursor.failures + 1;
        await this.store.updateContactEventCursor(endpoint, { deliveredThrough: through, failures, leaseUntil: Date.now() + Math.min(60_000, 1000 * 2 ** (failures - 1)) });
        return;
      }
      through = event.id;
      await this.store.updateContactEventCursor(endpoint, { deliveredThrough: through, failures: 0 });
    }
    await this.store.updateContactEventCursor(endpoint, { leaseUntil: null });
  }
}
