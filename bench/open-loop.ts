// The open-loop load generator: messages are sent at a fixed arrival rate whatever the server does (a closed loop
// that waits for answers never offers more than the server takes, and so hides collapse). Each message is timed
// from its send to its push on the receiving participant's socket; a message not pushed within the grace period,
// or refused, is lost. Levels rise until one fails; the highest level with p99 ≤ the bound and nothing lost is
// what the target sustains.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface MessageTarget {
  name: string;
  /** host:port of the HTTP endpoint messages are POSTed to. */
  host: string;
  port: number;
  /** One entry per chat: the request path and headers a send uses. */
  chats: { path: string; headers: Record<string, string> }[];
  /** Registers the callback the receiving sockets call with each pushed message's content. */
  onArrival(callback: (content: string) => void): void;
  /** CPU seconds the server's process has used so far (processCpuSeconds). */
  cpuSeconds?: () => number;
  /** CPU seconds the database server's processes have used so far (PostgreSQL: postgresCpuSeconds). */
  databaseCpuSeconds?: () => number;
}

export interface LevelResult {
  rate: number;
  sent: number;
  received: number;
  refused: number;
  lost: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  sustained: boolean;
  /** The server process's CPU time per operation over the level (all its threads), when known. */
  cpuMsPerOp?: number;
  /** The database's CPU time per operation over the level (PostgreSQL's processes), when measured. */
  databaseCpuMsPerOp?: number;
}

export const P99_BOUND_MS = 50;
const WITH_CLIENT_TOKEN = process.env.BENCH_CLIENT_TOKEN === '1';

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Sends `rate` messages per second for `seconds`, spread round-robin over the target's chats. */
export async function runLevel(target: MessageTarget, rate: number, seconds: number, label: string): Promise<LevelResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let refused = 0;
  target.onArrival((content) => {
    const t0 = sentAt.get(content);
    if (t0 === undefined) return;
    sentAt.delete(content);
    latencies.push(performance.now() - t0);
  });
  const total = Math.round(rate * seconds);
  const cpuBefore = target.cpuSeconds?.();
  const databaseCpuBefore = target.databaseCpuSeconds?.();
  const start = performance.now();
  let sent = 0;
  let inFlight = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) {
        const n = sent++;
        const chat = target.chats[n % target.chats.length]!;
        const content = `${label}-${n}`;
        // BENCH_CLIENT_TOKEN=1: each message carries a ClientToken, as the AWS SDKs (and so chatjs) always send one.
        const body = WITH_CLIENT_TOKEN ? `{"ContentType":"text/plain","Content":"${content}","ClientToken":"${content}"}` : `{"ContentType":"text/plain","Content":"${content}"}`;
        sentAt.set(content, performance.now());
        inFlight++;
        const req = request({ host: target.host, port: target.port, method: 'POST', path: chat.path, agent,
          headers: { ...chat.headers, 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
          if (res.statusCode !== 200) {
            refused++;
            sentAt.delete(content);
          }
          res.resume();
          res.on('end', () => inFlight--);
        });
        req.on('error', () => {
          refused++;
          inFlight--;
          sentAt.delete(content);
        });
        req.end(body);
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  // Grace: what has not arrived 2 s after the last send is lost.
  const deadline = performance.now() + 2000;
  while ((sentAt.size || inFlight) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  agent.destroy();
  const cpuMsPerOp = cpuBefore === undefined ? undefined : ((target.cpuSeconds!() - cpuBefore) * 1000) / total;
  const databaseCpuMsPerOp = databaseCpuBefore === undefined ? undefined : ((target.databaseCpuSeconds!() - databaseCpuBefore) * 1000) / total;
  const sorted = latencies.sort((a, b) => a - b);
  const lost = total - latencies.length;
  const p99 = percentile(sorted, 0.99);
  return {
    rate, sent: total, received: latencies.length, refused, lost,
    p50Ms: percentile(sorted, 0.5), p99Ms: p99, maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    sustained: lost === 0 && p99 <= P99_BOUND_MS, cpuMsPerOp, ...(databaseCpuMsPerOp === undefined ? {} : { databaseCpuMsPerOp }),
  };
}

export const cpu = (r: LevelResult) => (r.cpuMsPerOp === undefined ? '' : `, server CPU ${(r.cpuMsPerOp * 1000).toFixed(0)} µs/op`)
  + (r.databaseCpuMsPerOp === undefined ? '' : `, PostgreSQL CPU ${(r.databaseCpuMsPerOp * 1000).toFixed(0)} µs/op`);

/** Runs rising levels until one fails (collapse), returning every level run and the highest sustained rate. */
export async function runLevels(target: MessageTarget, rates: number[], seconds: number, log: (line: string) => void) {
  // Warm-up, not counted: the first messages pay for JIT compilation and first-use caches.
  await runLevel(target, 200, 2, `${target.name.replace(/\W+/g, '')}-warm`);
  const levels: LevelResult[] = [];
  for (const rate of rates) {
    let result = await runLevel(target, rate, seconds, `${target.name.replace(/\W+/g, '')}-${rate}`);
    log(`  ${target.name}: ${rate}/s → p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, lost ${result.lost}${cpu(result)}${result.sustained ? '' : '  (not sustained)'}`);
    if (!result.sustained) {
      // A shared machine has hiccups: a level counts as failed only when it fails twice in a row.
      await new Promise((r) => setTimeout(r, 1000));
      result = await runLevel(target, rate, seconds, `${target.name.replace(/\W+/g, '')}-${rate}-again`);
      log(`  ${target.name}: ${rate}/s again → p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, lost ${result.lost}${cpu(result)}${result.sustained ? '' : '  (not sustained)'}`);
    }
    levels.push(result);
    if (!result.sustained) break;
    // Let queues drain between levels.
    await new Promise((r) => setTimeout(r, 500));
  }
  const sustainedRate = Math.max(0, ...levels.filter((l) => l.sustained).map((l) => l.rate));
  return { levels, sustainedRate };
}
