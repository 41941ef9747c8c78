// Quick responses in the composer: the instance's canned replies, searched by name, /shortcut or text (typing "/"
// and a shortcut in the reply box opens it too); choosing one puts its text into the reply, to be edited and sent.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentApi } from './agent-api-client.js';

interface QuickResponse {
  id: string;
  name: string;
  content: string;
  shortcut?: string;
}

export function QuickResponsePicker({ api, search, onSearch, onPick, onClose }: {
  api: AgentApi; search: string; onSearch: (text: string) => void; onPick: (content: string) => void; onClose: () => void;
}) {
  const [found, setFound] = useState<QuickResponse[]>();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let current = true;
    void api.call<{ quickResponses: QuickResponse[] }>('GET', `/quick-responses?search=${encodeURIComponent(search)}`)
      .then((r) => current && setFound(r.quickResponses), () => current && setFound([]));
    return () => {
      current = false;
    };
  }, [search]);
  useEffect(() => input.current?.focus(), []);
  return (
    <div class="quick-response-picker" role="dialog" aria-label="Quick responses" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <input ref={input} type="search" aria-label="Search quick responses" value={search} placeholder="Search by name, /shortcut or text"
        onInput={(e) => onSearch(e.currentTarget.value)} />
      {found === undefined ? <p>Loading…</p> : !found.length ? <p>No quick response matches.</p> : (
        <ul>{found.map((q) => (
          <li><button type="button" onClick={() => onPick(q.content)}>
            <strong>{q.name}</strong>{q.shortcut ? <code> /{q.shortcut}</code> : null}<span>{q.content}</span>
          </button></li>
        ))}</ul>
      )}
      <button type="button" onClick={onClose}>Close</button>
    </div>
  );
}
