// The admin console: log in with the instance's access key pair, pick an instance, then flows, routing, contacts
// and chat widgets. The session token lives only in this tab's sessionStorage.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { SESSION_ENDED, TOKEN, call } from './api.js';

/** Fired on window when the admin logs out: back to the login form, without a reason to show. */
const LOGGED_OUT = 'switchboard:admin-logged-out';
import { ContactsPage } from './contacts-page.js';
import { FlowsPage } from './flows-page.js';
import { RoutingPage } from './routing-page.js';
import { WidgetsPage } from './widgets-page.js';
import { QuickResponsesPage } from './quick-responses-page.js';

function Admin() {
  const [authed, setAuthed] = useState(!!sessionStorage.getItem(TOKEN));
  const [error, setError] = useState<string>();
  useEffect(() => {
    // An expired or revoked session sends the console back here instead of leaving a dead page.
    const ended = () => {
      setAuthed(false);
      setError('Your session has ended. Log in again.');
    };
    const loggedOut = () => {
      setAuthed(false);
      setError(undefined);
    };
    window.addEventListener(SESSION_ENDED, ended);
    window.addEventListener(LOGGED_OUT, loggedOut);
    // A 401 that came back before this listener was in place (child effects run first) left no token behind.
    if (authed && !sessionStorage.getItem(TOKEN)) ended();
    return () => {
      window.removeEventListener(SESSION_ENDED, ended);
      window.removeEventListener(LOGGED_OUT, loggedOut);
    };
  }, []);
  if (!authed) {
    return (
      <form class="login" onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        try {
          const out = await call<{ token: string }>('POST', '/login', { accessKeyId: f.get('accessKeyId'), secretAccessKey: f.get('secretAccessKey') });
          sessionStorage.setItem(TOKEN, out.token);
          setError(undefined);
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
  return <Console />;
}

const PAGES = ['Flows', 'Routing', 'Contacts', 'Widgets', 'Quick responses'] as const;

function Console() {
  const [instances, setInstances] = useState<{ id: string; alias: string | null }[]>([]);
  const [instanceId, setInstanceId] = useState('');
  const [page, setPage] = useState<(typeof PAGES)[number]>('Flows');
  useEffect(() => {
    void call<{ instances: { id: string; alias: string | null }[] }>('GET', '/instances').then((r) => {
      setInstances(r.instances);
      setInstanceId((cur) => cur || r.instances[0]?.id || '');
    });
  }, []);
  return (
    <div class="admin">
      <header>
        <h1>Admin</h1>
        <label>Instance <select value={instanceId} onChange={(e) => setInstanceId(e.currentTarget.value)}>
          {instances.map((i) => <option value={i.id}>{i.alias ?? i.id}</option>)}
        </select></label>
        <nav>{PAGES.map((p) => <button type="button" aria-current={p === page} onClick={() => setPage(p)}>{p}</button>)}</nav>
        <button type="button" onClick={async () => {
          const alias = prompt('Alias of the new instance');
          if (!alias) return;
          const out = await call<{ Id: string }>('POST', '/connect/CreateInstance', { IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: false });
          setInstances((list) => [...list, { id: out.Id, alias }]);
          setInstanceId(out.Id);
        }}>New instance</button>
        <button type="button" onClick={async () => {
          await call('POST', '/logout').catch(() => undefined);
          sessionStorage.removeItem(TOKEN);
          window.dispatchEvent(new Event(LOGGED_OUT));
        }}>Log out</button>
      </header>
      <main>
        {instanceId && page === 'Flows' && <FlowsPage instanceId={instanceId} />}
        {instanceId && page === 'Routing' && <RoutingPage instanceId={instanceId} />}
        {instanceId && page === 'Contacts' && <ContactsPage instanceId={instanceId} />}
        {instanceId && page === 'Widgets' && <WidgetsPage instanceId={instanceId} />}
        {instanceId && page === 'Quick responses' && <QuickResponsesPage instanceId={instanceId} />}
      </main>
    </div>
  );
}

render(<Admin />, document.getElementById('app')!);
