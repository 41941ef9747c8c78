// Request rate limits, per node and in memory (rate-limiter-flexible's fixed windows): per access key on the
// Connect API, per token on the Participant Service (as Amazon throttles per account and per token), per client
// address and per widget on the public widget endpoint, and per address plus per (username, address) lockout on
// logins. Each face asks before doing work and maps a refusal to its own error shape (429 with Retry-After).
// Limits are per node on purpose: a cluster's capacity grows with its nodes, and no request pays a Redis round trip.
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimits } from '../config.js';

/** A refusal: how long until the caller may try again. */
export interface Refusal {
  retryAfterSeconds: number;
}

const LOCKOUT_SECONDS = 15 * 60;

export class RequestLimits {
  private readonly connect?: RateLimiterMemory;
  private readonly participant?: RateLimiterMemory;
  private readonly widgetAddress?: RateLimiterMemory;
  private readonly widgetTotal?: RateLimiterMemory;
  private readonly loginAddress?: RateLimiterMemory;
  private readonly loginFailures?: RateLimiterMemory;

  constructor(limits: RateLimits) {
    const perWindow = (points: number, duration: number, blockDuration = 0) =>
      points > 0 ? new RateLimiterMemory({ points, duration, blockDuration }) : undefined;
    this.connect = perWindow(limits.connectPerKeyPerSecond, 1);
    this.participant = perWindow(limits.participantPerTokenPerSecond, 1);
    this.widgetAddress = perWindow(limits.widgetStartsPerAddressPerMinute, 60);
    this.widgetTotal = perWindow(limits.widgetStartsPerWidgetPerMinute, 60);
    this.loginAddress = perWindow(limits.loginsPerAddressPerMinute, 60);
    // Consecutive failures of one username from one address lock that pair out: guessing is stopped, yet nobody
    // elsewhere can lock the real agent out by failing on purpose.
    this.loginFailures = perWindow(limits.loginFailuresBeforeLockout, LOCKOUT_SECONDS, LOCKOUT_SECONDS);
  }

  connectCall(accessKeyId: string): Promise<Refusal | undefined> {
    return take(this.connect, accessKeyId);
  }

  /** Keyed by a hash: a token is a secret, and a huge bogus one must not become a huge key. */
  participantCall(token: string): Promise<Refusal | undefined> {
    return take(this.participant, createHash('sha256').update(token).digest('base64url'));
  }

  async widgetStart(widgetId: string, address: string): Promise<Refusal | undefined> {
    return (await take(this.widgetAddress, `${widgetId}|${address}`)) ?? take(this.widgetTotal, widgetId);
  }

  /** Before checking a password: refused while the address sends too many attempts or the pair is locked out. */
  async loginAttempt(username: string, address: string): Promise<Refusal | undefined> {
    const locked = await this.loginFailures?.get(loginKey(username, address));
    if (locked && locked.remainingPoints <= 0) return { retryAfterSeconds: Math.max(1, Math.ceil(locked.msBeforeNext / 1000)) };
    return take(this.loginAddress, address);
  }

  async loginFailed(username: string, address: string): Promise<void> {
    await take(this.loginFailures, loginKey(username, address));
  }

  async loginSucceeded(username: string, address: string): Promise<void> {
    await this.loginFailures?.delete(loginKey(username, address));
  }
}

function loginKey(username: string, address: string): string {
  return `${createHash('sha256').update(username).digest('base64url')}|${address}`;
}

async function take(limiter: RateLimiterMemory | undefined, key: string): Promise<Refusal | undefined> {
  if (!limiter) return undefined;
  try {
    await limiter.consume(key);
    return undefined;
  } catch (res) {
    if (res instanceof RateLimiterRes) return { retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
    throw res;
  }
}
