// Contact search (recent contacts, optionally by a contact attribute) with the columns a supervisor reads — customer,
// queue, agent, duration — and a CSV download of them; a transcript viewer that walks the whole contact chain (every
// segment of the chat, in order), and the chat's flow trace.
import { useState } from 'preact/hooks';
import { shortId } from '../shared/ids.js';
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
  durationSeconds: number;
  disconnectReason: string | null;
  customer: string | null;
  queue: string | null;
  agent: string | null;
}

const duration = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/** The found contacts as CSV (RFC 4180: a field with a comma, quote or line break quoted, quotes doubled). */
function toCsv(rows: Found[]): string {
  const field = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header = ['contactId', 'initialContactId', 'customer', 'queue', 'agent', 'method', 'state', 'started', 'durationSeconds', 'disconnectReason'];
  const lines = rows.map((c) => [c.id, c.initialContactId, c.customer, c.queue, c.agent, c.initiationMethod, c.state, c.initiatedAt, c.durationSeconds, c.disconnectReason].map(field).join(','));
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

export function ContactsPage({ instanceId }: { instanceId: string }) {
  const [found, setFound] = useState<Found[]>([]);
  /** 'searching' while a search is out, 'done' after one answered (an empty answer then says so). */
  const [search, setSearch] = useState<'searching' | 'done'>();
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
        setSearch('searching');
        try {
          setFound((await call<{ contacts: Found[] }>('GET', `/contacts?${q}`)).contacts);
        } finally {
          setSearch('done');
        }
      }}>
        <label>Last hours <input name="hours" type="number" min={1} defaultValue="24" /></label>
        <label>Attribute <input name="attributeKey" /></label>
        <label>equals <input name="attributeValue" /></label>
        <button type="submit">Search</button>
      </form>
      {search === 'searching' && <p role="status">Searching…</p>}
      {search === 'done' && !found.length && <p role="status">No contact matches: none started in that time with that attribute.</p>}
      {found.length > 0 && (
        <p>
          {found.length} contact{found.length === 1 ? '' : 's'}{' '}
          <a download="contacts.csv" href={`data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(found))}`}>Download CSV</a>
        </p>
      )}
      <table class="contacts">
        <thead><tr><th>Contact</th><th>Customer</th><th>Queue</th><th>Agent</th><th>Method</th><th>State</th><th>Started</th><th>Duration</th></tr></thead>
        <tbody>{found.map((c) => (
          <tr>
            <td><button type="button" class="link" onClick={async () => setChain(await call('GET', `/contacts/${c.id}/transcript?instanceId=${instanceId}`))}>{c.id}</button></td>
            <td>{c.customer ?? '—'}</td><td>{c.queue ?? '—'}</td><td>{c.agent ?? '—'}</td>
            <td>{c.initiationMethod}</td><td>{c.state}{c.disconnectReason ? ` (${c.disconnectReason})` : ''}</td>
            <td>{new Date(c.initiatedAt).toLocaleString()}</td><td>{duration(c.durationSeconds)}</td>
          </tr>
        ))}</tbody>
      </table>
      {chain && (
        <div class="chain">
          <h3>Chain: {chain.segments.map((s) => `${s.initiationMethod} ${shortId(s.contactId)}`).join(' → ')}</h3>
          <TranscriptView items={chain.transcript} detailed loadImage={async (id) => (await call<{ url: string }>('GET', `/attachments/${id}?instanceId=${instanceId}`)).url} onDownload={(id) => void call<{ url: string }>('GET', `/attachments/${id}?instanceId=${instanceId}`)
            .then(({ url }) => window.open(url, '_blank', 'noopener'))} />
          <FlowTraceView instanceId={instanceId} contactId={chain.segments[0]!.contactId} />
        </div>
      )}
    </section>
  );
}
