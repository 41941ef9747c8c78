// The chain of contact segments of one chat (InitialContactId / PreviousContactId / NextContactId): a new
// segment on an agent transfer (TRANSFER), a queue transfer from a customer queue flow (QUEUE_TRANSFER) or a
// disconnect flow (DISCONNECT). The customer and any bot move to the new segment; attributes travel with it.
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../clock.js';
import type { ContactEventLog } from './contact-events.js';
import type { ContactRecord, Store } from '../storage/store.js';
import { toWireItem } from './transcript.js';

export type SegmentMethod = 'TRANSFER' | 'QUEUE_TRANSFER' | 'DISCONNECT';

export async function newSegment(
  tx: Store, ctx: { clock: Clock; contactEvents: ContactEventLog }, previous: ContactRecord, method: SegmentMethod, contactFlowId: string,
): Promise<ContactRecord> {
  const { clock } = ctx;
  const now = clock.now();
  const next: ContactRecord = {
    ...previous,
    id: uuidv7(),
    previousContactId: previous.id,
    nextContactId: null,
    initiationMethod: method,
    state: 'ACTIVE',
    contactFlowId,
    initiatedAt: now,
    disconnectedAt: null,
    lastUpdatedAt: now,
    disconnectReason: null,
    // Event hooks, working queue, recorded behaviours, contact data and timer settings carry over; flow runs,
    // queue, routing settings, agent and idle flags do not.
    flow: { ...previous.flow, targetAgent: null },
    queueInfo: null,
    routing: { priority: null, adjustSeconds: null },
    agentInfo: null,
    participantTimers: { config: previous.participantTimers.config, idle: {} },
  };
  await tx.insertContact(next);
  await ctx.contactEvents.record(tx, next, 'INITIATED');
  await tx.updateContact(previous.id, { nextContactId: next.id, lastUpdatedAt: now });
  for (const p of await tx.listParticipants(previous.initialContactId)) {
    if (p.state === 'JOINED' && (p.role === 'CUSTOMER' || p.role === 'CUSTOM_BOT' || p.role === 'SYSTEM')) {
      await tx.updateParticipant(p.id, { contactId: next.id });
    }
  }
  return next;
}

/** Every segment of a chat, in order, with the whole transcript (agent contact view, admin transcript viewer). */
export async function chainView(store: Store, contact: ContactRecord) {
  const segments = [];
  for (let c: ContactRecord | undefined = await store.getContact(contact.initialContactId), hops = 0; c && hops < 100; hops++) {
    segments.push({ contactId: c.id, initiationMethod: c.initiationMethod, state: c.state, disconnectReason: c.disconnectReason, initiatedAt: c.initiatedAt });
    c = c.nextContactId ? await store.getContact(c.nextContactId) : undefined;
  }
  const items = await store.listTranscriptItems({ initialContactId: contact.initialContactId, order: 'asc', limit: 10_000 });
  return { segments, transcript: items.map((i) => toWireItem(i)) };
}

/** The active segment of a chat (the one without a next segment), given any segment of it. */
export async function currentSegment(tx: Store, contact: ContactRecord): Promise<ContactRecord> {
  let current = contact;
  for (let hops = 0; current.nextContactId && hops < 100; hops++) {
    const next = await tx.getContact(current.nextContactId);
    if (!next) break;
    current = next;
  }
  return current;
}
