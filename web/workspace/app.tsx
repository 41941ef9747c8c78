// The agent workspace: log in, choose a status, get offers (with a sound and a browser notification), accept or
// reject, hold several chats at once, and work each one (chat-pane.tsx). The session token lives in this tab's
// sessionStorage; the agent socket brings offers and contact changes.
import { render } from 'preact';
import { shortId } from '../shared/ids.js';
import { beep } from '../shared/unread.js';
import { useEffect, useState } from 'preact/hooks';
import { AgentApi, type Notice } from './agent-api-client.js';
import { ChatPane } from './chat-pane.js';

interface Offer {
  contactId: string;
  customerName?: string;
  attributes: Record<string, string>;
  queueId: string;
  queueName?: string;
  enqueuedAt?: string;
  expiresAt: string;
}

interface Seat {
  contactId: string;
  participantId: string;
  participantToken: string;
  customerName?: string;
}

/** m:ss since (or until) an ISO time, never negative. */
function clock(iso: string | undefined, now: number, until = false): string {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((until ? Date.parse(iso) - now : now - Date.parse(iso)) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** An offer with what an agent needs to decide: who, which queue, how long they waited, how long to answer. */
function OfferCard({ offer, onAccept, onReject }: { offer: Offer; onAccept: () => void; onReject: () => void }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const attributes = Object.entries(offer.attributes ?? {});
  return (
    <div class="offer" data-contact={offer.contactId} role="group" aria-label={`Incoming chat from ${offer.customerName ?? 'a customer'}`}>
      <strong>{offer.customerName ?? 'Customer'}</strong>
      <span class="offer-queue">{offer.queueName ?? offer.queueId}</span>
      <span class="offer-wait">waiting {clock(offer.enqueuedAt, now)}</span>
      <span class="offer-countdown" aria-live="off">{clock(offer.expiresAt, now, true)} left to accept</span>
      {attributes.length > 0 && <span class="offer-attributes">{attributes.map(([k, v]) => `${k}: ${v}`).join(', ')}</span>}
      <button type="button" onClick={onAccept}>Accept</button>
      <button type="button" onClick={onReject}>Reject</button>
    </div>
  );
}

export function Workspace() {
  const [api, setApi] = useState<AgentApi | undefined>(() => AgentApi.restore());
  if (!api) return <Login onLogin={setApi} />;
  return <Desk api={api} onLogout={() => setApi(undefined)} />;
}

function Login({ onLogin }: { onLogin: (api: AgentApi) => void }) {
  const [error, setError] = useState<string>();
  return (
    <form class="login" onSubmit={async (e) => {
      e.preventDefault();
      const form = new FormData(e.currentTarget);
      try {
        onLogin(await AgentApi.login(String(form.get('username')), String(form.get('password'))));
      } catch (err) {
        setError((err as Error).message);
      }
    }}>
      <h1>Switchboard — agent workspace</h1>
      <label>Username <input name="username" autoComplete="username" required /></label>
      <label>Password <input name="password" type="password" autoComplete="current-password" required /></label>
      <button type="submit">Log in</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function Desk({ api, onLogout }: { api: AgentApi; onLogout: () => void }) {
  const [status, setStatus] = useState('Offline');
  const [statuses, setStatuses] = useState<{ name: string }[]>([]);
  const [offers, setOffers] = useState<Offer[]>([]);
  const [seats, setSeats] = useState<Seat[]>(() => JSON.parse(sessionStorage.getItem('switchboard:seats') ?? '[]') as Seat[]);
  const [active, setActive] = useState<string | undefined>(seats[0]?.contactId);
  /** Messages from customers in tabs not selected since they were last looked at, by contact. */
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [acw, setAcw] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();

  useEffect(() => sessionStorage.setItem('switchboard:seats', JSON.stringify(seats)), [seats]);
  useEffect(() => {
    void api.call<{ statuses: { name: string }[] }>('GET', '/statuses').then((r) => setStatuses(r.statuses));
    void api.call<{ status: string; contacts: { contactId: string; state: string }[] }>('GET', '/me').then((me) => {
      setStatus(me.status);
      setAcw(me.contacts.filter((c) => c.state === 'ACW').map((c) => c.contactId));
    });
    return api.listen((n: Notice) => {
      if (n.type === 'offer') {
        setOffers((o) => [...o.filter((x) => x.contactId !== n.contactId), n as unknown as Offer]);
        alertAgent(n.contactId ?? '');
      } else if (n.type === 'offer.withdrawn' || n.type === 'offer.missed') {
        setOffers((o) => o.filter((x) => x.contactId !== n.contactId));
      } else if (n.type === 'status') {
        setStatus(String(n.status));
      } else if (n.type === 'contact.acw') {
        setAcw((a) => [...new Set([...a, n.contactId!])]);
      }
    });
  }, [api]);

  const accept = async (contactId: string) => {
    const seat = await api.call<Seat>('POST', `/contacts/${contactId}/accept`);
    setOffers((o) => o.filter((x) => x.contactId !== contactId));
    setSeats((s) => [...s, seat]);
    setActive(contactId);
  };
  const close = (contactId: string) => {
    setSeats((s) => s.filter((x) => x.contactId !== contactId));
    setAcw((a) => a.filter((x) => x !== contactId));
    setActive((cur) => (cur === contactId ? undefined : cur));
  };

  return (
    <div class="desk">
      <header>
        <h1>Workspace</h1>
        <label>Status{' '}
          <select data-testid="status" value={status} onChange={(e) => {
            // Read the choice now: the event's target is gone by the time the request answers.
            const next = e.currentTarget.value;
            void api.call('PUT', '/status', { status: next }).then(() => {
              setStatus(next);
              setProblem(undefined);
            }, (err: Error) => setProblem(`The status could not be changed: ${err.message}`));
          }}>
            {[...new Set([status, ...statuses.map((s) => s.name)])].map((s) => <option value={s}>{s}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => void api.logout().then(onLogout)}>Log out</button>
      </header>
      {problem && <p role="alert" class="problem">{problem}</p>}
      <QueueGlance api={api} />
      <section class="offers" aria-label="Incoming chats">
        {offers.map((o) => (
          <OfferCard offer={o} onAccept={() => void accept(o.contactId)}
            onReject={() => void api.call('POST', `/contacts/${o.contactId}/reject`).then(() => setOffers((x) => x.filter((y) => y.contactId !== o.contactId)))} />
        ))}
      </section>
      {!seats.length && !offers.length && (
        <p class="empty" role="status">
          {status === 'Available' ? 'Waiting for the next chat: it appears here as an offer to accept.' : `You are ${status}: set your status to Available to receive chats.`}
        </p>
      )}
      <nav class="tabs" role="tablist">
        {seats.map((s) => (
          <button type="button" role="tab" aria-selected={s.contactId === active} onClick={() => setActive(s.contactId)}>
            {s.customerName ?? `Chat ${shortId(s.contactId)}`}{acw.includes(s.contactId) ? ' (after-contact work)' : ''}
            {unread[s.contactId] ? <span class="badge" aria-label={`${unread[s.contactId]} unread`}>{unread[s.contactId]}</span> : null}
          </button>
        ))}
      </nav>
      {seats.map((s) => (
        <div hidden={s.contactId !== active} key={s.contactId}>
          <ChatPane api={api} seat={s} active={s.contactId === active} afterContactWork={acw.includes(s.contactId)} onClose={() => close(s.contactId)}
            onUnread={(n) => setUnread((u) => (u[s.contactId] === n ? u : { ...u, [s.contactId]: n }))} />
        </div>
      ))}
    </div>
  );
}

/** The agent's queues at a glance: waiting contacts, oldest wait, agents available — pushed live as they change. */
function QueueGlance({ api }: { api: AgentApi }) {
  const [queues, setQueues] = useState<{ id: string; name: string; CONTACTS_IN_QUEUE: number; OLDEST_CONTACT_AGE: number; AGENTS_AVAILABLE: number }[]>([]);
  useEffect(() => {
    const stop = new AbortController();
    // A refused stream (the session ended) leaves the glance as it was; the workspace's own calls handle the logout.
    api.follow<{ queues: typeof queues }>('/queues/live', (d) => setQueues(d.queues), stop.signal, () => {});
    return () => stop.abort();
  }, [api]);
  return (
    <section class="queues" aria-label="My queues">
      {queues.map((q) => <span class="queue" data-queue={q.name}>{q.name}: {q.CONTACTS_IN_QUEUE} waiting, oldest {q.OLDEST_CONTACT_AGE}s, {q.AGENTS_AVAILABLE} available</span>)}
    </section>
  );
}

/** A short beep and, when allowed, a browser notification for an incoming chat. */
function alertAgent(contactId: string) {
  beep();
  if ('Notification' in window) {
    if (Notification.permission === 'granted') new Notification('Incoming chat', { body: `Contact ${shortId(contactId)}` });
    else if (Notification.permission === 'default') void Notification.requestPermission();
  }
}

render(<Workspace />, document.getElementById('app')!);
