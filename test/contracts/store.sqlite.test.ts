import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { storeContract } from './store.contract.js';

storeContract('SQLite (file, WAL)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-sqlite-'));
  const file = join(dir, 'test.db');
  return { store: await openSqliteStore(file), cleanup: async () => rmSync(dir, { recursive: true, force: true }), another: () => openSqliteStore(file), openSnapshot: (copy) => openSqliteStore(copy) };
});
