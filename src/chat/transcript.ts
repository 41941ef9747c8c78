// The chat transcript: items as the Participant Service shows them (Item shape plus InitialContactId on
// the socket), their durable append, the bus fan-out that wakes sockets after commit, and GetTranscript
// paging with Amazon's documented defaults.
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../clock.js';
import type { EventBus } from '../messaging/event-bus.js';
import type { ParticipantRecord, ReceiptRecord, Store, TranscriptItemRecord } from '../storage/store.js';
import { ChatError } from './chat-errors.js';

export interface ReceiptView {
  RecipientParticipantId: string;
  DeliveredTimestamp?: string;
  ReadTimestamp?: string;
}

export interface WireItem {
  AbsoluteTime: string;
  Content?: string;
  ContentType: string;
  Id: string;
  Type: string;
  ParticipantId?: string;
  DisplayName?: string;
  ParticipantRole?: string;
  Attachments?: unknown[];
  MessageMetadata?: { MessageId: string; Receipts: ReceiptView[] };
  RelatedContactId?: string;
  ContactId: string;
  InitialContactId: string;
}

/** What travels on the bus: an item for the chat's sockets, optionally only for some participants. */
export interface ChatPush {
  item: WireItem;
  to?: string[];
  /** Participants whose sockets close after this push (they left or the chat ended). */
  closeFor?: string[];
}

export const chatChannel = (initialContactId: string) => `chat:${initialContactId}`;

export function toWireItem(r: TranscriptItemRecord, receipts: ReceiptRecord[] = []): WireItem {
  const item: WireItem = {
    AbsoluteTime: new Date(r.absoluteTime).toISOString(),
    ContentType: r.contentType,
    Id: r.id,
    Type: r.type,
    ContactId: r.contactId,
    InitialContactId: r.initialContactId,
  };
  if (r.content !== null) item.Content = r.content;
  if (r.participantId) item.ParticipantId = r.participantId;
  if (r.displayName) item.DisplayName = r.displayName;
  if (r.participantRole) item.ParticipantRole = r.participantRole;
  if (Array.isArray(r.attachments) && r.attachments.length) item.Attachments = r.attachments;
  if (r.relatedContactId) item.RelatedContactId = r.relatedContactId;
  if (receipts.length) item.MessageMetadata = { MessageId: r.id, Receipts: receipts.map(toReceiptView) };
  return item;
}

export function toReceiptView(r: ReceiptRecord): ReceiptView {
  const view: ReceiptView = { RecipientParticipantId: r.recipientParticipantId };
  if (r.deliveredAt !== null) view.DeliveredTimestamp = new Date(r.deliveredAt).toISOString();
  if (r.readAt !== null) view.ReadTimestamp = new Date(r.readAt).toISOString();
  return view;
}

export interface NewItem {
  contactId: string;
  initialContactId: string;
  type: 'MESSAGE' | 'EVENT' | 'ATTACHMENT' | 'MESSAGEMETADATA';
  contentType: string;
  content?: string | null;
  from?: Pick<ParticipantRecord, 'id' | 'displayName' | 'role'>;
}

export interface TranscriptPageRequest {
  initialContactId: string;
  contactId?: string;
  maxResults?: number;
  nextToken?: string;
  scanDirection?: 'FORWARD' | 'BACKWARD';
  sortOrder?: 'ASCENDING' | 'DESCENDING';
  startPosition?: { Id?: string; AbsoluteTime?: string; MostRecent?: number };
}

interface Cursor {
  /** Last item id returned; the next page continues strictly past it. */
  c: string;
  d: 'F' | 'B';
}

export class Transcript {
  constructor(private readonly bus: EventBus, private readonly clock: Clock) {}

  /** Builds an item with a fresh time-ordered id; persisted items go through append(). */
  create(n: NewItem): TranscriptItemRecord {
    return {
      id: uuidv7(),
      initialContactId: n.initialContactId,
      contactId: n.contactId,
      type: n.type,
      contentType: n.contentType,
      content: n.content ?? null,
      participantId: n.from?.id ?? null,
      displayName: n.from?.displayName ?? null,
      participantRole: n.from?.role ?? null,
      absoluteTime: this.clock.now(),
      attachments: [],
      relatedContactId: null,
    };
  }

