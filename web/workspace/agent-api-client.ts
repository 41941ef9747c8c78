// The workspace's client for Switchboard's agent API and agent websocket (docs/agent-api.md).
import { followEvents } from '../shared/event-stream.js';
export interface Notice {
  type: string;
  contactId?: string;
  [k: string]: unknown;
}

const TOKEN_KEY = 'switchboard:agent-token';

export class AgentApi {
  private constructor(private readonly token: string) {}

  static restore(): AgentApi | undefined {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? new AgentApi(token) : undefined;
  }

  static async login(username: string, password: string): Promise<AgentApi> {
    const res = await fetch('/agent/v1/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const body = (await res.json()) as { token?: string; message?: string };
    if (!res.ok || !body.token) throw new Error(body.message ?? 'Login failed');
    sessionStorage.setItem(TOKEN_KEY, body.token);
    return new AgentApi(body.token);
  }

  /** Follows a live stream of the agent API (server-sent events) until the signal aborts. */
  follow<T>(path: string, onData: (data: T) => void, signal: AbortSignal, onUnauthorized: () => void): void {
    followEvents(`/agent/v1${path}`, this.token, (d) => onData(d as T), signal, onUnauthorized);
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`/agent/v1${path}`, {
      method, headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { message?: string };
    if (res.status === 401) sessionStorage.removeItem(TOKEN_KEY);
    if (!res.ok) throw Object.assign(new Error(json.message ?? `HTTP ${res.status}`), { status: res.status });
    return json;
  }

  async logout(): Promise<void> {
    await this.call('POST', '/logout').catch(() => {});
    sessionStorage.removeItem(TOKEN_KEY);
  }

  /** Opens the agent socket (reconnecting after drops); returns a function that closes it. */
  listen(onNotice: (n: Notice) => void): () => void {
    let ws: WebSocket | undefined;
    let closed = false;
    const open = () => {
      ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/agent/v1/socket?token=${encodeURIComponent(this.token)}`);
      ws.onmessage = (e) => onNotice(JSON.parse(String(e.data)) as Notice);
      ws.onclose = () => {
        if (!closed) setTimeout(open, 2000);
      };
    };
    open();
    return () => {
      closed = true;
      ws?.close();
    };
  }

  /** The participant token lives only in this tab's sessionStorage, with the seat. */
}
