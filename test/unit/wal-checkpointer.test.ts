// The embedded store's log checkpointer (src/storage/sqlite/wal-checkpointer.ts) against a real SQLite file written
// without a pause: the log stays bounded, and no committed write is lost.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startWalCheckpointer } from '../../src/storage/sqlite/wal-checkpointer.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('WAL checkpointer', () => {
  it('keeps the log bounded under unbroken writes, losing none of them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-wal-'));
    dirs.push(dir);
    const file = join(dir, 'store.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 0');
    db.pragma(`journal_size_limit = ${4 * 2 ** 20}`);
    db.pragma('busy_timeout = 0');
    db.exec('create table t (id integer primary key, v text)');
    const checkpointer = startWalCheckpointer(file, db, { intervalMs: 50, maxLogBytes: 4 * 2 ** 20, lookIntervalMs: 50 });
    const insert = db.prepare('insert into t (v) values (?)');
    const write = db.transaction(() => {
      for (let i = 0; i < 20; i++) insert.run('x'.repeat(300));
    });
    let committed = 0;
    let largestLog = 0;
    let waited = 0;
    const started = Date.now();
    while (Date.now() - started < 3000) {
      try {
        write();
        committed++;
        // As the store's group commit does after each COMMIT.
        checkpointer.afterCommit();
      } catch (err) {
        expect((err as { code?: string }).code).toBe('SQLITE_BUSY');
        waited++;
        await new Promise((r) => setTimeout(r, 1));
      }
      if (committed % 50 === 0) {
        largestLog = Math.max(largestLog, statSync(`${file}-wal`).size);
        await new Promise((r) => setImmediate(r));
      }
    }
    await checkpointer.stop();
    // Unbounded, the log reached hundreds of megabytes in these 3 s.
    expect(committed).toBeGreaterThan(1000);
    expect(largestLog).toBeLessThan(128 * 2 ** 20);
    expect((db.prepare('select count(*) as n from t').get() as { n: number }).n).toBe(committed * 20);
    db.close();
    console.log(`wal checkpointer: ${committed} commits, ${waited} waits, largest log ${(largestLog / 2 ** 20).toFixed(1)} MiB`);
  }, 20_000);
});
