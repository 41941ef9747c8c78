// Checkpoints the embedded store's write-ahead log from a worker thread. SQLite's automatic checkpoint runs inside
// the COMMIT that crosses the threshold (1,000 pages), on the committing connection — here the event loop — and
// copies pages into the database file with an fsync: measured at 40 % of a write-heavy load's time
// (bench/README.md). A PASSIVE checkpoint on a second connection does the same work beside the writer without
// blocking it (https://sqlite.org/wal.html#checkpointing); the writer then restarts the log at its start once a
// checkpoint has copied all of it. Durability is unchanged: a commit is in the log before it is acknowledged.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface WalCheckpointerOptions {
  /** How often the worker checkpoints. */
  intervalMs?: number;
  /** A log larger than this is emptied by the writer after a commit (TRUNCATE). */
  maxLogBytes?: number;
  /** How often, at most, the writer looks at the log's size. */
  lookIntervalMs?: number;
}

// The worker's code, as CommonJS (an eval'd worker has require): one connection, a PASSIVE checkpoint per tick,
// except when the log has outgrown maxLogBytes: then the writer empties it (afterCommit), and a checkpoint running
// here would only make that wait.
const WORKER_SOURCE = `
const { statSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const logBytes = () => { try { return statSync(workerData.file + '-wal').size; } catch { return 0; } };
const checkpoint = () => {
  try { if (logBytes() <= workerData.maxLogBytes) db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick tries again */ }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.postMessage('closed'); });
`;

export interface WalCheckpointer {
  /**
   * Called by the writer after each commit. A PASSIVE checkpoint never makes the writer wait, but the writer starts
   * the log over only when a checkpoint has copied all of it, which under unbroken writes never happens (the log
   * grew to 480 MB in 6 s of continuous commits; test/unit/wal-checkpointer.test.ts). So at most once a second the
   * writer looks at the log's size, and past maxLogBytes empties it itself (TRUNCATE) between two transactions: the
   * worker has already copied nearly all of it, so this copies only the tail.
   */
  afterCommit(): void;
  /** Stops the worker (the last connection to close, the store's, checkpoints what is left). */
  stop(): Promise<void>;
}

export function startWalCheckpointer(file: string, writer: Database.Database, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const maxLogBytes = options.maxLogBytes ?? 64 * 2 ** 20;
  const lookIntervalMs = options.lookIntervalMs ?? 1000;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, maxLogBytes, intervalMs: options.intervalMs ?? 250 } });
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
      let size = 0;
      try {
        size = statSync(`${file}-wal`).size;
      } catch {
        return;
      }
      if (size <= maxLogBytes) return;
      try {
        writer.pragma('wal_checkpoint(TRUNCATE)');
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
