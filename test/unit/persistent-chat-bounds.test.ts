// The 5 MB bound on a persistent chat's past transcript, with the bound scaled down so the test stays small;
// the store is a real SQLite file and the items are written the way the chat domain writes them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { ChatContext } from '../../src/chat/chat-context.js';
import { PersistentChats } from '../../src/chat/persistent-chat.js';
import { FollowUps } from '../../src/chat/follow-ups.js';
import { TokenService } from '../../src/chat/tokens.js';
import { Transcript } from '../../src/chat/transcript.js';
import { InProcessEventBus } from '../../src/messaging/in-process-event-bus.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { type ContactRecord, type Store, emptyFlowData } from '../../src/storage/store.js';

let dir: string;
let store: Store;
let ctx: ChatContext;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-bounds-'));
  store = await openSqliteStore(join(dir, 'db.sqlite'));
  const clock = new ManualClock();
  const bus = new InProcessEventBus();
  ctx = {
    logger: { error: () => {}, warn: () => {} }, store, bus, clock, tokens: new TokenService(clock), transcript: new Transcript(bus, clock), contactEvents: { record: async () => {} }, followUps: new FollowUps({ error: () => {} }),
    settings: { arn: { partition: 'aws', region: 'us-east-1', accountId: '123456789012' }, maxActiveChatsPerInstance: 100, websocketBaseUrl: '', httpBaseUrl: '' },
  };
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function contact(id: string, state: 'ACTIVE' | 'ENDED'): ContactRecord {
  return {
    id, instanceId: 'i', initialContactId: id, previousContactId: null, nextContactId: null, relatedContactId: null, channel: 'CHAT',
    initiationMethod: 'API', state, contactFlowId: 'f', attributes: {}, segmentAttributes: {}, customerId: null, supportedContentTypes: ['text/plain'],
    chatDurationMinutes: 60, disconnectOnCustomerExit: [], participantConfiguration: null, persistentChat: null, initiatedAt: 1,
    disconnectedAt: state === 'ENDED' ? 2 : null, lastUpdatedAt: 1, disconnectReason: null, expiresAt: 99, flow: emptyFlowData(), queueInfo: null, routing: { priority: null, adjustSeconds: null }, agentInfo: null,
        participantTimers: { config: {}, idle: {} },
  };
}

describe('past transcript size bound', () => {
  it('stops returning past items once their content passes the byte bound, newest first', async () => {
    const persistent = new PersistentChats(ctx, { pastContacts: 100, pastBytes: 10_000 });
    await store.insertContact(contact('past', 'ENDED'));
    for (let i = 0; i < 30; i++) {
      await ctx.transcript.append(store, { contactId: 'past', initialContactId: 'past', type: 'MESSAGE', contentType: 'text/plain', content: `${i}`.padEnd(1000, '.') });
    }
    const now = contact('now', 'ACTIVE');
    await store.insertContact(now);
    const from = await persistent.resolveSource(store, 'i', 'ENTIRE_PAST_SESSION', 'past');
    await persistent.link(store, now, 'ENTIRE_PAST_SESSION', 'past', from);
    const seen: string[] = [];
    let cursor: { beforeId?: string; bytes: number } = { bytes: 0 };
    for (;;) {
      const page = await persistent.pastPage(store, 'now', cursor, 4);
      seen.push(...page.items.map((i) => i.content!.replace(/\.+$/, '')));
      if (!page.more) break;
      cursor = { beforeId: page.items[page.items.length - 1]!.id, bytes: page.bytes };
    }
    // 10 items of 1000 bytes fit in 10,000 bytes: the newest ten, and nothing older.
    expect(seen).toEqual(['29', '28', '27', '26', '25', '24', '23', '22', '21', '20']);
  });
});
