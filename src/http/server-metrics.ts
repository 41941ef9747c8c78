// Prometheus metrics of a node (prom-client): AWS-face requests by operation and status with their latency, sockets,
// active chats, contacts waiting per queue, timers waiting past their due time, and Node's own process metrics
// (event-loop lag, memory, CPU).
// Served at GET /metrics; what a gauge counts is read from its source at scrape time.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricSources {
  sockets: () => { participant: number; agent: number };
  /** Active chats per instance id. */
  activeChats: () => Promise<Record<string, number>>;
  /** Timers due but not yet fired. */
  overdueTimers: () => Promise<number>;
  /** Contacts waiting in each queue. */
  queueSizes: () => Promise<{ instance: string; queue: string; waiting: number }[]>;
}

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'switchboard_aws_requests_total', help: 'AWS-face requests, by operation and HTTP status.', labelNames: ['operation', 'status'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'switchboard_aws_request_duration_seconds', help: 'Time from a request to its answer, by operation.', labelNames: ['operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'switchboard_websockets', help: 'Open websockets on this node, by kind.', labelNames: ['kind'], registers: [this.registry],
      collect() {
        const s = sources.sockets();
        this.set({ kind: 'participant' }, s.participant);
        this.set({ kind: 'agent' }, s.agent);
      },
    });
    new Gauge({
      name: 'switchboard_active_chats', help: 'Active chats, by instance.', labelNames: ['instance'], registers: [this.registry],
      async collect() {
        this.reset();
        for (const [instance, n] of Object.entries(await sources.activeChats())) this.set({ instance }, n);
      },
    });
    new Gauge({
      name: 'switchboard_queue_contacts', help: 'Contacts waiting in a queue, by instance and queue name.', labelNames: ['instance', 'queue'], registers: [this.registry],
      async collect() {
        this.reset();
        for (const q of await sources.queueSizes()) this.set({ instance: q.instance, queue: q.queue }, q.waiting);
      },
    });
    new Gauge({
      name: 'switchboard_timers_overdue', help: 'Timers past their due time, not yet fired (timer lag).', registers: [this.registry],
      async collect() {
        this.set(await sources.overdueTimers());
      },
    });
  }

  observeAws(operation: string | undefined, status: number, seconds: number): void {
    const op = operation ?? 'unknown';
    this.requests.inc({ operation: op, status: String(status) });
    this.latency.observe({ operation: op }, seconds);
  }
}
