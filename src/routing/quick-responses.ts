// Quick responses: an instance's canned replies, which agents search and insert into the chat they are answering
// (Amazon Connect's quick responses, kept as a resource of the instance). Managed in the admin console; read by the
// workspace through the agent API.
import type { ChatContext } from '../chat/chat-context.js';
import { ChatError } from '../chat/chat-errors.js';
import type { InstanceResources, Resource } from './instance-resources.js';

export interface QuickResponseData {
  Content: string;
  /** Typed after a slash to find it quickly ("/refund"). */
  Shortcut?: string;
}

/** Amazon's limits for a quick response: a name of 1–100 characters, content up to 1,024. */
const MAX_NAME = 100;
const MAX_CONTENT = 1024;

export class QuickResponses {
  constructor(private readonly ctx: ChatContext, private readonly resources: InstanceResources) {}

  async create(instanceId: string, input: { name?: unknown; content?: unknown; shortcut?: unknown }): Promise<Resource<QuickResponseData>> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    const content = typeof input.content === 'string' ? input.content.trim() : '';
    if (!name || name.length > MAX_NAME) throw new ChatError('InvalidRequest', `name must be 1 to ${MAX_NAME} characters.`);
    if (!content || content.length > MAX_CONTENT) throw new ChatError('InvalidRequest', `content must be 1 to ${MAX_CONTENT} characters.`);
    const shortcut = input.shortcut === undefined || input.shortcut === '' ? undefined : input.shortcut;
    if (shortcut !== undefined && (typeof shortcut !== 'string' || !/^[a-z0-9-]{1,30}$/i.test(shortcut))) {
      throw new ChatError('InvalidRequest', 'shortcut must be 1 to 30 letters, digits or hyphens.');
    }
    return this.resources.create<QuickResponseData>(this.ctx.store, instanceId, 'quick-response', name, { Content: content, ...(shortcut ? { Shortcut: shortcut } : {}) });
  }

  /** Every quick response of the instance, or those whose name, shortcut or content contains the search (any case). */
  async list(instanceId: string, search = ''): Promise<{ id: string; name: string; content: string; shortcut?: string }[]> {
    const needle = search.trim().toLowerCase().replace(/^\//, '');
    return (await this.resources.list<QuickResponseData>(this.ctx.store, instanceId, 'quick-response'))
      .filter((r) => !needle || [r.name, r.data.Shortcut ?? '', r.data.Content].some((t) => t.toLowerCase().includes(needle)))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => ({ id: r.id, name: r.name, content: r.data.Content, ...(r.data.Shortcut ? { shortcut: r.data.Shortcut } : {}) }));
  }

  async delete(instanceId: string, id: string): Promise<void> {
    await this.resources.delete(this.ctx.store, instanceId, 'quick-response', id);
  }
}
