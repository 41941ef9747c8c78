// Checkpoints the embedded store's write-ahead log from a worker thread. SQLite's automatic checkpoint runs inside
// the COMMIT that crosses the threshold (1,000 pages), on the committing connection — here the event loop — and
// copies pages into the database file with an fsync: measured at 40 % of a write-heavy load's time
// (bench/README.md). A PASSIVE checkpoint on a second connection does the same work beside the writer without
// blocking it (https://sqlite.org/wal.html#checkpointing); the writer then restarts the log at its start once a
// checkpoint has copied all of it. Durability is unchanged: a commit is in the log before it is acknowledged.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints; at 5,000 small transactions a second the log stays a few megabytes. */
const CHECKPOINT_INTERVAL_MS = 250;

// The worker's code, as CommonJS (an eval'd worker has require): one connection, a PASSIVE checkpoint per tick.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick tries again */ } };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.postMessage('closed'); });
`;

export interface WalCheckpointer {
  /** Stops the worker (the last connection to close, the store's, checkpoints what is left). */
  stop(): Promise<void>;
}

export function startWalCheckpointer(file: string): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs: CHECKPOINT_INTERVAL_MS } });
  // A checkpointer that dies (the file removed under it) costs only the optimisation: the store still works, and
  // the log is checkpointed when the store closes. Not a reason to crash the server.
  worker.on('error', () => {});
  worker.unref();
  let stopped: Promise<void> | undefined;
  return {
    stop: () => (stopped ??= new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.once('message', () => void worker.terminate());
      worker.postMessage('stop');
    })),
  };
}
