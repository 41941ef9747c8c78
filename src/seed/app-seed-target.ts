// A seed applied inside the server's own process (SWITCHBOARD_SEED_FILE at start): the Connect operations through
// the dispatcher, with the same validation as a request, and the widgets through their owner.
import type { App } from '../app.js';
import type { SeedTarget } from './seed-applier.js';

export function appSeedTarget(app: App): SeedTarget {
  return {
    async connect<T>(operation: string, input: Record<string, unknown>): Promise<T> {
      const res = await app.invoke('Connect', operation, input);
      const body = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
      if (res.status >= 300) throw new Error(`${String(body.Message ?? body.message ?? res.status)}`);
      return body as T;
    },
    listWidgets: async (instanceId) => (await app.widgets.list(instanceId)).map((w) => ({ id: w.id, name: w.name })),
    async createWidget(instanceId, w) {
      await app.widgets.create(instanceId, w.name, {
        allowedOrigins: w.allowedOrigins, contactFlowId: w.contactFlowId, attributeKeys: [], preChatFields: [], persistentChat: true,
        display: { title: w.title ?? 'Chat with us' },
      });
    },
  };
}
