// An agent as the workspace would be: the agent HTTP API over fetch and the agent websocket for notices.
import { CreateUserCommand } from '@aws-sdk/client-connect';
import WebSocket from 'ws';
import type { TestServer } from './test-server.js';

export interface Notice {
  type: string;
  contactId?: string;
  [k: string]: unknown;
}

export class AgentClient {
  readonly notices: Notice[] = [];
  private ws?: WebSocket;
  token = '';

  constructor(private readonly baseUrl: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/agent/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { error?: string; message?: string };
    if (!res.ok) throw Object.assign(new Error(`${res.status} ${json.error}: ${json.message}`), { status: res.status, kind: json.error });
    return json;
  }

  async login(username: string, password: string, instanceId?: string) {
    const out = await this.call<{ token: string; user: { Id: string } }>('POST', '/login', { username, password, instanceId });
    this.token = out.token;
    this.ws = new WebSocket(`${this.baseUrl.replace(/^http/, 'ws')}/agent/v1/socket?token=${this.token}`);
    this.ws.on('message', (d) => this.notices.push(JSON.parse(d.toString()) as Notice));
    await this.next((n) => n.type === 'ready');
    return out;
  }

  setStatus(status: string) {
    return this.call('PUT', '/status', { status });
  }

  async next(match: (n: Notice) => boolean, timeoutMs = 5000): Promise<Notice> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.notices.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for an agent notice; got ${this.notices.map((n) => n.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  accept(contactId: string) {
    return this.call<{ participantToken: string; participantId: string }>('POST', `/contacts/${contactId}/accept`);
  }

  close(): void {
    this.ws?.close();
  }
}

/** A new user of the instance's Basic Routing Profile (created through CreateUser), logged in as an agent. */
export async function newAgent(server: TestServer, username: string): Promise<AgentClient> {
  await server.connect.send(new CreateUserCommand({
    InstanceId: server.instanceId, Username: username, Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId,
    SecurityProfileIds: ['Agent'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
  }));
  const agent = new AgentClient(server.app.localUrl);
  await agent.login(username, 'Passw0rd!', server.instanceId);
  return agent;
}
