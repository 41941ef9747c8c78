// ClientToken idempotency: the same token with the same request replays the first answer; the same token
// with a different request is refused (IdempotencyMismatch). Requests are compared by a hash of their
// canonical JSON, so member order on the wire does not matter.
import { createHash } from 'node:crypto';
import { IdempotencyTaken, type Json, type Store } from '../storage/store.js';
import { ChatError } from './chat-errors.js';
import type { Outbox } from './outbox.js';

export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : value) ?? 'null';
}

/** The earlier response for (scope, token) when the request matches; throws when it does not; else undefined. */
export async function replayFor<T extends Json>(store: Store, scope: string, token: string | undefined, hash: string): Promise<T | undefined> {
  if (!token) return undefined;
  const existing = await store.getIdempotencyRecord(scope, token);
  if (!existing) return undefined;
  if (existing.requestHash !== hash) {
    throw new ChatError('IdempotencyMismatch', `The ClientToken ${token} was already used with a different request.`);
  }
  return existing.response as T;
}

/**
 * Records this request's response under (scope, token) inside the caller's transaction. When another request
 * recorded the same token first, the transaction fails (the store's IdempotencyTaken, at this call or at commit)
 * and withIdempotencyRace replays that request's answer or refuses a different request.
 */
export async function recordIdempotent(store: Store, scope: string, token: string, hash: string, response: Json, now: number): Promise<void> {
  await store.putIdempotencyRecord({ scope, token, requestHash: hash, response, createdAt: now });
}

/**
 * Runs `work`; when another request recorded its ClientToken first, answers `replay(that request's answer)`. What
 * the failed transaction put in `outbox` is dropped: it never committed (on PostgreSQL the taken token is found
 * at COMMIT, after the body has filled the outbox).
 */
export async function withIdempotencyRace<T, W>(work: () => Promise<T>, replay: (winner: W) => Promise<T>, outbox?: Outbox): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof IdempotencyTaken)) throw err;
    outbox?.discard();
    if (err.stored.requestHash !== err.attempted.requestHash) {
      throw new ChatError('IdempotencyMismatch', `The ClientToken ${err.attempted.token} was already used with a different request.`);
    }
    return replay(err.stored.response as W);
  }
}
