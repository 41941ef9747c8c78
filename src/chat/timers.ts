// Durable timers: rows in the store, swept on an interval. A node leases a due timer (claimTimer: one node
// wins), runs its handler, and only then deletes it; a node that dies in between leaves a lease that runs out, and
// another node runs the timer again — so every handler must be safe to run twice (each checks the state it acts
// on). A handler that fails is retried 5 s later, at most MAX_ATTEMPTS times in all. Due times come from the Clock,
// so a test moves time and calls sweep() instead of sleeping; leases are wall-clock time (node liveness).
import type { Clock } from '../clock.js';
import type { Json, Store } from '../storage/store.js';

export type TimerHandler = (contactId: string, payload: Json) => Promise<void>;

export interface TimerLogger {
  error(obj: object, msg: string): void;
}

const MAX_ATTEMPTS = 5;
const RETRY_DELAY_MS = 5_000;

export class TimerSweeper {
  private readonly handlers = new Map<string, TimerHandler>();
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: TimerLogger,
    /** How long a claim holds a timer before another node may run it (longer than any handler takes). */
    private readonly leaseMs = 60_000,
  ) {}

  private readonly beats: (() => Promise<void>)[] = [];

  on(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Work that runs after every sweep (e.g. routing dispatch). */
  every(beat: () => Promise<void>): void {
    this.beats.push(beat);
  }

  /** Fires every due timer once; returns how many fired. Overlapping calls share one sweep. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(everyMs = 1000): void {
    this.interval = setInterval(() => void this.sweep().catch((err) => this.logger.error({ err }, 'timer sweep failed')), everyMs);
    this.interval.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.interval);
    await this.running?.catch(() => {});
  }

  private async sweepOnce(): Promise<number> {
    let fired = 0;
    for (;;) {
      const due = await this.store.dueTimers(this.clock.now(), 100);
      if (!due.length) {
        for (const beat of this.beats) await beat().catch((err) => this.logger.error({ err }, 'timer beat failed'));
        return fired;
      }
      let claimed = 0;
      for (const timer of due) {
        const now = Date.now();
        if (!(await this.store.claimTimer(timer.id, now, now + this.leaseMs))) continue;
        claimed++;
        const handler = this.handlers.get(timer.kind);
        try {
          await handler?.(timer.contactId, timer.payload);
          await this.store.completeTimer(timer.id);
          fired++;
        } catch (err) {
          const attempts = await this.store.releaseTimer(timer.id, Date.now() + RETRY_DELAY_MS);
          this.logger.error({ err, timer, attempts }, 'timer handler failed');
          if (attempts >= MAX_ATTEMPTS) await this.store.completeTimer(timer.id);
        }
      }
      // Everything due is leased by other nodes (or failing): leave it to them and to the next sweep.
      if (!claimed) {
        for (const beat of this.beats) await beat().catch((err) => this.logger.error({ err }, 'timer beat failed'));
        return fired;
      }
    }
  }
}
