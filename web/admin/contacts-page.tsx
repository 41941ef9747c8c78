// Contact search (recent contacts, optionally by a contact attribute), a transcript viewer that walks the whole
// contact chain (every segment of the chat, in order), and the chat's flow trace.
import { useState } from 'preact/hooks';
import type { ChatItem } from '../shared/chatjs.js';
import { TranscriptView } from '../shared/transcript-view.js';
import { call } from './api.js';
import { FlowTraceView } from './flow-trace-view.js';

interface Found {
  id: string;
  initialContactId: string;
  initiationMethod: string;
  state: string;
  initiatedAt: string;
}

export function ContactsPage({ instanceId }: { instanceId: string }) {
  const [found, setFound] = useState<Found[]>([]);
  const [chain, setChain] = useState<{ segments: { contactId: string; initiationMethod: string }[]; transcript: ChatItem[] }>();
  return (
    <section>
      <h2>Contacts</h2>
      <form onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const q = new URLSearchParams({ instanceId, hours: String(f.get('hours') || 24) });
        if (f.get('attributeKey')) q.set('attributeKey', String(f.get('attributeKey')));
        if (f.get('attributeValue')) q.set('attributeValue', String(f.get('attributeValue')));
        setFound((await call<{ contacts: Found[] }>('GET', `/contacts?${q}`)).contacts);
      }}>
        <label>Last hours <input name="hours" type="number" min={1} defaultValue="24" /></label>
        <label>Attribute <input name="attributeKey" /></label>
        <label>equals <input name="attributeValue" /></label>
        <button type="submit">Search</button>
      </form>
      <table>
        <thead><tr><th>Contact</th><th>Method</th><th>State</th><th>Started</th></tr></thead>
        <tbody>{found.map((c) => (
          <tr>
            <td><button type="button" class="link" onClick={async () => setChain(await call('GET', `/contacts/${c.id}/transcript?instanceId=${instanceId}`))}>{c.id.slice(0, 8)}</button></td>
            <td>{c.initiationMethod}</td><td>{c.state}</td><td>{new Date(c.initiatedAt).toLocaleString()}</td>
          </tr>
        ))}</tbody>
      </table>
      {chain && (
        <div class="chain">
          <h3>Chain: {chain.segments.map((s) => `${s.initiationMethod} ${s.contactId.slice(0, 8)}`).join(' → ')}</h3>
          <TranscriptView items={chain.transcript} detailed onDownload={(id) => void call<{ url: string }>('GET', `/attachments/${id}?instanceId=${instanceId}`)
            .then(({ url }) => window.open(url, '_blank', 'noopener'))} />
          <FlowTraceView instanceId={instanceId} contactId={chain.segments[0]!.contactId} />
        </div>
      )}
    </section>
  );
}