  async append(store: Store, n: NewItem): Promise<TranscriptItemRecord> {
    const record = this.create(n);
    await store.appendTranscriptItem(record);
    return record;
  }

  /** Fan-out after the write committed; failures only cost a socket push (clients re-read the transcript). */
  async push(pushes: ChatPush[]): Promise<void> {
    for (const p of pushes) await this.bus.publish(chatChannel(p.item.InitialContactId), p).catch(() => {});
  }

  async page(store: Store, req: TranscriptPageRequest): Promise<{ items: WireItem[]; nextToken?: string; direction: 'F' | 'B' }> {
    const limit = req.maxResults ?? 10;
    const start = req.startPosition && Object.keys(req.startPosition).length ? req.startPosition : undefined;
    const base = { initialContactId: req.initialContactId, contactId: req.contactId };
    let direction: 'F' | 'B';
    let bounds: Partial<Parameters<Store['listTranscriptItems']>[0]> = {};
    if (req.nextToken) {
      const cursor = decodeCursor(req.nextToken);
      direction = cursor.d;
      bounds = direction === 'F' ? { afterId: cursor.c } : { beforeId: cursor.c };
    } else {
      // API reference: "Default: BACKWARD when no StartPosition is provided, FORWARD with StartPosition."
      direction = req.scanDirection ? (req.scanDirection === 'FORWARD' ? 'F' : 'B') : start ? 'F' : 'B';
      if (start) bounds = await this.startBounds(store, base, start, direction);
    }
    const rows = await store.listTranscriptItems({
      ...base, ...bounds, order: direction === 'F' ? 'asc' : 'desc', limit: limit + 1,
    });
    const pageRows = rows.slice(0, limit);
    const more = rows.length > limit;
    const receipts = await store.listReceipts(pageRows.filter((r) => r.type === 'MESSAGE').map((r) => r.id));
    const items = pageRows.map((r) => toWireItem(r, receipts.filter((x) => x.messageId === r.id)));
    const ascending = (req.sortOrder ?? 'DESCENDING') === 'ASCENDING';
    items.sort((a, b) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0) * (ascending ? 1 : -1));
    const last = pageRows[pageRows.length - 1];
    return { items, nextToken: more && last ? encodeCursor({ c: last.id, d: direction }) : undefined, direction };
  }

  private async startBounds(
    store: Store,
    base: { initialContactId: string; contactId?: string },
    start: NonNullable<TranscriptPageRequest['startPosition']>,
    direction: 'F' | 'B',
  ) {
    if (start.Id !== undefined) {
      const anchor = await store.getTranscriptItem(start.Id);
      if (!anchor || anchor.initialContactId !== base.initialContactId) {
        throw new ChatError('InvalidRequest', `StartPosition.Id ${start.Id} is not an item of this chat.`);
      }
      return direction === 'F' ? { fromId: anchor.id } : { toId: anchor.id };
    }
    if (start.AbsoluteTime !== undefined) {
      const t = Date.parse(start.AbsoluteTime);
      if (Number.isNaN(t)) throw new ChatError('InvalidRequest', 'StartPosition.AbsoluteTime is not a valid timestamp.');
      return direction === 'F' ? { fromTime: t } : { toTime: t };
    }
    // MostRecent N: start N items back from the newest item (0 = the newest itself).
    const newest = await store.listTranscriptItems({ ...base, order: 'desc', limit: (start.MostRecent ?? 0) + 1 });
    const anchor = newest[newest.length - 1];
    if (!anchor) return {};
    return direction === 'F' ? { fromId: anchor.id } : { toId: anchor.id };
  }
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** The past of a persistent chat is paged with its own cursor: the last past item returned and the bytes so far. */
export interface PastCursor {
  p: 'past';
  b?: string;
  n: number;
}

export function encodePastCursor(c: PastCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodePastCursor(token: string): PastCursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PastCursor;
    return c.p === 'past' && typeof c.n === 'number' ? c : undefined;
  } catch {
    return undefined;
  }
}

function decodeCursor(token: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.c === 'string' && (c.d === 'F' || c.d === 'B')) return c;
  } catch {
    // fall through
  }
  throw new ChatError('InvalidRequest', 'The NextToken is not valid.');
}
