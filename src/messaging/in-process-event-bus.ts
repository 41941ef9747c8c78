// The single-node EventBus: delivery inside this process, asynchronously (as a network bus would be),
// so that no publisher ever runs subscriber code on its own stack.
import type { BusHandler, EventBus } from './event-bus.js';

export class InProcessEventBus implements EventBus {
  private readonly channels = new Map<string, Set<BusHandler>>();

  async publish(channel: string, message: unknown): Promise<void> {
    const handlers = this.channels.get(channel);
    if (!handlers?.size) return;
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    for (const handler of [...handlers]) queueMicrotask(() => safely(handler, copy));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    const set = this.channels.get(channel) ?? new Set<BusHandler>();
    set.add(handler);
    this.channels.set(channel, set);
    return async () => {
      set.delete(handler);
      if (!set.size) this.channels.delete(channel);
    };
  }

  async close(): Promise<void> {
    this.channels.clear();
  }
}

export function safely(handler: BusHandler, message: unknown): void {
  try {
    handler(message);
  } catch {
    // A failing subscriber must not affect the publisher or other subscribers (at-most-once bus).
  }
}
