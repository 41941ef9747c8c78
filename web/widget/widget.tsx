// The customer chat widget: a launcher and a chat panel built on amazon-connect-chatjs. A page reload resumes the
// same chat (its participant token lives in this tab's sessionStorage only); after a chat ends, the next visit
// continues the previous conversation with its history (persistent chat: only the continuation secret the server
// issued with the last chat is kept, in localStorage — never a participant token; see docs/web-faces.md).
import { useEffect, useRef, useState } from 'preact/hooks';
import { EVENT, type ChatSession, createSession, loadChatjs } from '../shared/chatjs.js';
import { interactiveResponse } from '../shared/interactive.js';
import { TranscriptView } from '../shared/transcript-view.js';
import { useUnread } from '../shared/unread.js';
import { useChat } from '../shared/use-chat.js';

export interface WidgetConfig {
  base: string;
  widgetId: string;
  display: { title: string; greeting?: string; color?: string; avatarUrl?: string };
  /** Asked before the chat starts; each answer becomes the contact attribute named by its key. */
  preChatFields: { key: string; label: string; required?: boolean }[];
  region: string;
}

interface ChatDetails {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
  /** Signed and expiring: lets this browser, and only it, continue the conversation later. */
  continuation?: string;
}

const key = (widgetId: string, what: string) => `switchboard:${widgetId}:${what}`;

