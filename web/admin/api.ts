// The admin console's client for /admin/v1 (session token from the access-key login, in sessionStorage).
export const TOKEN = 'switchboard:admin-token';

export class AdminError extends Error {
  constructor(message: string, readonly problems: string[] = []) {
    super(message);
  }
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/admin/v1${path}`, {
    method, headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem(TOKEN) ?? ''}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // Connect operations proxied by /admin/v1/connect answer AWS's error shape ({"Message"}), the rest {"message"}.
  const json = (await res.json()) as T & { message?: string; Message?: string; problems?: string[] };
  if (res.status === 401) sessionStorage.removeItem(TOKEN);
  if (!res.ok) throw new AdminError(json.message ?? json.Message ?? `HTTP ${res.status}`, json.problems ?? []);
  return json;
}
