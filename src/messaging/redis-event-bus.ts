// The scale-out EventBus on Redis pub/sub (ioredis): one publishing connection, one subscribing
// connection per node, channels reference-counted so that many local sockets share one Redis subscription.
import { Redis } from 'ioredis';
import type { BusHandler, EventBus } from './event-bus.js';
import { safely } from './in-process-event-bus.js';

export class RedisEventBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channels = new Map<string, Set<BusHandler>>();
  /** The pending Redis SUBSCRIBE of each channel, so concurrent subscribers all wait until it is live. */
  private readonly subscribing = new Map<string, Promise<unknown>>();

  constructor(url: string, private readonly prefix = 'switchboard:') {
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url, { lazyConnect: false });
    this.subscriber.on('message', (channel: string, text: string) => {
      const handlers = this.channels.get(channel.slice(this.prefix.length));
      if (!handlers) return;
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        return;
      }
      for (const handler of [...handlers]) safely(handler, message);
    });
    // Errors are retried by ioredis; without a listener they would crash the process.
    this.publisher.on('error', () => {});
    this.subscriber.on('error', () => {});
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.publisher.publish(this.prefix + channel, JSON.stringify(message));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    let set = this.channels.get(channel);
    if (!set) {
      const created = new Set<BusHandler>();
      const pending = this.subscriber.subscribe(this.prefix + channel);
      // A failed SUBSCRIBE must not poison the channel: forget it, so that the next subscriber tries afresh.
      pending.catch(() => {
        if (this.channels.get(channel) !== created) return;
        this.channels.delete(channel);
        this.subscribing.delete(channel);
      });
      set = created;
      this.channels.set(channel, set);
      this.subscribing.set(channel, pending);
    }
    set.add(handler);
    try {
      await this.subscribing.get(channel);
    } catch (err) {
      set.delete(handler);
      throw err;
    }
    return async () => {
      set.delete(handler);
      if (!set.size && this.channels.get(channel) === set) {
        this.channels.delete(channel);
        this.subscribing.delete(channel);
        await this.subscriber.unsubscribe(this.prefix + channel).catch(() => {});
      }
    };
  }

  async close(): Promise<void> {
    this.channels.clear();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
