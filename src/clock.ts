// The Clock port (ARCHITECTURE principle 6): all domain time comes from here so tests can move it.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand; timers due by the new time fire on the next timer sweep. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * The system clock moved forward by an offset (time control, development mode): a running server's chats, flows and
 * timers live as if that much time had passed. Local to this process.
 */
export class ShiftedClock implements Clock {
  /** `offsetMs` may start below zero: a flow test scenario that runs at a set time of the past. */
  constructor(private offsetMs = 0) {}

  now(): number {
    return Date.now() + this.offsetMs;
  }
  get offset(): number {
    return this.offsetMs;
  }
  /** Moves the clock forward to `to` (never back: time that passed stays passed). */
  moveTo(to: number): void {
    this.offsetMs += Math.max(0, to - this.now());
  }
  /** Makes the offset at least `offsetMs` (an advance by N seconds adds exactly N, however long the advance took). */
  shiftTo(offsetMs: number): void {
    this.offsetMs = Math.max(this.offsetMs, offsetMs);
  }
}
