// Chat widgets configured on the server, as Amazon's hosted communications widget is: which pages may embed it
// (allowed origins), which flow its chats start in, which attributes a page may pass through, how it looks, and
// whether a returning customer continues the previous conversation (persistent chat).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChatContext } from '../chat/chat-context.js';
import { ChatError } from '../chat/chat-errors.js';
import type { InstanceResources, Resource } from './instance-resources.js';

export interface WidgetData {
  allowedOrigins: string[];
  contactFlowId: string;
  attributeKeys: string[];
  persistentChat: boolean;
  /** avatarUrl: an http(s) image shown beside the title (the brand's logo or a person's picture). */
  display: { title: string; greeting?: string; color?: string; avatarUrl?: string };
  /** Questions asked before the chat starts; each answer becomes the contact attribute named by its key. */
  preChatFields?: PreChatField[];
}

export interface PreChatField {
  key: string;
  label: string;
  required?: boolean;
}

export class Widgets {
  constructor(
    private readonly ctx: ChatContext,
    private readonly resources: InstanceResources,
    /** Key of the continuation secrets, derived from the server's secret, so every node of a cluster checks them. */
    private readonly continuationKey: Buffer,
    private readonly continuationTtlMs: number,
  ) {}

  /**
   * The secret that lets the browser which had this chat continue it later (docs/web-faces.md): the contact id, an
   * expiry and an HMAC over both and the widget. Only the start answer carries it; a bare contact id is worthless.
   */
  continuationFor(widgetId: string, contactId: string): string {
    const expires = this.ctx.clock.now() + this.continuationTtlMs;
    return `v1.${contactId}.${expires}.${this.sign(widgetId, contactId, expires).toString('base64url')}`;
  }

  /** The contact a continuation secret of this widget names, if the secret is genuine and unexpired. */
  continuedContact(widgetId: string, secret: string): string | undefined {
    const m = /^v1\.([0-9a-f-]{36})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(secret);
    if (!m) return undefined;
    const [, contactId, expiresText, mac] = m as unknown as [string, string, string, string];
    const expires = Number(expiresText);
    const given = Buffer.from(mac, 'base64url');
    const expected = this.sign(widgetId, contactId, expires);
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || expires <= this.ctx.clock.now()) return undefined;
    return contactId;
  }

  private sign(widgetId: string, contactId: string, expires: number): Buffer {
    return createHmac('sha256', this.continuationKey).update(`widget-continuation:${widgetId}:${contactId}:${expires}`).digest();
  }

  async create(instanceId: string, name: string, data: WidgetData): Promise<Resource<WidgetData>> {
    if (typeof name !== 'string' || !name.trim() || name.length > 127) throw new ChatError('InvalidRequest', 'name must be 1 to 127 characters.');
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

  /** Checks every field's type as well as its value: the data arrives as JSON from the admin API. */
  private check(data: WidgetData): void {
    const strings = (v: unknown, max: number) => Array.isArray(v) && v.length <= max && v.every((x) => typeof x === 'string' && x.length <= 256);
    if (!strings(data.allowedOrigins, 50) || !data.allowedOrigins.length) throw new ChatError('InvalidRequest', 'allowedOrigins must list 1 to 50 origins.');
    if (!strings(data.attributeKeys, 50)) throw new ChatError('InvalidRequest', 'attributeKeys must be a list of at most 50 keys.');
    if (typeof data.contactFlowId !== 'string' || typeof data.persistentChat !== 'boolean') throw new ChatError('InvalidRequest', 'contactFlowId and persistentChat are required.');
    const display = data.display as unknown as Record<string, unknown> | null;
    if (!display || typeof display !== 'object' || Array.isArray(display)) throw new ChatError('InvalidRequest', 'display must be an object.');
    for (const key of ['title', 'greeting', 'color', 'avatarUrl'] as const) {
      const value = display[key];
      if (value !== undefined && (typeof value !== 'string' || value.length > 500)) throw new ChatError('InvalidRequest', `display.${key} must be text of at most 500 characters.`);
    }
    if (data.display.color !== undefined && !/^#[0-9a-fA-F]{3,8}$/.test(data.display.color)) throw new ChatError('InvalidRequest', 'display.color must be a hex colour such as #0a66c2.');
    if (data.display.avatarUrl !== undefined && !/^https?:\/\/[^\s"'<>]+$/.test(data.display.avatarUrl)) throw new ChatError('InvalidRequest', 'display.avatarUrl must be an http(s) URL of an image.');
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
    const fields = data.preChatFields ?? [];
    if (!Array.isArray(fields) || fields.length > 10) throw new ChatError('InvalidRequest', 'preChatFields must list at most 10 fields.');
    for (const f of fields) {
      if (!f || typeof f !== 'object' || typeof f.key !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(f.key)) {
        throw new ChatError('InvalidRequest', 'preChatFields: each field needs a key of letters, digits, - and _ (it names a contact attribute).');
      }
      if (typeof f.label !== 'string' || !f.label.trim() || f.label.length > 200) throw new ChatError('InvalidRequest', `preChatFields: ${f.key} needs a label of at most 200 characters.`);
      if (f.required !== undefined && typeof f.required !== 'boolean') throw new ChatError('InvalidRequest', `preChatFields: ${f.key}.required must be true or false.`);
    }
  }
}
