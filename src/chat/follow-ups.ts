// Follow-up work a committed transaction leaves (routing rounds, Lambda calls, flow continuations): it runs after
// the API answer, in the background, chain by chain in order — but bounded and accounted for. At most
// MAX_CHAINS chains run at once; a caller beyond that waits for a free slot (back-pressure instead of an
// unbounded heap of promises), and shutdown drains what is running before the store closes.
export const MAX_CHAINS = 512;

export interface FollowUpLogger {
  error(obj: object, msg: string): void;
}

export class FollowUps {
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly logger: FollowUpLogger, private readonly maxChains = MAX_CHAINS) {}

  /** Starts one chain of tasks, run one after another; resolves once it has started (not when it ends). */
  async run(tasks: (() => Promise<void>)[]): Promise<void> {
    if (!tasks.length) return;
    if (this.closed) {
      this.logger.error({ tasks: tasks.length }, 'follow-up work after shutdown began was dropped (the routing beat and timers recover it)');
      return;
    }
    while (this.running.size >= this.maxChains) await Promise.race(this.running);
    const chain = (async () => {
      for (const task of tasks) await task().catch((err: unknown) => this.logger.error({ err }, 'follow-up task failed'));
    })();
    this.running.add(chain);
    void chain.finally(() => this.running.delete(chain));
  }

  get pending(): number {
    return this.running.size;
  }

  /** Waits until no chain runs, including chains started by the ones it waited for (a flow test's next turn). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /** Refuses new chains and waits for the running ones (they may start tasks of their own chain, not new chains). */
  async drain(): Promise<void> {
    this.closed = true;
    await this.idle();
  }
}
