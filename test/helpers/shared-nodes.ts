// Several Switchboard nodes in this process sharing a fresh PostgreSQL database and the Redis bus, as a cluster
// would (one key pair for all), for tests of what happens between nodes.
import { REDIS_URL, createTestDatabase } from './postgres.js';
import { type TestServer, startTestServer } from './test-server.js';

export interface SharedNodes {
  nodes: TestServer[];
  close(): Promise<void>;
}

export async function startSharedNodes(count: number, env: Record<string, string> = {}): Promise<SharedNodes> {
  const db = await createTestDatabase();
  const shared = {
    SWITCHBOARD_DATABASE_URL: db.url, SWITCHBOARD_REDIS_URL: REDIS_URL,
    SWITCHBOARD_ACCESS_KEY_ID: 'AKIASHAREDNODESTEST1', SWITCHBOARD_SECRET_ACCESS_KEY: 'shared-nodes-secret', ...env,
  };
  // One after another: the first creates the default instance, the others find it.
  const nodes: TestServer[] = [];
  for (let i = 0; i < count; i++) nodes.push(await startTestServer({ env: shared }));
  return {
    nodes,
    async close() {
      for (const node of nodes) await node.close();
      await db.drop();
    },
  };
}
