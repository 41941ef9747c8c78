// Chat widgets configured on the server, as Amazon's hosted communications widget is: which pages may embed it
// (allowed origins), which flow its chats start in, which attributes a page may pass through, how it looks, and
// whether a returning customer continues the previous conversation (persistent chat).
import type { ChatContext } from '../chat/chat-context.js';
import { ChatError } from '../chat/chat-errors.js';
import type { InstanceResources, Resource } from './instance-resources.js';

export interface WidgetData {
  allowedOrigins: string[];
  contactFlowId: string;
  attributeKeys: string[];
  persistentChat: boolean;
  display: { title: string; greeting?: string; color?: string };
}

export class Widgets {
  constructor(private readonly ctx: ChatContext, private readonly resources: InstanceResources) {}

  async create(instanceId: string, name: string, data: WidgetData): Promise<Resource<WidgetData>> {
    this.check(data);
    if (!(await this.ctx.store.getFlow(instanceId, data.contactFlowId))) throw new ChatError('NotFound', `Contact flow ${data.contactFlowId} not found.`);
    return this.resources.create<WidgetData>(this.ctx.store, instanceId, 'widget', name, data);
  }

  list(instanceId: string): Promise<Resource<WidgetData>[]> {
    return this.resources.list<WidgetData>(this.ctx.store, instanceId, 'widget');
  }

  async delete(instanceId: string, id: string): Promise<void> {
    await this.resources.delete(this.ctx.store, instanceId, 'widget', id);
  }

  /** A widget by id, across instances (widget ids are what pages embed). */
  async find(id: string): Promise<{ instanceId: string; widget: Resource<WidgetData> } | undefined> {
    for (const instance of await this.ctx.store.listInstances()) {
      const widget = await this.resources.find<WidgetData>(this.ctx.store, instance.id, 'widget', id);
      if (widget) return { instanceId: instance.id, widget };
    }
    return undefined;
  }

  private check(data: WidgetData): void {
    if (!Array.isArray(data.allowedOrigins) || !data.allowedOrigins.length) throw new ChatError('InvalidRequest', 'allowedOrigins must list at least one origin.');
    for (const origin of data.allowedOrigins) {
      let parsed: URL;
      try {
        parsed = new URL(origin);
      } catch {
        throw new ChatError('InvalidRequest', `allowedOrigins: ${origin} is not an origin.`);
      }
      if (parsed.origin !== origin) throw new ChatError('InvalidRequest', `allowedOrigins: write ${parsed.origin} (scheme, host and port only).`);
    }
    for (const key of data.attributeKeys ?? []) {
      if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new ChatError('InvalidRequest', `attributeKeys: ${key} is not a valid attribute key.`);
    }
    if (!data.display?.title) throw new ChatError('InvalidRequest', 'display.title is required.');
  }
}
