// Durable timers: rows in the store, swept on an interval, each claimed by exactly one node (claimTimer
// deletes the row; only the deleter fires it). Because due times come from the Clock, a test moves time
// and calls sweep() instead of sleeping.
import type { Clock } from '../clock.js';
import type { Json, Store } from '../storage/store.js';

export type TimerHandler = (contactId: string, payload: Json) => Promise<void>;

export interface TimerLogger {
  error(obj: object, msg: string): void;
}

export class TimerSweeper {
  private readonly handlers = new Map<string, TimerHandler>();
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly logger: TimerLogger) {}

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
      for (const timer of due) {
        if (!(await this.store.claimTimer(timer.id))) continue;
        const handler = this.handlers.get(timer.kind);
        try {
          await handler?.(timer.contactId, timer.payload);
          fired++;
        } catch (err) {
          this.logger.error({ err, timer }, 'timer handler failed');
        }
      }
    }
  }
}
