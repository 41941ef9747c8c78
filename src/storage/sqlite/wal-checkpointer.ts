// Checkpoints the embedded store's write-ahead log from a worker thread. SQLite's automatic checkpoint runs inside
// the COMMIT that crosses the threshold (1,000 pages), on the committing connection — here the event loop — and
// copies pages into the database file with an fsync: measured at 40 % of a write-heavy load's time
// (bench/README.md). A PASSIVE checkpoint on a second connection does the same work beside the writer without
// blocking it (https://sqlite.org/wal.html#checkpointing); the writer then restarts the log at its start once a
// checkpoint has copied all of it. Durability is unchanged: a commit is in the log before it is acknowledged.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * How long the log may grow before the writer starts it over: each restart stops the event loop for the copy of the
 * last frames and an fsync (2–4 ms measured, the worker having copied the rest), so they should be rare — at 375
 * chat starts a second the log grows by about 20 MB a second.
 */
export const MAX_LOG_BYTES = 256 * 2 ** 20;

export interface WalCheckpointerOptions {
  /** How often the worker checkpoints. */
  intervalMs?: number;
  /** A log longer than this is started over by the writer (RESTART) after a commit. */
  maxLogBytes?: number;
  /** How often, at most, the writer looks at the log's length. */
  lookIntervalMs?: number;
}

// The worker's code, as CommonJS (an eval'd worker has require): one connection, a PASSIVE checkpoint per tick;
// each tells the writer, through shared memory, how many frames the log holds. It keeps copying while the writer's
// restart is due, so that the restart has only the last moments' frames to copy.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const logFrames = new Int32Array(workerData.logFrames);
let timer;
let idle = 0;
const checkpoint = () => {
  let copied = 0;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    copied = result.checkpointed;
    Atomics.store(logFrames, 0, result.log);
  } catch { /* busy: the next tick tries again */ }
  // A log with nothing new is looked at less often, up to every 2 s: an idle server's ticks cost CPU too. A log
  // near its limit is copied every 10 ms, so that the writer's restart finds almost nothing left to copy.
  idle = copied === lastCopied ? Math.min(idle + 1, 8) : 0;
  lastCopied = copied;
  const nearLimit = Atomics.load(logFrames, 0) > workerData.maxFrames * 0.9;
  timer = setTimeout(checkpoint, nearLimit ? 10 : workerData.intervalMs * (1 + idle));
};
let lastCopied = -1;
timer = setTimeout(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearTimeout(timer); db.close(); parentPort.postMessage('closed'); });
`;

export interface WalCheckpointer {
  /**
   * Called by the writer after each commit. A PASSIVE checkpoint never makes the writer wait, but the writer starts
   * the log over only when a checkpoint has copied all of it, which under unbroken writes never happens (the log
   * grew to 480 MB in 6 s of continuous commits; test/unit/wal-checkpointer.test.ts). So at most once a second the
   * writer looks at the log's length as the worker last saw it, and past maxLogBytes checkpoints with RESTART between
   * two transactions: the worker has copied nearly all of it, so this copies only the tail, and the next commit
   * writes the log from its start. (TRUNCATE, measured first, shrank and regrew the file each time: 50–200 ms
   * stalls at 2,000–4,000 messages a second; a 64 MiB limit made restarts, 15–50 ms each, frequent enough to show in
   * the p99 of 375 chat starts a second. Since the worker copies every 10 ms near the limit, a restart takes 2–4 ms.)
   * The store's journal_size_limit trims a file that grew past the limit.
   */
  afterCommit(): void;
  /** Stops the worker (the last connection to close, the store's, checkpoints what is left). */
  stop(): Promise<void>;
}

export function startWalCheckpointer(file: string, writer: Database.Database, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const maxFrames = Math.floor((options.maxLogBytes ?? MAX_LOG_BYTES) / (writer.pragma('page_size', { simple: true }) as number));
  const lookIntervalMs = options.lookIntervalMs ?? 1000;
  const logFrames = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, maxFrames, logFrames: logFrames.buffer, intervalMs: options.intervalMs ?? 250 } });
  // A checkpointer that dies (the file removed under it) costs only the optimisation: the store still works, and
  // the log is checkpointed when the store closes. Not a reason to crash the server.
  worker.on('error', () => {});
  worker.unref();
  let lastLook = 0;
  let stopped: Promise<void> | undefined;
  return {
    afterCommit() {
      const now = Date.now();
      if (now - lastLook < lookIntervalMs) return;
      lastLook = now;
      if (Atomics.load(logFrames, 0) <= maxFrames) return;
      try {
        const [result] = writer.pragma('wal_checkpoint(RESTART)') as { busy: number }[];
        if (result?.busy === 0) Atomics.store(logFrames, 0, 0);
        // Busy (the worker is mid-copy): look again after the next commits, not a second later.
        else lastLook = now - lookIntervalMs + 20;
      } catch {
        // Busy (the worker is mid-checkpoint, or another process reads an older snapshot): the next look tries again.
      }
    },
    stop: () => (stopped ??= new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.once('message', () => void worker.terminate());
      worker.postMessage('stop');
    })),
  };
}
