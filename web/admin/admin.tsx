// The admin console (first part): log in with the instance's access key pair, then manage chat widgets — the
// pages allowed to embed them, the flow their chats start in, the attributes pages may pass, how they look — and
// copy the one-line embed snippet.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const TOKEN = 'switchboard:admin-token';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/admin/v1${path}`, {
    method, headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem(TOKEN) ?? ''}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T & { message?: string };
  if (!res.ok) throw new Error(json.message ?? `HTTP ${res.status}`);
  return json;
}

interface Widget {
  id: string;
  name: string;
  allowedOrigins: string[];
  contactFlowId: string;
  display: { title: string };
}

function Admin() {
  const [authed, setAuthed] = useState(!!sessionStorage.getItem(TOKEN));
  const [error, setError] = useState<string>();
  if (!authed) {
    return (
      <form class="login" onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        try {
          const out = await call<{ token: string }>('POST', '/login', { accessKeyId: f.get('accessKeyId'), secretAccessKey: f.get('secretAccessKey') });
          sessionStorage.setItem(TOKEN, out.token);
          setAuthed(true);
        } catch (err) {
          setError((err as Error).message);
        }
      }}>
        <h1>Switchboard — admin console</h1>
        <label>Access key id <input name="accessKeyId" required /></label>
        <label>Secret access key <input name="secretAccessKey" type="password" required /></label>
        <button type="submit">Log in</button>
        {error && <p role="alert">{error}</p>}
      </form>
    );
  }
  return <Widgets />;
}

function Widgets() {
  const [instanceId, setInstanceId] = useState(new URLSearchParams(location.search).get('instanceId') ?? '');
  const [widgets, setWidgets] = useState<Widget[]>([]);
  const [error, setError] = useState<string>();
  const load = () => {
    if (instanceId) void call<{ widgets: Widget[] }>('GET', `/widgets?instanceId=${encodeURIComponent(instanceId)}`).then((r) => setWidgets(r.widgets), (e: Error) => setError(e.message));
  };
  useEffect(load, [instanceId]);
  return (
    <main class="admin">
      <h1>Chat widgets</h1>
      <label>Instance id <input value={instanceId} onChange={(e) => setInstanceId(e.currentTarget.value)} /></label>
      <ul>
        {widgets.map((w) => (
          <li>
            <strong>{w.name}</strong> — {w.display.title} — origins: {w.allowedOrigins.join(', ')}
            <pre>{`<script src="${location.origin}/web/widget/switchboard-widget.js" data-widget-id="${w.id}" async></script>`}</pre>
          </li>
        ))}
      </ul>
      <form onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        try {
          await call('POST', '/widgets', {
            instanceId, name: f.get('name'), contactFlowId: f.get('contactFlowId'),
            allowedOrigins: String(f.get('allowedOrigins')).split(/[\s,]+/).filter(Boolean), display: { title: f.get('title') },
          });
          load();
        } catch (err) {
          setError((err as Error).message);
        }
      }}>
        <h2>New widget</h2>
        <label>Name <input name="name" required /></label>
        <label>Title <input name="title" required /></label>
        <label>Contact flow id <input name="contactFlowId" required /></label>
        <label>Allowed origins <input name="allowedOrigins" placeholder="https://shop.example" required /></label>
        <button type="submit">Create</button>
      </form>
      {error && <p role="alert">{error}</p>}
    </main>
  );
}

render(<Admin />, document.getElementById('app')!);
