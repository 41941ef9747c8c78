// One kind of routing resource, listed with Edit and Delete: each change goes through the Connect API's own
// operations (UpdateQueueName, UpdateQueueMaxContacts, UpdateQueueStatus, UpdateQueueHoursOfOperation,
// UpdateRoutingProfileName, UpdateUserRoutingProfile, UpdateHoursOfOperation, UpdateQuickConnectName, Delete*), so a
// refusal (a name taken, a queue still in use: ResourceInUseException) says what Amazon would.
import { useState } from 'preact/hooks';
import { call } from './api.js';

export type ResourceKind = 'queue' | 'routing-profile' | 'user' | 'hours-of-operation' | 'quick-connect';

export interface Listed {
  id: string;
  name: string;
  Username?: string;
  MaxContacts?: number;
  Status?: string;
  HoursOfOperationId?: string;
  RoutingProfileId?: string;
}

/** The id member each kind's operations take, and how it is deleted. */
const ID: Record<ResourceKind, { member: string; remove: string; rename?: string }> = {
  queue: { member: 'QueueId', remove: 'DeleteQueue', rename: 'UpdateQueueName' },
  'routing-profile': { member: 'RoutingProfileId', remove: 'DeleteRoutingProfile', rename: 'UpdateRoutingProfileName' },
  user: { member: 'UserId', remove: 'DeleteUser' },
  'hours-of-operation': { member: 'HoursOfOperationId', remove: 'DeleteHoursOfOperation', rename: 'UpdateHoursOfOperation' },
  'quick-connect': { member: 'QuickConnectId', remove: 'DeleteQuickConnect', rename: 'UpdateQuickConnectName' },
};

export function ResourceList({ instanceId, kind, label, items, lists, onChanged }: {
  instanceId: string; kind: ResourceKind; label: string; items: Listed[]; lists: Record<string, Listed[]>; onChanged: () => void;
}) {
  const [editing, setEditing] = useState<string>();
  const [message, setMessage] = useState<{ text: string; failed: boolean }>();
  const op = (operation: string, input: Record<string, unknown>) => call('POST', `/connect/${operation}`, { InstanceId: instanceId, ...input });
  const act = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
      setMessage({ text: what, failed: false });
      setEditing(undefined);
      onChanged();
    } catch (err) {
      setMessage({ text: (err as Error).message, failed: true });
    }
  };
  const save = (r: Listed) => (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const ids = { [ID[kind].member]: r.id };
    void act(`${r.name} saved.`, async () => {
      const name = String(f.get('name') ?? r.name).trim();
      if (ID[kind].rename && name !== r.name) await op(ID[kind].rename!, { ...ids, Name: name });
      if (kind === 'queue') {
        const max = String(f.get('maxContacts') ?? '');
        if (max !== String(r.MaxContacts ?? '')) await op('UpdateQueueMaxContacts', { ...ids, ...(max ? { MaxContacts: Number(max) } : {}) });
        if (f.get('status') !== r.Status) await op('UpdateQueueStatus', { ...ids, Status: f.get('status') });
        if (f.get('hours') !== r.HoursOfOperationId) await op('UpdateQueueHoursOfOperation', { ...ids, HoursOfOperationId: f.get('hours') });
      }
      if (kind === 'user' && f.get('routingProfile') !== r.RoutingProfileId) await op('UpdateUserRoutingProfile', { ...ids, RoutingProfileId: f.get('routingProfile') });
    });
  };
  const options = (k: string, selected?: string) => (lists[k] ?? []).map((o) => <option value={o.id} selected={o.id === selected}>{o.name}</option>);
  return (
    <div class="resource-list">
      <h3>{label}</h3>
      {message && <p role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
      <ul>{items.map((r) => (
        <li>
          {editing === r.id ? (
            <form onSubmit={save(r)} aria-label={`Edit ${r.name}`}>
              {ID[kind].rename && <label>Name <input name="name" defaultValue={r.name} required /></label>}
              {kind === 'queue' && <>
                <label>Max contacts <input name="maxContacts" type="number" min={0} defaultValue={r.MaxContacts === undefined ? '' : String(r.MaxContacts)} /></label>
                <label>Status <select name="status">{['ENABLED', 'DISABLED'].map((s) => <option selected={s === r.Status}>{s}</option>)}</select></label>
                <label>Hours <select name="hours">{options('hours-of-operation', r.HoursOfOperationId)}</select></label>
              </>}
              {kind === 'user' && <label>Routing profile <select name="routingProfile">{options('routing-profile', r.RoutingProfileId)}</select></label>}
              <button type="submit">Save</button>
              <button type="button" onClick={() => setEditing(undefined)}>Cancel</button>
            </form>
          ) : (
            <>
              {r.Username ?? r.name}{r.Status === 'DISABLED' ? ' (disabled)' : ''}{' '}
              {(ID[kind].rename || kind === 'queue' || kind === 'user') && <button type="button" onClick={() => setEditing(r.id)}>Edit {r.Username ?? r.name}</button>}
              <button type="button" onClick={() => {
                if (confirm(`Delete ${r.Username ?? r.name}?`)) void act(`${r.Username ?? r.name} deleted.`, () => op(ID[kind].remove, { [ID[kind].member]: r.id }));
              }}>Delete {r.Username ?? r.name}</button>
            </>
          )}
        </li>
      ))}</ul>
    </div>
  );
}
