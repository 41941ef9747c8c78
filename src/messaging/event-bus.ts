// The EventBus port: fan-out of small JSON messages between the nodes of a cluster, used only to wake
// sockets. It is at-most-once by contract (ARCHITECTURE principle 4): a subscriber that misses a message
// recovers from the store (clients through GetTranscript). Guarantees every implementation keeps
// (test/contracts/event-bus.contract.ts): a message published after subscribe() resolved reaches every
// subscriber of that channel, on every node, in publish order per publisher; unsubscribing stops delivery.

export type BusHandler = (message: unknown) => void;

export interface EventBus {
  publish(channel: string, message: unknown): Promise<void>;
  /** Resolves once the subscription is live; the returned function ends it. */
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