export function Widget({ config }: { config: WidgetConfig }) {
  const [open, setOpen] = useState(false);
  const [details, setDetails] = useState<ChatDetails | undefined>(() => {
    const saved = sessionStorage.getItem(key(config.widgetId, 'chat'));
    return saved ? (JSON.parse(saved) as ChatDetails) : undefined;
  });
  const [session, setSession] = useState<ChatSession>();
  const [error, setError] = useState<string>();
  const chat = useChat(session, details?.ParticipantId, () => {
    // The token no longer opens the chat (it ended while away): start over next time.
    sessionStorage.removeItem(key(config.widgetId, 'chat'));
    setDetails(undefined);
    setSession(undefined);
  }, open);
  // Minimised, the launcher counts what the agent or the flow said meanwhile, with a short tone for each.
  const unread = useUnread(chat.items, details?.ParticipantId, open);

  // Resume (reload) or start a session whenever there are chat details.
  useEffect(() => {
    if (!details) return;
    let cancelled = false;
    void loadChatjs(config.base, config.region).then((chatjs) => {
      if (cancelled) return;
      setSession(createSession(chatjs, details, config.region));
      setOpen(true);
    });
    return () => {
      cancelled = true;
    };
  }, [details, config]);

  useEffect(() => {
    if (chat.state === 'ended') sessionStorage.removeItem(key(config.widgetId, 'chat'));
  }, [chat.state, config.widgetId]);

  const start = async (displayName: string, attributes: Record<string, string>) => {
    setError(undefined);
    const res = await fetch(`${config.base}/widget/v1/${config.widgetId}/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName, attributes, continuation: localStorage.getItem(key(config.widgetId, 'continuation')) ?? undefined }),
    });
    if (!res.ok) return setError('The chat could not be started. Please try again.');
    const started = (await res.json()) as ChatDetails;
    sessionStorage.setItem(key(config.widgetId, 'chat'), JSON.stringify(started));
    if (started.continuation) localStorage.setItem(key(config.widgetId, 'continuation'), started.continuation);
    setDetails(started);
  };

  const restart = () => {
    setSession(undefined);
    setDetails(undefined);
  };

  return (
    <div class={open ? 'sb-widget open' : 'sb-widget'} style={config.display.color ? { '--sb-accent': config.display.color } : undefined}>
      {open && (
        <section class="panel" role="dialog" aria-label={config.display.title}>
          <header>
            {config.display.avatarUrl && <img class="avatar" src={config.display.avatarUrl} alt="" />}
            <h2>{config.display.title}</h2>
            <span class={`state state-${chat.state}`} data-testid="connection-state">{details ? stateLabel(chat.state) : ''}</span>
            <button type="button" class="close" aria-label="Minimise chat" onClick={() => setOpen(false)}>–</button>
          </header>
          {!details ? (
            <StartForm greeting={config.display.greeting} fields={config.preChatFields} onStart={start} error={error} />
          ) : (
            <ChatPanel session={session} me={details.ParticipantId} chat={chat} onRestart={restart} systemName={config.display.title} />
          )}
        </section>
      )}
      <button type="button" class="launcher" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Close chat' : 'Chat with us'}
        {unread > 0 && <span class="badge" aria-label={`${unread} unread`}>{unread}</span>}
      </button>
    </div>
  );
}

/** A readable reason from a chatjs / SDK error (its message, or the service's Message). */
function reason(err: unknown): string {
  const e = err as { message?: unknown; body?: { Message?: unknown; message?: unknown } } | undefined;
  const text = [e?.body?.Message, e?.body?.message, e?.message].find((m) => typeof m === 'string' && m.trim());
  return typeof text === 'string' ? text : 'please try again.';
}

function stateLabel(state: string): string {
  return { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', broken: 'Connection lost', ended: 'Chat ended' }[state] ?? state;
}

function StartForm({ greeting, fields, onStart, error }: {
  greeting?: string; fields: WidgetConfig['preChatFields']; onStart: (name: string, attributes: Record<string, string>) => Promise<void>; error?: string;
}) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form class="start" onSubmit={(e) => {
      e.preventDefault();
      const form = new FormData(e.currentTarget);
      // Only answered questions become attributes.
      const answers = Object.fromEntries(fields.map((f) => [f.key, String(form.get(`pre-${f.key}`) ?? '').trim()]).filter(([, v]) => v));
      setBusy(true);
      void onStart(name, answers).finally(() => setBusy(false));
    }}>
      {greeting && <p>{greeting}</p>}
      <label>Your name <input name="displayName" value={name} required maxLength={256} onInput={(e) => setName(e.currentTarget.value)} /></label>
      {fields.map((f) => (
        <label>{f.label} <input name={`pre-${f.key}`} required={!!f.required} maxLength={1024} /></label>
      ))}
      <button type="submit" disabled={busy}>Start chat</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function ChatPanel({ session, me, chat, onRestart, systemName }: {
  session?: ChatSession; me: string; chat: ReturnType<typeof useChat>; onRestart: () => void; systemName: string;
}) {
  const [text, setText] = useState('');
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [uploads, setUploads] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => list.current?.scrollTo?.(0, list.current.scrollHeight), [chat.items.length, chat.past.length]);
  const ended = chat.state === 'ended';

  const send = async (e: Event) => {
    e.preventDefault();
    const message = text.trim();
    if (!message || !session) return;
    setText('');
    try {
      // Widget chats accept markdown (WIDGET_CONTENT_TYPES): **bold**, *italic*, `code` and links render for everyone.
      await session.sendMessage({ message, contentType: 'text/markdown' });
    } catch (err) {
      // Not sent: the text comes back, so nothing typed is lost.
      setText((current) => current || message);
      setProblem(`Your message was not sent: ${reason(err)}`);
    }
  };
  const connecting = chat.state === 'connecting' || !session;
  const upload = async (file: File) => {
    if (!session) return;
    setProblem(undefined);
    setUploads((u) => [...u, file.name]);
    try {
      await session.sendAttachment({ attachment: file });
    } catch (err) {
      // Refused (type, size, count) or failed: say so instead of letting the file vanish.
      setProblem(`${file.name} could not be sent: ${reason(err)}`);
    } finally {
      setUploads((u) => u.filter((n) => n !== file.name));
    }
  };
  const download = async (attachmentId: string, name: string) => {
    const blob = await session!.downloadAttachment({ attachmentId });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
  };

  return (
    <>
      {/* Focusable, so the conversation scrolls from the keyboard too. */}
      <div class="messages" ref={list} tabIndex={0} aria-label="Chat history">
        {chat.past.length > 0 && (
          <details class="past" open>
            <summary>Earlier conversation</summary>
            <TranscriptView items={chat.past} me={undefined} names={{ system: systemName }} />
          </details>
        )}
        <TranscriptView
          items={chat.items}
          me={me}
          // The customer's own messages say "You"; the flow speaks as the widget's title, not "BOT".
          names={{ mine: 'You', system: systemName }}
          readUpTo={chat.readUpTo}
          deliveredUpTo={chat.deliveredUpTo}
          onChoose={ended ? undefined : (c) => void session?.sendMessage(interactiveResponse(c))}
          onDownload={(id, name) => void download(id, name)}
          loadImage={async (id) => URL.createObjectURL(await session!.downloadAttachment({ attachmentId: id }))}
        />
        {chat.typing && !ended && <p class="typing" aria-live="polite">{chat.typing} is typing…</p>}
        {uploads.map((u) => <p class="uploading">Uploading {u}…</p>)}
        {problem && <p role="alert" class="problem">{problem}</p>}
      </div>
      {ended ? (
        <div class="ended"><button type="button" onClick={onRestart}>Start a new chat</button></div>
      ) : (
        <form class="compose" onSubmit={(e) => void send(e)}>
          <label class="sr-only" for="sb-message">Message</label>
          <textarea id="sb-message" rows={2} value={text} maxLength={1024} disabled={connecting} placeholder={connecting ? 'Connecting…' : 'Type a message'}
            onInput={(e) => {
              setText(e.currentTarget.value);
              void session?.sendEvent({ contentType: `${EVENT}typing` }).catch(() => {});
            }}
            onKeyDown={(e) => {
              // Not while an input method is composing (Japanese, Chinese…): Enter then confirms the composition.
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) void send(e);
            }} />
          <label class="attach" title="Attach a file">Attach<input type="file" aria-label="Attach a file" onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void upload(f);
            e.currentTarget.value = '';
          }} /></label>
          <button type="submit" disabled={connecting}>Send</button>
          <button type="button" class="end" aria-expanded={confirmEnd} onClick={() => setConfirmEnd(true)}>End chat</button>
          {confirmEnd && (
            <div class="confirm-end" role="group" aria-label="End this chat?">
              <span>End this chat?</span>
              <button type="button" class="end" onClick={() => void session?.disconnectParticipant()}>Yes, end the chat</button>
              <button type="button" onClick={() => setConfirmEnd(false)}>Keep chatting</button>
            </div>
          )}
        </form>
      )}
    </>
  );
}
