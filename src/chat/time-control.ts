// Time control for development and tests: read the server's clock and move it forward, with every timer that comes
// due on the way firing in due order (chat durations, flow waits, participant idle and disconnect timers, offers),
// each at its own moment — a 25-hour chat expiry or a 900-second Wait runs in milliseconds and produces what a real
// chat would, in the same order. Refused unless the server runs with SWITCHBOARD_TIME_CONTROL=true.
import type { ShiftedClock } from '../clock.js';
import type { Store } from '../storage/store.js';
import { ChatError } from './chat-errors.js';

/** At most this far in one call (Amazon's longest chat is 7 days). */
const MAX_ADVANCE_MS = 8 * 24 * 60 * 60_000;
/** Guards against a timer handler that schedules another timer at once, forever. */
const MAX_STEPS = 10_000;

export class TimeControl {
  constructor(
    private readonly clock: ShiftedClock | undefined,
    private readonly store: Store,
    /** Fires every timer due by the clock's now (the timer sweeper). */
    private readonly sweep: () => Promise<number>,
  ) {}

  get enabled(): boolean {
    return !!this.clock;
  }

  read(): { now: number; offsetMs: number; enabled: boolean } {
    return { now: this.clock?.now() ?? Date.now(), offsetMs: this.clock?.offset ?? 0, enabled: this.enabled };
  }

  /** Moves time forward by `ms`, stopping at each due timer on the way; returns the new time and how many fired. */
  async advance(ms: number): Promise<{ now: number; offsetMs: number; fired: number }> {
    const clock = this.clock;
    if (!clock) {
      throw new ChatError('InvalidRequest', 'Time control is off: start Switchboard with SWITCHBOARD_TIME_CONTROL=true (development and tests only).');
    }
    if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_ADVANCE_MS) throw new ChatError('InvalidRequest', 'Advance by more than 0 seconds and at most 8 days.');
    const target = clock.now() + ms;
    const targetOffset = clock.offset + ms;
    let fired = 0;
    for (let step = 0; step < MAX_STEPS; step++) {
      const [next] = await this.store.dueTimers(target, 1);
      if (!next) break;
      // Each timer fires at its own time, so what it schedules in turn is due when it really would be.
      clock.moveTo(next.dueAt);
      const count = await this.sweep();
      if (!count) break;
      fired += count;
    }
    clock.shiftTo(targetOffset);
    fired += await this.sweep();
    return { now: clock.now(), offsetMs: clock.offset, fired };
  }
}
