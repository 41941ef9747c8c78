// The Store port's contract: every implementation runs this same suite (store.sqlite.test.ts,
// store.postgres.test.ts) against a real database.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContactRecord, IdempotencyTaken, type Store, type TranscriptItemRecord, UniqueViolation, emptyFlowData } from '../../src/storage/store.js';

/**
 * `open` gives a store on a new database; `openAnother` (set by open) a second store on the same database through
 * its own connection, as a second node would have; `openSnapshot`, for a store that takes snapshots, opens one.
 */
export function storeContract(name: string, open: () => Promise<{
  store: Store; cleanup: () => Promise<void>; another: () => Promise<Store>; openSnapshot?: (file: string) => Promise<Store>;
}>) {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let openAnother: () => Promise<Store>;
    let openSnapshot: ((file: string) => Promise<Store>) | undefined;
    beforeAll(async () => {
      ({ store, cleanup, another: openAnother, openSnapshot } = await open());
    });
    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    });

    const contact = (overrides: Partial<ContactRecord> = {}): ContactRecord => {
      const id = randomUUID();
      return {
        id, instanceId: 'i-1', initialContactId: id, previousContactId: null, nextContactId: null, relatedContactId: null,
        channel: 'CHAT', initiationMethod: 'API', state: 'ACTIVE', contactFlowId: 'f', attributes: { a: '1' },
        segmentAttributes: { 'connect:Subtype': { ValueString: 'x' } }, customerId: null, supportedContentTypes: ['text/plain'],
        chatDurationMinutes: 1500, disconnectOnCustomerExit: [], participantConfiguration: null, persistentChat: null,
        initiatedAt: 1_700_000_000_123, disconnectedAt: null, lastUpdatedAt: 1_700_000_000_123, disconnectReason: null,
        expiresAt: 1_700_090_000_123, flow: emptyFlowData(), queueInfo: null, routing: { priority: null, adjustSeconds: null }, agentInfo: null,
        participantTimers: { config: {}, idle: {} }, ...overrides,
      };
    };

    it('round-trips a contact with JSON, nulls and millisecond times intact', async () => {
      const c = contact();
      await store.insertContact(c);
      expect(await store.getContact(c.id)).toEqual(c);
      expect(await store.getContact('missing')).toBeUndefined();
    });

    it('updates only the fields given', async () => {
      const c = contact();
      await store.insertContact(c);
      await store.updateContact(c.id, { state: 'ENDED', disconnectedAt: 1_700_000_100_000, attributes: { b: '2' } });
      expect(await store.getContact(c.id)).toEqual({ ...c, state: 'ENDED', disconnectedAt: 1_700_000_100_000, attributes: { b: '2' } });
    });

    it('counts active contacts per instance', async () => {
      const instanceId = randomUUID();
      await store.insertContact(contact({ instanceId }));
      await store.insertContact(contact({ instanceId }));
      await store.insertContact(contact({ instanceId, state: 'ENDED' }));
      expect(await store.countActiveContacts(instanceId)).toBe(2);
    });

    it('keeps the active count through state changes, other updates and rollbacks', async () => {
      const instanceId = randomUUID();
      const [a, b] = [contact({ instanceId }), contact({ instanceId })];
      await store.insertContact(a);
      await store.insertContact(b);
      await store.updateContact(a.id, { attributes: { x: '1' } });
      expect(await store.countActiveContacts(instanceId)).toBe(2);
      await store.updateContact(a.id, { state: 'ENDED' });
      await store.updateContact(a.id, { state: 'ENDED', disconnectReason: 'EXPIRED' });
      expect(await store.countActiveContacts(instanceId)).toBe(1);
      await expect(store.transaction(async (tx) => {
        await tx.updateContact(b.id, { state: 'ENDED' });
        await tx.insertContact(contact({ instanceId }));
        throw new Error('boom');
      })).rejects.toThrow('boom');
      expect(await store.countActiveContacts(instanceId)).toBe(1);
      await store.transaction(async (tx) => tx.updateContact(b.id, { state: 'ENDED' }));
      expect(await store.countActiveContacts(instanceId)).toBe(0);
      expect(await store.countActiveContacts(randomUUID())).toBe(0);
    });

    it('rolls a failed transaction back entirely', async () => {
      const c = contact();
      await expect(store.transaction(async (tx) => {
        await tx.insertContact(c);
        throw new Error('boom');
      })).rejects.toThrow('boom');
      expect(await store.getContact(c.id)).toBeUndefined();
    });

    it('keeps the others when one of many concurrent transactions fails after writing', async () => {
      const made = Array.from({ length: 9 }, () => contact());
      const results = await Promise.allSettled(made.map((c, i) => store.transaction(async (tx) => {
        await tx.insertContact(c);
        await tx.updateContact(c.id, { attributes: { step: 'second write' } });
        if (i % 3 === 1) throw new Error(`body ${i} fails`);
        return i;
      })));
      expect(results.map((r) => r.status)).toEqual(made.map((_, i) => (i % 3 === 1 ? 'rejected' : 'fulfilled')));
      for (const [i, c] of made.entries()) {
        const stored = await store.getContact(c.id);
        if (i % 3 === 1) expect(stored).toBeUndefined();
        else expect(stored?.attributes).toEqual({ step: 'second write' });
      }
    });

    it('lists transcript items in creation order with id and time bounds', async () => {
      const chat = randomUUID();
      const items: TranscriptItemRecord[] = [];
      for (let n = 0; n < 5; n++) {
        const item: TranscriptItemRecord = {
          id: uuidv7(), initialContactId: chat, contactId: chat, type: 'MESSAGE', contentType: 'text/plain', content: `m${n}`,
          participantId: 'p', displayName: 'P', participantRole: 'CUSTOMER', absoluteTime: 1000 + n, attachments: [], relatedContactId: null,
        };
        items.push(item);
        await store.appendTranscriptItem(item);
      }
      const ids = (rows: TranscriptItemRecord[]) => rows.map((r) => r.content);
      expect(ids(await store.listTranscriptItems({ initialContactId: chat, order: 'asc', limit: 10 }))).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
      expect(ids(await store.listTranscriptItems({ initialContactId: chat, order: 'desc', limit: 2 }))).toEqual(['m4', 'm3']);
      expect(ids(await store.listTranscriptItems({ initialContactId: chat, order: 'asc', limit: 10, afterId: items[2]!.id }))).toEqual(['m3', 'm4']);
      expect(ids(await store.listTranscriptItems({ initialContactId: chat, order: 'desc', limit: 10, toId: items[1]!.id }))).toEqual(['m1', 'm0']);
      expect(ids(await store.listTranscriptItems({ initialContactId: chat, order: 'asc', limit: 10, fromTime: 1003 }))).toEqual(['m3', 'm4']);
      expect(await store.getTranscriptItem(items[0]!.id)).toEqual(items[0]);
    });

    it('merges read and delivered receipts', async () => {
      const messageId = uuidv7();
      await store.upsertReceipt({ messageId, initialContactId: 'c', recipientParticipantId: 'r', deliveredAt: 10, readAt: null });
      await store.upsertReceipt({ messageId, initialContactId: 'c', recipientParticipantId: 'r', deliveredAt: null, readAt: 20 });
      expect(await store.listReceipts([messageId])).toEqual([
        { messageId, initialContactId: 'c', recipientParticipantId: 'r', deliveredAt: 10, readAt: 20 },
      ]);
    });

    it('keeps the first idempotency record when two writers race', async () => {
      const token = randomUUID();
      const results = await Promise.all(['a', 'b', 'c'].map((h) =>
        store.putIdempotencyRecord({ scope: 's', token, requestHash: h, response: { winner: h }, createdAt: 1 })));
      const winners = new Set(results.map((r) => r.requestHash));
      expect(winners.size).toBe(1);
      expect((await store.getIdempotencyRecord('s', token))!.requestHash).toBe([...winners][0]);
    });

    it('fails a transaction whose idempotency token another request recorded first, with the record stored first', async () => {
      const token = randomUUID();
      const first = { scope: 's', token, requestHash: 'first', response: { id: 'first' }, createdAt: 1 };
      await store.putIdempotencyRecord(first);
      const chat = contact();
      const failed = await store.transaction(async (tx) => {
        await tx.putIdempotencyRecord({ ...first, requestHash: 'second', response: { id: 'second' } });
        await tx.insertContact(chat);
      }).then(() => undefined, (err: unknown) => err);
      expect(failed).toBeInstanceOf(IdempotencyTaken);
      expect((failed as IdempotencyTaken).stored).toEqual(first);
      expect((failed as IdempotencyTaken).attempted.requestHash).toBe('second');
      // Nothing of the failed transaction is kept, and the store goes on working.
      expect(await store.getContact(chat.id)).toBeUndefined();
      expect(await store.getIdempotencyRecord('s', token)).toEqual(first);
      const fresh = { ...first, token: randomUUID() };
      expect(await store.transaction((tx) => tx.putIdempotencyRecord(fresh))).toEqual(fresh);
      expect(await store.getIdempotencyRecord('s', fresh.token)).toEqual(fresh);
    });

    it('leases a due timer to exactly one claimer, keeps it until completed, and frees it when the lease runs out', async () => {
      const id = randomUUID();
      await store.scheduleTimer({ id, kind: 'k', contactId: 'c', dueAt: 50, payload: { x: 1 } });
      await store.scheduleTimer({ id: randomUUID(), kind: 'k', contactId: 'c', dueAt: 10_000_000_000_000, payload: null });
      const due = (await store.dueTimers(100, 10, 1_000)).filter((t) => t.id === id);
      expect(due).toEqual([{ id, kind: 'k', contactId: 'c', dueAt: 50, payload: { x: 1 } }]);
      const claims = await Promise.all([1, 2, 3].map(() => store.claimTimer(id, 1_000, 2_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      // Leased: not due for others until the lease runs out — then due again, as after a crashed claimer.
      expect((await store.dueTimers(100, 10, 1_500)).map((t) => t.id)).not.toContain(id);
      expect((await store.dueTimers(100, 10, 2_000)).map((t) => t.id)).toContain(id);
      expect(await store.claimTimer(id, 2_000, 3_000)).toBe(true);
      expect(await store.releaseTimer(id, 2_500)).toBe(2);
      await store.completeTimer(id);
      expect((await store.dueTimers(Number.MAX_SAFE_INTEGER, 10, Number.MAX_SAFE_INTEGER)).map((t) => t.id)).not.toContain(id);
      await store.cancelTimers('c', 'k');
      expect((await store.dueTimers(Number.MAX_SAFE_INTEGER, 10)).filter((t) => t.contactId === 'c')).toEqual([]);
    });

    it('refuses a second instance alias, flow name or resource name of a kind (unique indexes)', async () => {
      const alias = `alias-${randomUUID()}`;
      const instance = (id: string) => ({ id, arn: `arn:${id}`, alias, identityManagementType: 'CONNECT_MANAGED', status: 'ACTIVE',
        inboundCallsEnabled: true, outboundCallsEnabled: true, createdAt: 1, tags: {} });
      await store.insertInstance(instance(randomUUID()));
      await expect(store.insertInstance(instance(randomUUID()))).rejects.toBeInstanceOf(UniqueViolation);
      const resource = () => ({ instanceId: 'i-u', kind: 'queue', id: randomUUID(), arn: 'arn', name: 'Same', data: {} });
      const results = await Promise.allSettled([resource(), resource(), resource()].map((r) => store.insertResource(r)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof UniqueViolation)).toBe(true);
      await store.insertResource({ ...resource(), kind: 'user' });
    });

    it('finds a flow by its name within its instance', async () => {
      const instanceId = `i-${randomUUID()}`;
      const flow = { id: randomUUID(), instanceId, arn: 'arn:f', name: 'Default customer queue', type: 'CUSTOMER_QUEUE', state: 'ACTIVE',
        status: 'PUBLISHED', description: null, content: '{}', createdAt: 1, updatedAt: 2 };
      await store.insertFlow(flow);
      expect(await store.getFlowByName(instanceId, 'Default customer queue')).toEqual(flow);
      expect(await store.getFlowByName(instanceId, 'Default customer')).toBeUndefined();
      expect(await store.getFlowByName(`i-${randomUUID()}`, 'Default customer queue')).toBeUndefined();
    });

    it('reads its own writes inside a transaction: contacts, participants, flows, resources and the flow trace', async () => {
      const c = contact();
      const instanceId = c.instanceId;
      const flow = { id: randomUUID(), instanceId, arn: 'arn:f', name: `Flow ${randomUUID()}`, type: 'CONTACT_FLOW', state: 'ACTIVE',
        status: 'PUBLISHED', description: null, content: '{"v":1}', createdAt: 1, updatedAt: 1 };
      const resource = { instanceId, kind: 'queue', id: randomUUID(), arn: 'arn:q', name: `Queue ${randomUUID()}`, data: { max: 1 } };
      const participant = { id: randomUUID(), contactId: c.id, initialContactId: c.id, role: 'CUSTOMER' as const, displayName: 'Ann',
        state: 'JOINED' as const, connected: false, joinedAt: 1, leftAt: null };
      await store.transaction(async (tx) => {
        // Each read comes before the write it must then see, twice for the contact.
        expect(await tx.getContact(c.id)).toBeUndefined();
        await tx.insertContact(c);
        expect((await tx.getContact(c.id))?.attributes).toEqual({ a: '1' });
        await tx.updateContact(c.id, { attributes: { a: '2' }, state: 'ENDED' });
        expect(await tx.getContact(c.id)).toMatchObject({ attributes: { a: '2' }, state: 'ENDED' });
        await tx.updateContact(c.id, { queueInfo: { queueId: 'q', enqueuedAt: 5 } });
        expect(await tx.getContact(c.id)).toMatchObject({ attributes: { a: '2' }, state: 'ENDED', queueInfo: { queueId: 'q', enqueuedAt: 5 } });
        const changed = (await tx.getContact(c.id))!;
        changed.attributes.a = 'changed by a caller';
        expect((await tx.getContact(c.id))?.attributes).toEqual({ a: '2' });

        expect(await tx.listParticipants(c.id)).toEqual([]);
        await tx.insertParticipant(participant);
        expect(await tx.listParticipants(c.id)).toEqual([participant]);
        await tx.updateParticipant(participant.id, { state: 'LEFT', leftAt: 9 });
        expect(await tx.listParticipants(c.id)).toEqual([{ ...participant, state: 'LEFT', leftAt: 9 }]);

        expect(await tx.getFlow(instanceId, flow.id)).toBeUndefined();
        expect(await tx.getFlowByName(instanceId, flow.name)).toBeUndefined();
        await tx.insertFlow(flow);
        expect((await tx.getFlow(instanceId, flow.id))?.content).toBe('{"v":1}');
        expect((await tx.getFlowByName(instanceId, flow.name))?.id).toBe(flow.id);
        await tx.updateFlow({ ...flow, name: `${flow.name} renamed`, content: '{"v":2}' });
        expect((await tx.getFlow(instanceId, flow.id))?.content).toBe('{"v":2}');
        expect(await tx.getFlowByName(instanceId, flow.name)).toBeUndefined();
        await tx.deleteFlow(instanceId, flow.id);
        expect(await tx.getFlow(instanceId, flow.id)).toBeUndefined();

        expect(await tx.getResource(instanceId, 'queue', resource.id)).toBeUndefined();
        await tx.insertResource(resource);
        expect((await tx.getResource(instanceId, 'queue', resource.id))?.data).toEqual({ max: 1 });
        await tx.updateResource({ ...resource, data: { max: 2 } });
        expect((await tx.getResource(instanceId, 'queue', resource.id))?.data).toEqual({ max: 2 });
        await tx.deleteResource(instanceId, 'queue', resource.id);
        expect(await tx.getResource(instanceId, 'queue', resource.id)).toBeUndefined();

        expect(await tx.countFlowTrace(c.id)).toBe(0);
        await tx.appendFlowTrace([1, 2].map((n) => ({ id: uuidv7(), initialContactId: c.id, contactId: c.id, at: n, entry: { n } })));
        expect(await tx.countFlowTrace(c.id)).toBe(2);
      });
      expect(await store.getContact(c.id)).toMatchObject({ attributes: { a: '2' }, state: 'ENDED' });
      expect(await store.countFlowTrace(c.id)).toBe(2);
    });

    it('forgets what a failed transaction wrote, for the transactions that share its commit', async () => {
      const c = contact();
      await store.insertContact(c);
      const failing = store.transaction(async (tx) => {
        await tx.getContact(c.id);
        await tx.updateContact(c.id, { attributes: { a: 'rolled back' } });
        throw new Error('fails after writing');
      });
      const next = store.transaction(async (tx) => (await tx.getContact(c.id))?.attributes);
      await expect(failing).rejects.toThrow('fails after writing');
      expect(await next).toEqual({ a: '1' });
    });

    it('keeps one flow run per contact and kind, and knows whether any waits', async () => {
      const id = randomUUID();
      expect(await store.hasWaitingFlowRun(id)).toBe(false);
      await store.putFlowRun({ contactId: id, kind: 'main', state: { flowId: 'f', step: 1 }, waiting: false });
      expect(await store.hasWaitingFlowRun(id)).toBe(false);
      await store.transaction(async (tx) => {
        await tx.putFlowRun({ contactId: id, kind: 'main', state: { flowId: 'f', step: 2 }, waiting: true });
        await tx.putFlowRun({ contactId: id, kind: 'queue', state: { flowId: 'q' }, waiting: false });
      });
      expect(await store.getFlowRun(id, 'main')).toEqual({ contactId: id, kind: 'main', state: { flowId: 'f', step: 2 }, waiting: true });
      expect(await store.hasWaitingFlowRun(id)).toBe(true);
      await store.deleteFlowRun(id, 'main');
      expect(await store.getFlowRun(id, 'main')).toBeUndefined();
      expect(await store.hasWaitingFlowRun(id)).toBe(false);
      expect((await store.getFlowRun(id, 'queue'))?.state).toEqual({ flowId: 'q' });
    });

    it('stores tokens by hash with their expiry', async () => {
      const hash = randomUUID();
      await store.insertToken({ hash, kind: 'connection', participantId: 'p', contactId: 'c', expiresAt: 1_800_000_000_000 });
      expect(await store.getToken(hash)).toEqual({ hash, kind: 'connection', participantId: 'p', contactId: 'c', expiresAt: 1_800_000_000_000 });
    });

    /** A chat with a joined customer and that customer's connection token. */
    async function chatWithToken() {
      const chat = contact();
      await store.insertContact(chat);
      const participant = { id: randomUUID(), contactId: chat.id, initialContactId: chat.id, role: 'CUSTOMER', displayName: 'x', state: 'JOINED', connected: false, joinedAt: 1, leftAt: null } as const;
      await store.insertParticipant(participant);
      const hash = randomUUID();
      const token = { hash, kind: 'connection', participantId: participant.id, contactId: chat.id, expiresAt: 1_800_000_000_000 } as const;
      await store.insertToken(token);
      return { chat, participant, hash, token };
    }

    it("finds a token's participant and that participant's contact in one look-up, inside a transaction too", async () => {
      const { chat, participant, hash, token } = await chatWithToken();
      expect(await store.getTokenSession(hash)).toEqual({ token, participant, contact: chat });
      expect(await store.transaction((tx) => tx.getTokenSession(hash))).toEqual({ token, participant, contact: chat });
      // The contact the session read (and, on PostgreSQL, locked) is read again with this transaction's own changes.
      await store.transaction(async (tx) => {
        await tx.getTokenSession(hash);
        await tx.updateContact(chat.id, { attributes: { b: '2' } });
        expect((await tx.getContact(chat.id))?.attributes).toEqual({ b: '2' });
      });
      expect((await store.getContact(chat.id))?.attributes).toEqual({ b: '2' });
      expect(await store.getTokenSession(randomUUID())).toBeUndefined();
      const orphan = randomUUID();
      await store.insertToken({ ...token, hash: orphan, participantId: randomUUID() });
      expect(await store.getTokenSession(orphan)).toBeUndefined();
    });

    it('reads the participant of a token session after the contact is locked: a leave committed meanwhile is seen', async () => {
      const { participant, hash } = await chatWithToken();
      let leaving!: () => void;
      const holding = new Promise<void>((resolve) => (leaving = resolve));
      let locked!: () => void;
      const lockHeld = new Promise<void>((resolve) => (locked = resolve));
      // The leave holds the contact's lock (as every writer of a chat does) and changes the participant after the
      // sender has asked for the same lock.
      const leave = store.transaction(async (tx) => {
        await tx.getTokenSession(hash);
        locked();
        await holding;
        await tx.updateParticipant(participant.id, { state: 'LEFT', leftAt: 2 });
      });
      await lockHeld;
      const send = store.transaction((tx) => tx.getTokenSession(hash));
      await new Promise((resolve) => setTimeout(resolve, 50));
      leaving();
      await leave;
      expect((await send)?.participant.state).toBe('LEFT');
    });

    it('leases a contact stream to one claimer, lists only unstopped streams with a free lease, keeps its position', async () => {
      const id = randomUUID();
      const chat = randomUUID();
      await store.insertContactStream({ id, instanceId: 'i-1', initialContactId: chat, endpointArn: 'arn:aws:sns:us-east-1:123456789012:t', createdAt: 5, stoppedAt: null, deliveredThrough: null, leaseUntil: null, failures: 0 });
      expect((await store.listDeliverableStreams(1000, 100)).map((s) => s.id)).toContain(id);
      const claims = await Promise.all([1, 2, 3].map(() => store.claimContactStream(id, 1000, 2000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await store.listDeliverableStreams(1500, 100)).map((s) => s.id)).not.toContain(id);
      await store.updateContactStream(id, { deliveredThrough: 'item-7', failures: 2, leaseUntil: null });
      expect(await store.getContactStream(id)).toMatchObject({ deliveredThrough: 'item-7', failures: 2, leaseUntil: null, createdAt: 5 });
      await store.updateContactStream(id, { stoppedAt: 3000 });
      expect((await store.listDeliverableStreams(5000, 100)).map((s) => s.id)).not.toContain(id);
      expect(await store.claimContactStream(id, 5000, 6000)).toBe(false);
      expect((await store.listContactStreams(chat)).map((s) => s.id)).toEqual([id]);
    });

    it('lists contact events after a position in the order made, and leases an endpoint cursor to one claimer', async () => {
      const before = (await store.newestContactEventId()) ?? null;
      const ids = [uuidv7(), uuidv7(), uuidv7()];
      for (const [n, id] of ids.entries()) await store.appendContactEvent({ id, instanceId: 'i-1', contactId: 'c-1', at: n, body: { n } });
      expect((await store.listContactEvents(before, 10)).map((e) => [e.id, e.body])).toEqual(ids.map((id, n) => [id, { n }]));
      expect((await store.listContactEvents(ids[0]!, 1)).map((e) => e.id)).toEqual([ids[1]]);
      expect(await store.newestContactEventId()).toBe(ids[2]);
      const endpoint = `http://127.0.0.1/${randomUUID()}`;
      await store.ensureContactEventCursor({ endpoint, deliveredThrough: ids[0]!, leaseUntil: null, failures: 0 });
      await store.ensureContactEventCursor({ endpoint, deliveredThrough: null, leaseUntil: null, failures: 0 });
      expect(await store.getContactEventCursor(endpoint)).toEqual({ endpoint, deliveredThrough: ids[0], leaseUntil: null, failures: 0 });
      const claims = await Promise.all([1, 2, 3].map(() => store.claimContactEventCursor(endpoint, 1000, 2000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claimContactEventCursor(endpoint, 1999, 3000)).toBe(false);
      await store.updateContactEventCursor(endpoint, { deliveredThrough: ids[2]!, failures: 1 });
      expect(await store.claimContactEventCursor(endpoint, 2000, 4000)).toBe(true);
      expect(await store.getContactEventCursor(endpoint)).toEqual({ endpoint, deliveredThrough: ids[2], leaseUntil: 4000, failures: 1 });
    });

    it('copies itself to a file while running where it takes snapshots, and names the tool to use where not', async () => {
      const c = contact();
      await store.insertContact(c);
      const file = join(tmpdir(), `switchboard-snapshot-${randomUUID()}.db`);
      if (!openSnapshot) {
        await expect(store.snapshotTo(file)).rejects.toThrow(/pg_dump/);
        return;
      }
      await store.snapshotTo(file);
      await store.updateContact(c.id, { state: 'ENDED' });
      const copy = await openSnapshot(file);
      try {
        expect(await copy.getContact(c.id)).toEqual(c);
      } finally {
        await copy.close();
        rmSync(file, { force: true });
      }
    });

    it("keeps a chat's flow trace in execution order and counts it", async () => {
      const chat = randomUUID();
      const entries = [1, 2, 3].map((n) => ({ id: uuidv7(), initialContactId: chat, contactId: chat, at: n, entry: { Identifier: `a${n}`, Parameters: { n } } }));
      await store.appendFlowTrace(entries.slice(0, 2));
      await store.appendFlowTrace(entries.slice(2));
      expect(await store.listFlowTrace(chat, 10)).toEqual(entries);
      expect(await store.listFlowTrace(chat, 2)).toEqual(entries.slice(0, 2));
      expect(await store.countFlowTrace(chat)).toBe(3);
      expect(await store.countFlowTrace(randomUUID())).toBe(0);
    });

    it('gives a single-use token to exactly one of several racing consumers, and only for its kind', async () => {
      const hash = randomUUID();
      await store.insertToken({ hash, kind: 'websocket', participantId: 'p', contactId: 'c', expiresAt: 1_800_000_000_000 });
      expect(await store.consumeToken(hash, 'connection')).toBeUndefined();
      const got = await Promise.all([1, 2, 3].map(() => store.consumeToken(hash, 'websocket')));
      expect(got.filter(Boolean)).toEqual([{ hash, kind: 'websocket', participantId: 'p', contactId: 'c', expiresAt: 1_800_000_000_000 }]);
      expect(await store.getToken(hash)).toBeUndefined();
    });

    it('purges expired tokens, tokens of participants who left, old idempotency records and contact events — nothing else', async () => {
      const [left, joined] = [randomUUID(), randomUUID()];
      for (const [id, state] of [[left, 'LEFT'], [joined, 'JOINED']] as const) {
        await store.insertParticipant({ id, contactId: 'c', initialContactId: 'c', role: 'CUSTOMER', displayName: 'x', state, connected: false, joinedAt: 1, leftAt: null });
      }
      const t = (expiresAt: number | null, kind: 'connection' | 'participant' | 'agent-session', participantId: string = joined) => {
        const hash = randomUUID();
        return store.insertToken({ hash, kind, participantId, contactId: 'c', expiresAt }).then(() => hash);
      };
      const expired = await t(1_000, 'connection');
      const expiredSession = await t(1_000, 'agent-session', 'user-1');
      const live = await t(5_000, 'connection');
      const leftToken = await t(null, 'participant', left);
      const joinedToken = await t(null, 'participant');
      const [oldToken, newToken] = [randomUUID(), randomUUID()];
      await store.putIdempotencyRecord({ scope: 'purge', token: oldToken, requestHash: 'h', response: {}, createdAt: 100 });
      await store.putIdempotencyRecord({ scope: 'purge', token: newToken, requestHash: 'h', response: {}, createdAt: 900 });
      const [oldEvent, newEvent] = [uuidv7(), uuidv7()];
      await store.appendContactEvent({ id: oldEvent, instanceId: 'i-1', contactId: 'c', at: 100, body: {} });
      await store.appendContactEvent({ id: newEvent, instanceId: 'i-1', contactId: 'c', at: 900, body: {} });

      expect(await store.purgeExpired(2_000, 500)).toBeGreaterThanOrEqual(4);
      for (const gone of [expired, expiredSession, leftToken]) expect(await store.getToken(gone)).toBeUndefined();
      for (const kept of [live, joinedToken]) expect(await store.getToken(kept)).toBeDefined();
      expect(await store.getIdempotencyRecord('purge', oldToken)).toBeUndefined();
      expect(await store.getIdempotencyRecord('purge', newToken)).toBeDefined();
      expect((await store.listContactEvents(null, 100_000)).map((e) => e.id)).toEqual(expect.arrayContaining([newEvent]));
      expect((await store.listContactEvents(null, 100_000)).map((e) => e.id)).not.toContain(oldEvent);
    });

    it('loses no update when read-modify-write transactions race from two connections', async () => {
      const other = await openAnother();
      try {
        const c = contact({ attributes: {} });
        await store.insertContact(c);
        const userId = randomUUID();
        await store.upsertAgentState({ userId, instanceId: 'i-1', status: 'Available', routable: true, since: 1, idleSince: 1, missed: 0, online: true });
        await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 ? other : store).transaction(async (tx) => {
          const fresh = (await tx.getContact(c.id))!;
          await new Promise((r) => setTimeout(r, 1)); // widen the window between the read and the write
          await tx.updateContact(c.id, { attributes: { ...fresh.attributes, [`k${n}`]: String(n) } });
          const agent = (await tx.getAgentState(userId))!;
          await tx.upsertAgentState({ ...agent, missed: agent.missed + 1 });
        })));
        expect(Object.keys((await store.getContact(c.id))!.attributes)).toHaveLength(40);
        expect((await store.getAgentState(userId))!.missed).toBe(40);
      } finally {
        await other.close();
      }
    }, 60_000);
  });
}
