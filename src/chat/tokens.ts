// Participant, connection and websocket tokens: 256 random bits each, handed out once and stored only
// as a SHA-256 hash, scoped to one participant of one contact. Lifetimes follow the Participant Service
// docs: a participant token lives as long as the participant is in the chat; a connection token 1 day;
// a websocket URL may be opened once, within 100 seconds.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Store, TokenKind, TokenRecord, TokenSession } from '../storage/store.js';
import { ChatError } from './chat-errors.js';

export const CONNECTION_TOKEN_TTL_MS = 24 * 60 * 60_000;
export const WEBSOCKET_URL_TTL_MS = 100_000;

/**
 * A new token: 256 random bits in base64url, never starting with "-" or "_". A leading "-" made the AWS CLI
 * (`aws connectparticipant send-message --connection-token -x…`) read the token as an option; Amazon's own tokens
 * start with a letter. One letter drawn from the base64 alphabet's first 52 replaces a leading "-" or "_".
 */
export function newTokenValue(): string {
  const bytes = randomPool.take(33);
  const raw = bytes.subarray(1).toString('base64url');
  return /^[-_]/.test(raw) ? LETTERS[bytes[0]! % LETTERS.length] + raw.slice(1) : raw;
}
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random bytes drawn from the kernel 4 KiB at a time (a randomBytes call per token was 2 % of a chat start), as Node's randomUUID buffers. */
const randomPool = {
  buffer: Buffer.alloc(0),
  offset: 0,
  take(n: number): Buffer {
    if (this.offset + n > this.buffer.length) {
      this.buffer = randomBytes(4096);
      this.offset = 0;
    }
    const taken = this.buffer.subarray(this.offset, this.offset + n);
    this.offset += n;
    return taken;
  },
};

export function hashToken(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

export class TokenService {
  constructor(private readonly clock: Clock) {}

  async issue(store: Store, kind: TokenKind, participantId: string, contactId: string, ttlMs: number | null) {
    const raw = newTokenValue();
    const expiresAt = ttlMs === null ? null : this.clock.now() + ttlMs;
    await store.insertToken({ hash: hashToken(raw), kind, participantId, contactId, expiresAt });
    return { token: raw, expiresAt };
  }

  /** The live token record for `raw` of the given kind, or AccessDenied (403), as AWS answers dead tokens. */
  async resolve(store: Store, raw: string, kind: TokenKind): Promise<TokenRecord> {
    return this.live(raw ? await store.getToken(hashToken(raw)) : undefined, kind);
  }

  /** Like resolve, with the token's participant and (locked, inside a transaction) contact, in one look-up. */
  async resolveSession(store: Store, raw: string, kind: TokenKind): Promise<TokenSession> {
    const found = raw ? await store.getTokenSession(hashToken(raw)) : undefined;
    this.live(found?.token, kind);
    return found!;
  }

  /** Like resolve, and uses the token up: a single-use token (a websocket URL's) works for one caller only. */
  async consume(store: Store, raw: string, kind: TokenKind): Promise<TokenRecord> {
    return this.live(raw ? await store.consumeToken(hashToken(raw), kind) : undefined, kind);
  }

  private live(record: TokenRecord | undefined, kind: TokenKind): TokenRecord {
    if (!record || record.kind !== kind || (record.expiresAt !== null && record.expiresAt <= this.clock.now())) {
      throw new ChatError('AccessDenied', 'You do not have sufficient access to perform this action.');
    }
    return record;
  }
}
