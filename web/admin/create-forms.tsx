// Forms that create routing resources through the Connect API's own operations (CreateQueue, CreateUser,
// CreateHoursOfOperation, CreateRoutingProfile, CreateQuickConnect), proxied for the logged-in administrator.
import { useState } from 'preact/hooks';
import { call } from './api.js';

type Named = { id: string; name: string; type?: string };
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

export function CreateForms({ instanceId, lists, flows, onCreated }: {
  instanceId: string; lists: Record<string, Named[]>; flows: Named[]; onCreated: () => void;
}) {
  const [message, setMessage] = useState<string>();
  const run = (operation: string, input: (f: FormData) => Record<string, unknown>) => async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    try {
      await call('POST', `/connect/${operation}`, { InstanceId: instanceId, ...input(new FormData(form)) });
      setMessage(`${operation}: done`);
      form.reset();
      onCreated();
    } catch (err) {
      setMessage(`${operation}: ${(err as Error).message}`);
    }
  };
  const options = (kind: string) => (lists[kind] ?? []).map((r) => <option value={r.id}>{r.name}</option>);
  const transferFlow = (type: string) => flows.find((f) => f.type === type)?.id;
  return (
    <div class="create-forms">
      {message && <p role="status">{message}</p>}
      <form onSubmit={run('CreateHoursOfOperation', (f) => ({
        Name: f.get('name'), TimeZone: f.get('timeZone'),
        Config: (f.get('always') ? DAYS : DAYS.slice(0, 5)).map((Day) => f.get('always')
          ? { Day, StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } }
          : { Day, StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }),
      }))}>
        <h3>New hours of operation</h3>
        <label>Name <input name="name" required /></label>
        <label>Time zone <input name="timeZone" defaultValue="UTC" required /></label>
        <label><input type="checkbox" name="always" /> Open 24x7 (otherwise weekdays 9–17)</label>
        <button type="submit">Create hours</button>
      </form>
      <form onSubmit={run('CreateQueue', (f) => ({ Name: f.get('name'), HoursOfOperationId: f.get('hours'), MaxContacts: f.get('max') ? Number(f.get('max')) : undefined }))}>
        <h3>New queue</h3>
        <label>Name <input name="name" required /></label>
        <label>Hours <select name="hours">{options('hours-of-operation')}</select></label>
        <label>Max contacts <input name="max" type="number" min={1} /></label>
        <button type="submit">Create queue</button>
      </form>
      <form onSubmit={run('CreateRoutingProfile', (f) => ({
        Name: f.get('name'), Description: f.get('name'), DefaultOutboundQueueId: f.getAll('queues')[0],
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: Number(f.get('concurrency')) }],
        QueueConfigs: f.getAll('queues').map((q, i) => ({ QueueReference: { QueueId: q, Channel: 'CHAT' }, Priority: i + 1, Delay: 0 })),
      }))}>
        <h3>New routing profile</h3>
        <label>Name <input name="name" required /></label>
        <label>Queues (in priority order) <select name="queues" multiple required>{options('queue')}</select></label>
        <label>Chats at once <input name="concurrency" type="number" min={1} max={10} defaultValue="2" /></label>
        <button type="submit">Create routing profile</button>
      </form>
      <form onSubmit={run('CreateUser', (f) => ({
        Username: f.get('username'), Password: f.get('password'), RoutingProfileId: f.get('profile'), SecurityProfileIds: ['Agent'],
        IdentityInfo: { FirstName: f.get('firstName') || undefined }, PhoneConfig: { PhoneType: 'SOFT_PHONE' },
      }))}>
        <h3>New user</h3>
        <label>Username <input name="username" required /></label>
        <label>First name <input name="firstName" /></label>
        <label>Password <input name="password" type="password" required minLength={8} maxLength={64} aria-describedby="password-rule" /></label>
        <small id="password-rule">8–64 characters, with an upper-case letter, a lower-case letter and a digit.</small>
        <label>Routing profile <select name="profile">{options('routing-profile')}</select></label>
        <button type="submit">Create user</button>
      </form>
      <form onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const type = String(f.get('type'));
        try {
          const created = await call<{ QuickConnectId: string }>('POST', '/connect/CreateQuickConnect', {
            InstanceId: instanceId, Name: f.get('name'),
            QuickConnectConfig: type === 'USER'
              ? { QuickConnectType: 'USER', UserConfig: { UserId: f.get('user'), ContactFlowId: transferFlow('AGENT_TRANSFER') } }
              : { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: f.get('queue'), ContactFlowId: transferFlow('QUEUE_TRANSFER') } },
          });
          // A quick connect reaches agents only through the queues that offer it.
          for (const queueId of f.getAll('offeredIn')) {
            await call('POST', '/connect/AssociateQueueQuickConnects', { InstanceId: instanceId, QueueId: queueId, QuickConnectIds: [created.QuickConnectId] });
          }
          setMessage('CreateQuickConnect: done');
          form.reset();
          onCreated();
        } catch (err) {
          setMessage(`CreateQuickConnect: ${(err as Error).message}`);
        }
      }}>
        <h3>New quick connect</h3>
        <label>Name <input name="name" required /></label>
        <label>Type <select name="type"><option>QUEUE</option><option>USER</option></select></label>
        <label>Queue <select name="queue">{options('queue')}</select></label>
        <label>User <select name="user">{options('user')}</select></label>
        <label>Offered in queues <select name="offeredIn" multiple>{options('queue')}</select></label>
        <button type="submit">Create quick connect</button>
      </form>
    </div>
  );
}
