// One chat in the workspace: the conversation (with the persistent chat's past), the customer's attributes and
// the chain's history, typing and read receipts, attachments, transfer through a quick connect, ending the chat
// and clearing after-contact work.
import { useEffect, useState } from 'preact/hooks';
import { shortId } from '../shared/ids.js';
import { EVENT, type ChatSession, createSession, loadChatjs } from '../shared/chatjs.js';
import { TranscriptView } from '../shared/transcript-view.js';
import { useChat } from '../shared/use-chat.js';
import { useUnread } from '../shared/unread.js';
import type { AgentApi } from './agent-api-client.js';
import { QuickResponsePicker } from './quick-response-picker.js';
import { Markdown } from '../shared/markdown.js';

interface Seat {
  contactId: string;
  participantId: string;
  participantToken: string;
}

export function ChatPane({ api, seat, active, afterContactWork, onClose, onUnread }: {
  api: AgentApi; seat: Seat; active: boolean; afterContactWork: boolean; onClose: () => void; onUnread: (count: number) => void;
}) {
  const [session, setSession] = useState<ChatSession>();
  const [view, setView] = useState<{
    customerName?: string; attributes: Record<string, string>; segments: { contactId: string; initiationMethod: string }[]; supportedContentTypes?: string[];
  }>();
  const [quickConnects, setQuickConnects] = useState<QuickConnect[]>([]);
  const loadQuickConnects = () => void api.call<{ quickConnects: QuickConnect[] }>('GET', '/quick-connects').then((r) => setQuickConnects(r.quickConnects), () => {});
  const [text, setText] = useState('');
  /** After-contact notes: saved as the contact's description when the work is finished. */
  const [notes, setNotes] = useState('');
  /** Whether the reply is shown rendered under the box (chats that accept markdown). */
  const [previewing, setPreviewing] = useState(false);
  /** The quick response picker, open with its search (typing "/shortcut" in the reply opens it with that search). */
  const [picking, setPicking] = useState<string>();
  const [error, setError] = useState<string>();
  // Choosing a quick connect only selects it; the transfer happens after an explicit, confirmed click (an arrow key
  // on a focused select must never move a customer).
  const [transferTo, setTransferTo] = useState('');
  const [confirming, setConfirming] = useState(false);
  // The contact is no longer this agent's (it ended and was wrapped up elsewhere, or the server forgot it): the tab
  // says so and can be closed, instead of staying an empty pane.
  const [gone, setGone] = useState(false);
  // A tab not selected is not being read: its messages stay unread (no read receipt) and are counted on the tab.
  const chat = useChat(session, seat.participantId, () => chat.setState('ended'), active);
  const unread = useUnread(chat.items, seat.participantId, active);
  useEffect(() => onUnread(unread), [unread]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const chatjs = await loadChatjs(location.origin, 'us-east-1');
      const s = createSession(chatjs, { ContactId: seat.contactId, ParticipantId: seat.participantId, ParticipantToken: seat.participantToken }, 'us-east-1');
      if (!cancelled) setSession(s);
    })();
    void api.call<typeof view>('GET', `/contacts/${seat.contactId}`).then(setView, (err: Error & { status?: number }) => {
      if (err.status === 404 || err.status === 409) setGone(true);
    });
    loadQuickConnects();
    return () => {
      cancelled = true;
    };
  }, [seat.contactId]);

  const send = async (e: Event) => {
    e.preventDefault();
    if (!text.trim() || !session) return;
    const message = text.trim();
    setText('');
    // Markdown where the chat accepts it (widget chats do), plain text otherwise.
    const contentType = markdown ? 'text/markdown' : 'text/plain';
    try {
      await session.sendMessage({ message, contentType });
      setError(undefined);
    } catch (err) {
      // Not sent: the text comes back, so nothing typed is lost.
      setText((current) => current || message);
      setError(`Your message was not sent (${(err as Error).message ?? 'no connection'}); press Enter to try again.`);
    }
  };
  const connecting = chat.state === 'connecting' || !session;
  // Widget chats accept markdown: the reply goes out as markdown, and can be previewed as the customer will see it.
  const markdown = !!view?.supportedContentTypes?.includes('text/markdown');
  const act = (what: () => Promise<unknown>) => void what().then(() => setError(undefined), (err: Error) => setError(err.message));
  const ended = chat.state === 'ended' || afterContactWork;

  if (gone) {
    return (
      <section class="chat-pane gone" data-contact={seat.contactId}>
        <p role="status">This chat is no longer available.</p>
        <button type="button" onClick={onClose}>Close</button>
      </section>
    );
  }

  return (
    <section class="chat-pane" data-contact={seat.contactId}>
      <aside class="customer">
        <h2>{view?.customerName ?? 'Customer'}</h2>
        <dl>{Object.entries(view?.attributes ?? {}).map(([k, v]) => <><dt>{k}</dt><dd>{v}</dd></>)}</dl>
        <h3>Segments</h3>
        <ol>{view?.segments.map((s) => <li>{s.initiationMethod} {shortId(s.contactId)}</li>)}</ol>
      </aside>
      <div class="conversation">
        {chat.past.length > 0 && (
          <details class="past" open><summary>Earlier conversations</summary><TranscriptView items={chat.past} /></details>
        )}
        <TranscriptView loadImage={async (id) => URL.createObjectURL(await session!.downloadAttachment({ attachmentId: id }))} items={chat.items} me={seat.participantId} readUpTo={chat.readUpTo} deliveredUpTo={chat.deliveredUpTo} onDownload={(id, name) => void session?.downloadAttachment({ attachmentId: id }).then((blob) => {
          const a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = name;
          a.click();
        })} />
        {chat.typing && !ended && <p class="typing">{chat.typing} is typing…</p>}
        {error && <p role="alert">{error}</p>}
        {!ended && (
          <form class="compose" onSubmit={(e) => void send(e)}>
            {/* Until the chat's connection is up a message could not be sent: the box waits with it. */}
            <textarea aria-label="Reply" value={text} rows={2} disabled={connecting} placeholder={connecting ? 'Connecting…' : undefined} onInput={(e) => {
              setText(e.currentTarget.value);
              const slash = /^\/([\w-]*)$/.exec(e.currentTarget.value);
              if (slash) setPicking(slash[1]);
              void session?.sendEvent({ contentType: `${EVENT}typing` }).catch(() => {});
            }} onKeyDown={(e) => {
              // Enter sends, Shift+Enter starts a new line; never while an input method is composing.
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) void send(e);
            }} />
            <button type="submit" disabled={connecting}>Send</button>
            <button type="button" aria-expanded={picking !== undefined} onClick={() => setPicking(picking === undefined ? '' : undefined)}>Quick responses</button>
            {markdown && <button type="button" aria-pressed={previewing} onClick={() => setPreviewing(!previewing)}>Preview</button>}
            <label class="attach">Attach<input type="file" onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) act(() => session!.sendAttachment({ attachment: f }));
            }} /></label>
            <select aria-label="Transfer to" value={transferTo} onFocus={loadQuickConnects} onChange={(e) => {
              setTransferTo(e.currentTarget.value);
              setConfirming(false);
            }}>
              <option value="">Transfer to…</option>
              {quickConnects.map((q) => <option value={q.Id}>{q.Name}{availability(q)}</option>)}
            </select>
            <button type="button" disabled={!transferTo} onClick={() => setConfirming(true)}>Transfer</button>
            <button type="button" onClick={() => act(() => api.call('POST', `/contacts/${seat.contactId}/end`))}>End chat</button>
          </form>
        )}
        {markdown && previewing && !ended && (
          <div class="reply-preview" aria-label="Rendered preview">{text.trim() ? <Markdown text={text} /> : <p>Nothing to preview yet.</p>}</div>
        )}
        {picking !== undefined && !ended && (
          <QuickResponsePicker api={api} search={picking} onSearch={setPicking} onClose={() => setPicking(undefined)} onPick={(content) => {
            // A "/shortcut" typed in the reply is replaced by the text; anything else typed is kept before it.
            setText((current) => (/^\/[\w-]*$/.test(current) || !current.trim() ? content : `${current.trimEnd()} ${content}`));
            setPicking(undefined);
            (document.querySelector(`.chat-pane[data-contact="${seat.contactId}"] textarea[aria-label="Reply"]`) as HTMLTextAreaElement | null)?.focus();
          }} />
        )}
        {confirming && transferTo && !ended && (
          <div class="confirm" role="dialog" aria-label="Confirm transfer">
            <p>Transfer this chat to {quickConnects.find((q) => q.Id === transferTo)?.Name}?</p>
            <button type="button" onClick={() => {
              setConfirming(false);
              act(() => api.call('POST', `/contacts/${seat.contactId}/transfer`, { quickConnectId: transferTo }));
            }}>Confirm transfer</button>
            <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        )}
        {afterContactWork && (
          <form class="after-contact" onSubmit={(e) => {
            e.preventDefault();
            act(() => api.call('POST', `/contacts/${seat.contactId}/complete`, notes.trim() ? { notes } : {}).then(onClose));
          }}>
            <label>After-contact notes <textarea value={notes} rows={3} maxLength={4096} onInput={(e) => setNotes(e.currentTarget.value)} /></label>
            <button type="submit" class="complete">Finish after-contact work</button>
          </form>
        )}
      </div>
    </section>
  );
}

interface QuickConnect {
  Id: string;
  Name: string;
  Availability?: { ContactsInQueue?: number; AgentsAvailable?: number; AgentStatus?: string };
}

/** The figures Amazon's agent workspace shows beside a quick connect, read when the menu is focused. */
function availability(q: QuickConnect): string {
  const a = q.Availability;
  if (a?.AgentStatus) return ` — ${a.AgentStatus}`;
  if (a?.ContactsInQueue !== undefined) return ` — ${a.ContactsInQueue} waiting, ${a.AgentsAvailable ?? 0} available`;
  return '';
}
