// Chat widgets: the pages allowed to embed each, the flow its chats start in (chosen by name), how it looks (title,
// greeting, colour), the questions it asks before a chat (pre-chat fields, passed as contact attributes), and the
// one-line embed snippet with a copy button.
import { useEffect, useState } from 'preact/hooks';
import { call, submitCreate } from './api.js';

interface Widget {
  id: string;
  name: string;
  allowedOrigins: string[];
  contactFlowId: string;
  display: { title: string; greeting?: string; color?: string; avatarUrl?: string };
  preChatFields?: { key: string; label: string; required?: boolean }[];
}

/** Pre-chat fields written one per line as "key: Label", a trailing * making the field required. */
function parseFields(text: string) {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const [key = '', ...rest] = line.split(':');
    const label = rest.join(':').trim();
    const required = label.endsWith('*');
    return { key: key.trim(), label: required ? label.slice(0, -1).trim() : label, required };
  });
}

export function WidgetsPage({ instanceId }: { instanceId: string }) {
  const [widgets, setWidgets] = useState<Widget[]>([]);
  const [flows, setFlows] = useState<{ id: string; name: string; type: string }[]>([]);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const load = () => void call<{ widgets: Widget[] }>('GET', `/widgets?instanceId=${instanceId}`).then((r) => setWidgets(r.widgets), (e: Error) => setError(e.message));
  useEffect(() => {
    load();
    void call<{ flows: { id: string; name: string; type: string }[] }>('GET', `/flows?instanceId=${instanceId}`).then((r) => setFlows(r.flows.filter((f) => f.type === 'CONTACT_FLOW')));
  }, [instanceId]);
  const snippet = (w: Widget) => `<script src="${location.origin}/web/widget/switchboard-widget.js" data-widget-id="${w.id}" async></script>`;
  const flowName = (id: string) => flows.find((f) => f.id === id)?.name ?? id;
  return (
    <section>
      <h2>Chat widgets</h2>
      {!widgets.length && <p>No widget yet: create one below, then paste its snippet into your pages.</p>}
      <ul class="widgets">
        {widgets.map((w) => (
          <li>
            <strong>{w.name}</strong> — “{w.display.title}”, flow {flowName(w.contactFlowId)}, pages: {w.allowedOrigins.join(', ')}
            {w.preChatFields?.length ? <> — asks {w.preChatFields.map((f) => f.label).join(', ')}</> : null}
            <pre>{snippet(w)}</pre>
            <button type="button" onClick={() => void navigator.clipboard.writeText(snippet(w)).then(() => setStatus(`Snippet of ${w.name} copied.`), () => setStatus('Copying is not allowed here; select the snippet instead.'))}>Copy snippet of {w.name}</button>
            <button type="button" onClick={async () => {
              if (!confirm(`Delete the widget ${w.name}? Pages embedding it stop showing it.`)) return;
              await call('DELETE', `/widgets/${w.id}?instanceId=${instanceId}`);
              setStatus(`${w.name} deleted.`);
              load();
            }}>Delete {w.name}</button>
          </li>
        ))}
      </ul>
      {status && <p role="status">{status}</p>}
      <form onSubmit={(e) => void submitCreate(e, (f) => call('POST', '/widgets', {
        instanceId, name: f.get('name'), contactFlowId: f.get('contactFlowId'),
        allowedOrigins: String(f.get('allowedOrigins')).split(/[\s,]+/).filter(Boolean),
        display: {
          title: f.get('title'), greeting: String(f.get('greeting') ?? '') || undefined, color: f.get('color'),
          avatarUrl: String(f.get('avatarUrl') ?? '') || undefined,
        },
        preChatFields: parseFields(String(f.get('preChatFields') ?? '')),
      }), (f) => `Widget ${String(f.get('name'))} created.`, { status: setStatus, error: setError, reload: load })}>
        <h3>New widget</h3>
        <label>Name <input name="name" required /></label>
        <label>Title <input name="title" required defaultValue="Chat with us" /></label>
        <label>Greeting <input name="greeting" placeholder="Hi! How can we help?" /></label>
        <label>Colour <input name="color" type="color" defaultValue="#0a66c2" /></label>
        <label>Avatar image URL (optional) <input name="avatarUrl" type="url" placeholder="https://example.com/logo.png" /></label>
        <label>Flow <select name="contactFlowId" required>{flows.map((fl) => <option value={fl.id}>{fl.name}</option>)}</select></label>
        <label>Allowed pages (origins) <input name="allowedOrigins" placeholder="https://shop.example" required /></label>
        <label>Questions before the chat, one per line as <code>key: Label</code> (end with * if required)
          <textarea name="preChatFields" rows={3} placeholder={'orderNumber: Order number\nemail: Your email *'} /></label>
        <button type="submit">Create</button>
      </form>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
