// The EventBus port's contract, run against every implementation (in-process, Redis).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventBus } from '../../src/messaging/event-bus.js';

const settle = (ms = 100) => new Promise((r) => setTimeout(r, ms));

/** `open` may be called several times: each call is one node of a cluster sharing the bus. */
export function eventBusContract(name: string, open: () => EventBus) {
  describe(`EventBus contract: ${name}`, () => {
    const opened: EventBus[] = [];
    const node = () => {
      const bus = open();
      opened.push(bus);
      return bus;
    };
    afterAll(async () => {
      for (const bus of opened) await bus.close();
    });

    it('delivers to every subscriber of a channel, in publish order', async () => {
      const [a, b] = [node(), node()];
      const channel = `c-${randomUUID()}`;
      const seenA: unknown[] = [];
      const seenB: unknown[] = [];
      await a.subscribe(channel, (m) => seenA.push(m));
      await b.subscribe(channel, (m) => seenB.push(m));
      for (let n = 0; n < 20; n++) await a.publish(channel, { n });
      await settle();
      const expected = Array.from({ length: 20 }, (_, n) => ({ n }));
      expect(seenA).toEqual(expected);
      // On a single-node bus the "other node" is the same process: delivery is the same.
      expect(seenB).toEqual(expected);
    });

    it('keeps channels apart and stops after unsubscribe', async () => {
      const bus = node();
      const [one, two] = [`c-${randomUUID()}`, `c-${randomUUID()}`];
      const seen: unknown[] = [];
      const stop = await bus.subscribe(one, (m) => seen.push(m));
      await bus.publish(two, 'other channel');
      await bus.publish(one, 'first');
      await settle();
      await stop();
      await bus.publish(one, 'after unsubscribe');
      await settle();
      expect(seen).toEqual(['first']);
    });

    it('has every one of several concurrent subscriptions live once they resolve', async () => {
      const bus = node();
      const channel = `c-${randomUUID()}`;
      const seen: string[] = [];
      await Promise.all(['a', 'b', 'c'].map((who) => bus.subscribe(channel, () => seen.push(who))));
      await bus.publish(channel, 'x');
      await settle();
      expect(seen.sort()).toEqual(['a', 'b', 'c']);
    });

    it('isolates a throwing subscriber', async () => {
      const bus = node();
      const channel = `c-${randomUUID()}`;
      const seen: unknown[] = [];
      await bus.subscribe(channel, () => {
        throw new Error('bad subscriber');
      });
      await bus.subscribe(channel, (m) => seen.push(m));
      await bus.publish(channel, 'x');
      await settle();
      expect(seen).toEqual(['x']);
    });
  });
}
