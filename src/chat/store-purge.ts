// Keeps the store from growing without bound: on a schedule, removes tokens and agent/admin sessions past their
// expiry, participant tokens of participants who left, and ClientToken records older than the idempotency window.
// Every node may run it; the deletes are idempotent, so nodes that purge at once only repeat each other's work.
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/store.js';

/** A ClientToken replays its first answer for 24 hours (Amazon documents no window; docs/wire-compatibility.md). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60_000;

export class StorePurge {
  private interval: NodeJS.Timeout | undefined;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly logger: Logger) {}

  /** Purges once; returns how many rows were removed. */
  async run(): Promise<number> {
    const now = this.clock.now();
    return this.store.purgeExpired(now, now - IDEMPOTENCY_RETENTION_MS);
  }

  start(everyMs: number): void {
    this.interval = setInterval(() => void this.run().catch((err) => this.logger.warn({ err }, 'store purge failed')), everyMs);
    this.interval.unref();
  }

  stop(): void {
    clearInterval(this.interval);
  }
}
