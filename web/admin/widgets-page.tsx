// Chat widgets: the pages allowed to embed each, its flow and title, and the one-line embed snippet.
import { useEffect, useState } from 'preact/hooks';
import { call } from './api.js';

interface Widget {
  id: string;
  name: string;
  allowedOrigins: string[];
  contactFlowId: string;
  display: { title: string };
}

export function WidgetsPage({ instanceId }: { instanceId: string }) {
  const [widgets, setWidgets] = useState<Widget[]>([]);
  const [error, setError] = useState<string>();
  const load = () => void call<{ widgets: Widget[] }>('GET', `/widgets?instanceId=${instanceId}`).then((r) => setWidgets(r.widgets), (e: Error) => setError(e.message));
  useEffect(load, [instanceId]);
  return (
    <section>
      <h2>Chat widgets</h2>
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
        <h3>New widget</h3>
        <label>Name <input name="name" required /></label>
        <label>Title <input name="title" required /></label>
        <label>Contact flow id <input name="contactFlowId" required /></label>
        <label>Allowed origins <input name="allowedOrigins" placeholder="https://shop.example" required /></label>
        <button type="submit">Create</button>
      </form>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
