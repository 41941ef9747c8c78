// Queue metrics as they change, for the faces that show them live (the admin console's queues, the workspace's glance):
// while anyone watches an instance, this node samples its queues' real-time metrics once a second — one computation
// per instance, however many watchers — and hands each watcher the rows whenever they differ from the last ones.
import type { ChatContext } from '../chat/chat-context.js';
import type { InstanceResources } from './instance-resources.js';
import { type QueueMetrics, queueMetrics } from './queue-metrics.js';

export type QueueRow = { id: string; name: string } & QueueMetrics;

type Listener = (rows: QueueRow[]) => void;

interface Watched {
  listeners: Set<Listener>;
  last?: string;
  rows?: QueueRow[];
  timer: NodeJS.Timeout;
}

export class LiveQueueMetrics {
  private readonly watched = new Map<string, Watched>();

  constructor(private readonly ctx: ChatContext, private readonly resources: InstanceResources, private readonly everyMs = 1000) {}

  /** The instance's queues with their metrics now. */
  async rows(instanceId: string): Promise<QueueRow[]> {
    const queues = await this.resources.list(this.ctx.store, instanceId, 'queue');
    const now = this.ctx.clock.now();
    return Promise.all(queues.map(async (q) => ({ id: q.id, name: q.name, ...(await queueMetrics(this.ctx.store, this.resources, instanceId, q.id, now)) })));
  }

  /** Calls `listener` with the rows now, then each time they change; the returned function stops it. */
  watch(instanceId: string, listener: Listener): () => void {
    let w = this.watched.get(instanceId);
    if (!w) {
      const created: Watched = { listeners: new Set(), timer: setInterval(() => void this.sample(instanceId, created), this.everyMs) };
      created.timer.unref();
      this.watched.set(instanceId, created);
      w = created;
      void this.sample(instanceId, created);
    } else if (w.rows) listener(w.rows);
    w.listeners.add(listener);
    const watched = w;
    return () => {
      watched.listeners.delete(listener);
      if (!watched.listeners.size && this.watched.get(instanceId) === watched) {
        clearInterval(watched.timer);
        this.watched.delete(instanceId);
      }
    };
  }

  /** Stops every watch (shutdown). */
  close(): void {
    for (const w of this.watched.values()) clearInterval(w.timer);
    this.watched.clear();
  }

  private async sample(instanceId: string, w: Watched): Promise<void> {
    let rows: QueueRow[];
    try {
      rows = await this.rows(instanceId);
    } catch (err) {
      this.ctx.logger.warn({ err, instanceId }, 'live queue metrics failed');
      return;
    }
    const text = JSON.stringify(rows);
    if (text === w.last) return;
    w.last = text;
    w.rows = rows;
    for (const listener of w.listeners) listener(rows);
  }
}
