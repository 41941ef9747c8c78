// The admin console's client for /admin/v1 (session token from the access-key login, in sessionStorage).
export const TOKEN = 'switchboard:admin-token';
/** Fired on window when the server answers 401 to a logged-in call: the console goes back to its login form. */
export const SESSION_ENDED = 'switchboard:admin-session-ended';

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
  // Before reading the body: a 401 whose body is not JSON (a proxy's page) must still end the session.
  if (res.status === 401 && path !== '/login') {
    sessionStorage.removeItem(TOKEN);
    window.dispatchEvent(new Event(SESSION_ENDED));
  }
  // Connect operations proxied by /admin/v1/connect answer AWS's error shape ({"Message"}), the rest {"message"}.
  const json = (await res.json().catch(() => ({}))) as T & { message?: string; Message?: string; problems?: string[] };
  if (!res.ok) throw new AdminError(readable(json.message ?? json.Message ?? `HTTP ${res.status}`), json.problems ?? []);
  return json;
}

/** What a field's pattern means, for the fields people type into the console. */
const PATTERN_RULES: Record<string, string> = {
  password: 'the password needs 8 to 64 characters, with an upper-case letter, a lower-case letter and a digit',
  username: 'the username may use letters, digits and . _ - @ + only',
};

/**
 * AWS validation messages (kept exact on the wire) name regular expressions; the console says what the rule means
 * instead, so no one is shown "/^(?=.*[a-z])…/".
 */
export function readable(message: string): string {
  return message.replace(
    /Value (?:'[^']*' |null )?at '([^']+)' failed to satisfy constraint: Member must satisfy regular expression pattern: \S+/g,
    (_match, field: string) => PATTERN_RULES[field] ?? `${field} is not in the expected format`,
  );
}

/**
 * A "New …" form's submit: `create` runs with the form's fields; then the form is cleared, `done` says what was made
 * and the list reloads — or the server's reason for refusing is shown and the fields stay as typed.
 */
export async function submitCreate(
  e: Event, create: (fields: FormData) => Promise<unknown>, done: (fields: FormData) => string,
  ui: { status: (message?: string) => void; error: (message?: string) => void; reload: () => void | Promise<void> },
): Promise<void> {
  e.preventDefault();
  const form = e.currentTarget as HTMLFormElement;
  const fields = new FormData(form);
  try {
    await create(fields);
    ui.error(undefined);
    form.reset();
    // The list shows the new entry by the time the status says it was made.
    await ui.reload();
    ui.status(done(fields));
  } catch (err) {
    ui.status(undefined);
    ui.error((err as Error).message);
  }
}
