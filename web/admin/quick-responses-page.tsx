// Quick responses: the instance's canned replies (name, optional /shortcut, text), which agents search and insert
// from the workspace's composer.
import { useEffect, useState } from 'preact/hooks';
import { call, submitCreate } from './api.js';

interface QuickResponse {
  id: string;
  name: string;
  content: string;
  shortcut?: string;
}

export function QuickResponsesPage({ instanceId }: { instanceId: string }) {
  const [items, setItems] = useState<QuickResponse[]>([]);
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const load = () => call<{ quickResponses: QuickResponse[] }>('GET', `/quick-responses?instanceId=${instanceId}`).then((r) => setItems(r.quickResponses), (e: Error) => setError(e.message));
  useEffect(() => void load(), [instanceId]);
  return (
    <section>
      <h2>Quick responses</h2>
      {!items.length && <p>No quick response yet: agents find the ones you add here from their reply box.</p>}
      <table class="quick-responses">
        <thead><tr><th>Name</th><th>Shortcut</th><th>Text</th><th /></tr></thead>
        <tbody>{items.map((q) => (
          <tr>
            <td>{q.name}</td><td>{q.shortcut ? `/${q.shortcut}` : ''}</td><td>{q.content}</td>
            <td><button type="button" onClick={async () => {
              if (!confirm(`Delete the quick response ${q.name}?`)) return;
              await call('DELETE', `/quick-responses/${q.id}?instanceId=${instanceId}`);
              await load();
              setStatus(`${q.name} deleted.`);
            }}>Delete {q.name}</button></td>
          </tr>
        ))}</tbody>
      </table>
      {status && <p role="status">{status}</p>}
      <form class="flow-editor" onSubmit={(e) => void submitCreate(e,
        (f) => call('POST', '/quick-responses', { instanceId, name: f.get('name'), shortcut: f.get('shortcut'), content: f.get('content') }),
        (f) => `Quick response ${String(f.get('name'))} added.`, { status: setStatus, error: setError, reload: load })}>
        <h3>New quick response</h3>
        <label>Name <input name="name" required maxLength={100} /></label>
        <label>Shortcut (optional; letters, digits, hyphens) <input name="shortcut" maxLength={30} pattern="[A-Za-z0-9-]*" /></label>
        <label>Text <textarea name="content" rows={4} required maxLength={1024} /></label>
        <button type="submit">Add quick response</button>
      </form>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
