// The command line's way into a running Switchboard: its admin API (docs/web-faces.md), logged in with the
// instance's access key pair. Refusals become AdminError with the server's own message.
export class AdminError extends Error {}

export class AdminClient {
  private token?: string;

  constructor(private readonly endpoint: string, private readonly accessKeyId: string, private readonly secretAccessKey: string) {}

  async get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  async delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.login();
    return this.send<T>(method, path, body, token);
  }

  private async login(): Promise<string> {
    if (this.token) return this.token;
    if (!this.accessKeyId || !this.secretAccessKey) {
      throw new AdminError('no access key pair: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Switchboard prints them at first start)');
    }
    const out = await this.send<{ token: string }>('POST', '/admin/v1/login', { accessKeyId: this.accessKeyId, secretAccessKey: this.secretAccessKey });
    this.token = out.token;
    return out.token;
  }

  private async send<T>(method: string, path: string, body: unknown, token?: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.endpoint), {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new AdminError(`cannot reach Switchboard at ${this.endpoint} (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message})`);
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) throw new AdminError(`${method} ${path}: ${res.status} ${String(parsed.message ?? parsed.Message ?? text)}`);
    return parsed as T;
  }
}
