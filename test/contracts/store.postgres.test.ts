import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { storeContract } from './store.contract.js';

storeContract('PostgreSQL', async () => {
  const db = await createTestDatabase();
  return { store: await openPostgresStore(db.url, 4), cleanup: db.drop, another: () => openPostgresStore(db.url, 4) };
});
