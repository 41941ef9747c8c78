// Which quick connects each queue offers its agents (an agent's transfer menu lists those of the queues in their
// routing profile): listed per queue, added and removed through ListQueueQuickConnects,
// AssociateQueueQuickConnects and DisassociateQueueQuickConnects.
import { useEffect, useState } from 'preact/hooks';
import { call } from './api.js';

type Named = { id: string; name: string };

export function QueueQuickConnects({ instanceId, queues, quickConnects, version }: { instanceId: string; queues: Named[]; quickConnects: Named[]; version: number }) {
  const [offered, setOffered] = useState<Record<string, Named[]>>({});
  const [status, setStatus] = useState<string>();
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    for (const q of queues) {
      void call<{ QuickConnectSummaryList: { Id: string; Name: string }[] }>('POST', '/connect/ListQueueQuickConnects', { InstanceId: instanceId, QueueId: q.id })
        .then((r) => setOffered((o) => ({ ...o, [q.id]: r.QuickConnectSummaryList.map((x) => ({ id: x.Id, name: x.Name })) })));
    }
  }, [instanceId, queues, version, changes]);
  const change = async (operation: 'AssociateQueueQuickConnects' | 'DisassociateQueueQuickConnects', queue: Named, quickConnectId: string) => {
    try {
      await call('POST', `/connect/${operation}`, { InstanceId: instanceId, QueueId: queue.id, QuickConnectIds: [quickConnectId] });
      const qc = quickConnects.find((x) => x.id === quickConnectId)?.name ?? quickConnectId;
      setStatus(operation === 'AssociateQueueQuickConnects' ? `${qc} is now offered in ${queue.name}.` : `${qc} is no longer offered in ${queue.name}.`);
      setChanges((n) => n + 1);
    } catch (err) {
      setStatus(`${operation}: ${(err as Error).message}`);
    }
  };
  return (
    <div class="queue-quick-connects">
      <h3>Quick connects offered in each queue</h3>
      <p>Agents can transfer to the quick connects of the queues in their routing profile.</p>
      {status && <p role="status">{status}</p>}
      <table>
        <thead><tr><th>Queue</th><th>Quick connects</th><th>Add</th></tr></thead>
        <tbody>
          {queues.map((q) => {
            const here = offered[q.id] ?? [];
            const addable = quickConnects.filter((x) => !here.some((h) => h.id === x.id));
            return (
              <tr>
                <td>{q.name}</td>
                <td>
                  {here.length ? here.map((x) => (
                    <span class="chip">{x.name} <button type="button" aria-label={`Remove ${x.name} from ${q.name}`} onClick={() => void change('DisassociateQueueQuickConnects', q, x.id)}>×</button></span>
                  )) : <em>none</em>}
                </td>
                <td>
                  <form onSubmit={(e) => {
                    e.preventDefault();
                    const id = String(new FormData(e.currentTarget).get('quickConnect') ?? '');
                    if (id) void change('AssociateQueueQuickConnects', q, id);
                  }}>
                    <label>Quick connect for {q.name} <select name="quickConnect" disabled={!addable.length}>{addable.map((x) => <option value={x.id}>{x.name}</option>)}</select></label>
                    <button type="submit" disabled={!addable.length}>Offer in {q.name}</button>
                  </form>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
