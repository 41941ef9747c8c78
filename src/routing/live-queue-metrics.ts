// Queue metrics and agents' states as they change, for the faces that show them live (the admin console's queues and
// agents, the workspace's glance): while anyone watches an instance, this node samples them once a second — one
// computation per instance, however many watchers — and hands each watcher the view whenever it differs from the last.
import type { ChatContext } from '../chat/chat-context.js';
import type { InstanceResources } from './instance-resources.js';
import { type QueueMetrics, queueMetrics } from './queue-metrics.js';

export type QueueRow = { id: string; name: string } & QueueMetrics;

/** An agent as a supervisor watches one: who, the status they chose, logged in or not, and what they hold. */
export interface AgentRow {
  userId: string;
  username: string;
  status: string;
  online: boolean;
  /** Since when the status holds (ISO time). */
  since: string;
  contacts: { offered: number; connected: number; afterContactWork: number };
}

export interface LiveView {
  queues: QueueRow[];
  agents: AgentRow[];
}

type Listener = (view: LiveView) => void;

interface Watched {
  listeners: Set<Listener>;
  last?: string;
  view?: LiveView;
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

  /** The instance's agents that have logged in at least once, by username. */
  async agents(instanceId: string): Promise<AgentRow[]> {
    const { store } = this.ctx;
    const users = new Map((await this.resources.list<{ Username: string }>(store, instanceId, 'user')).map((u) => [u.id, u.data.Username]));
    const held = await store.listAgentContacts({ instanceId });
    return (await store.listAgentStates(instanceId))
      .filter((a) => users.has(a.userId))
      .map((a) => {
        const mine = held.filter((c) => c.userId === a.userId);
        return {
          userId: a.userId, username: users.get(a.userId)!, status: a.status, online: a.online, since: new Date(a.since).toISOString(),
          contacts: {
            offered: mine.filter((c) => c.state === 'OFFERED').length, connected: mine.filter((c) => c.state === 'CONNECTED').length,
            afterContactWork: mine.filter((c) => c.state === 'ACW').length,
          },
        };
      })
      .sort((x, y) => x.username.localeCompare(y.username));
  }

  /** Calls `listener` with the view now, then each time it changes; the returned function stops it. */
  watch(instanceId: string, listener: Listener): () => void {
    let w = this.watched.get(instanceId);
    if (!w) {
      const created: Watched = { listeners: new Set(), timer: setInterval(() => void this.sample(instanceId, created), this.everyMs) };
      created.timer.unref();
      this.watched.set(instanceId, created);
      w = created;
      void this.sample(instanceId, created);
    } else if (w.view) listener(w.view);
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
    let view: LiveView;
    try {
      view = { queues: await this.rows(instanceId), agents: await this.agents(instanceId) };
    } catch (err) {
      this.ctx.logger.warn({ err, instanceId }, 'live queue metrics failed');
      return;
    }
    const text = JSON.stringify(view);
    if (text === w.last) return;
    w.last = text;
    w.view = view;
    for (const listener of w.listeners) listener(view);
  }
}
