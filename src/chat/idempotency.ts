// ClientToken idempotency: the same token with the same request replays the first answer; the same token
// with a different request is refused (IdempotencyMismatch). Requests are compared by a hash of their
// canonical JSON, so member order on the wire does not matter.
import { createHash } from 'node:crypto';
import type { Json, Store } from '../storage/store.js';
import { ChatError } from './chat-errors.js';

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

/** Thrown inside a transaction that lost a ClientToken race, so it rolls back and the caller replays the winner. */
export class IdempotencyRaceLost<T> extends Error {
  constructor(readonly winner: T) {
    super('another request with the same ClientToken won');
  }
}

/**
 * Records this request's response under (scope, token) inside the caller's transaction. When a concurrent
 * request with the same token committed first, throws IdempotencyRaceLost with its response (or a mismatch).
 */
export async function recordIdempotent(store: Store, scope: string, token: string, hash: string, response: Json, now: number): Promise<void> {
  const stored = await store.putIdempotencyRecord({ scope, token, requestHash: hash, response, createdAt: now });
  if (stored.requestHash !== hash) {
    throw new ChatError('IdempotencyMismatch', `The ClientToken ${token} was already used with a different request.`);
  }
  if (canonicalJson(stored.response) !== canonicalJson(response)) throw new IdempotencyRaceLost(stored.response);
}

/** Runs `work`; when it lost a ClientToken race, answers `replay(winner)` instead. */
export async function withIdempotencyRace<T, W>(work: () => Promise<T>, replay: (winner: W) => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof IdempotencyRaceLost) return replay(err.winner as W);
    throw err;
  }
}
