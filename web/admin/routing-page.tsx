// Routing at a glance: queues and agents, live (pushed by the server as they change); routing profiles, users, hours of operation and quick connects, each
// editable and deletable (resource-list.tsx), and forms to create them.
import { useEffect, useState } from 'preact/hooks';
import { SESSION_ENDED, TOKEN, call } from './api.js';
import { followEvents } from '../shared/event-stream.js';
import { CreateForms } from './create-forms.js';
import { QueueQuickConnects } from './queue-quick-connects.js';
import { type Listed, ResourceList } from './resource-list.js';

interface AgentRow {
  userId: string;
  username: string;
  status: string;
  online: boolean;
  since: string;
  contacts: { offered: number; connected: number; afterContactWork: number };
}

const KINDS = [['queue', 'Queues'], ['routing-profile', 'Routing profiles'], ['user', 'Users'], ['hours-of-operation', 'Hours of operation'], ['quick-connect', 'Quick connects']] as const;

export function RoutingPage({ instanceId }: { instanceId: string }) {
  const [metrics, setMetrics] = useState<Record<string, string | number>[]>([]);
  const [agents, setAgents] = useState<AgentRow[]>([]);
  const [lists, setLists] = useState<Record<string, Listed[]>>({});
  const [flows, setFlows] = useState<{ id: string; name: string; type: string }[]>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    void call<{ flows: { id: string; name: string; type: string }[] }>('GET', `/flows?instanceId=${instanceId}`).then((r) => setFlows(r.flows));
    // Live: the server pushes the queues' metrics when they change (no polling).
    const stop = new AbortController();
    followEvents(`/admin/v1/metrics/live?instanceId=${instanceId}`, sessionStorage.getItem(TOKEN) ?? '', (d) => {
      const view = d as { queues: Record<string, string | number>[]; agents: AgentRow[] };
      setMetrics(view.queues);
      setAgents(view.agents);
    }, stop.signal, () => {
      sessionStorage.removeItem(TOKEN);
      window.dispatchEvent(new Event(SESSION_ENDED));
    });
    for (const [kind] of KINDS) void call<{ resources: Listed[] }>('GET', `/resources/${kind}?instanceId=${instanceId}`).then((r) => setLists((l) => ({ ...l, [kind]: r.resources })));
    return () => stop.abort();
  }, [instanceId, version]);
  return (
    <section>
      <h2>Live queues</h2>
      <table>
        <thead><tr><th>Queue</th><th>In queue</th><th>Oldest (s)</th><th>Online</th><th>Available</th><th>On contact</th></tr></thead>
        <tbody>{metrics.map((m) => <tr><td>{m.name}</td><td>{m.CONTACTS_IN_QUEUE}</td><td>{m.OLDEST_CONTACT_AGE}</td><td>{m.AGENTS_ONLINE}</td><td>{m.AGENTS_AVAILABLE}</td><td>{m.AGENTS_ON_CONTACT}</td></tr>)}</tbody>
      </table>
      <h2>Agents</h2>
      {!agents.length ? <p>No agent has logged in yet.</p> : (
        <table class="agents">
          <thead><tr><th>Agent</th><th>Status</th><th>Logged in</th><th>Since</th><th>Offered</th><th>On contact</th><th>After-contact work</th></tr></thead>
          <tbody>{agents.map((a) => (
            <tr><td>{a.username}</td><td>{a.status}</td><td>{a.online ? 'yes' : 'no'}</td><td>{new Date(a.since).toLocaleTimeString()}</td>
              <td>{a.contacts.offered}</td><td>{a.contacts.connected}</td><td>{a.contacts.afterContactWork}</td></tr>
          ))}</tbody>
        </table>
      )}
      {KINDS.map(([kind, label]) => (
        <ResourceList instanceId={instanceId} kind={kind} label={label} items={lists[kind] ?? []} lists={lists} onChanged={() => setVersion((v) => v + 1)} />
      ))}
      <QueueQuickConnects instanceId={instanceId} queues={lists.queue ?? []} quickConnects={lists['quick-connect'] ?? []} version={version} />
      <CreateForms instanceId={instanceId} lists={lists} flows={flows} onCreated={() => setVersion((v) => v + 1)} />
    </section>
  );
}
