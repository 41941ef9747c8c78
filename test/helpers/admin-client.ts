// The admin API (/admin/v1) as a test calls it: logs in with the server's access key pair, then one call.
import type { TestServer } from './test-server.js';

export async function adminCall(on: TestServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const login = await fetch(`${on.app.localUrl}/admin/v1/login`, {
    method: 'POST', body: JSON.stringify({ accessKeyId: on.app.keys.accessKeyId, secretAccessKey: on.app.keys.secretAccessKey }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${on.app.localUrl}/admin/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
