// Flows: the instance's flows, uploading flow JSON, seeing it drawn, and publishing with every validation problem
// shown (the server's InvalidContactFlowException problems); renaming and deleting a flow through the Connect
// operations (UpdateContactFlowName, DeleteContactFlow), so a refusal says what Amazon would.
import { useEffect, useState } from 'preact/hooks';
import { AdminError, call } from './api.js';
import { FlowGraph } from './flow-graph.js';
import { FlowTestPanel } from './flow-test-panel.js';

interface Flow {
  id: string;
  name: string;
  type: string;
  status: string;
}

export function FlowsPage({ instanceId }: { instanceId: string }) {
  const [flows, setFlows] = useState<Flow[]>([]);
  const [name, setName] = useState('');
  const [content, setContent] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string>();
  /** The published flow opened from the list (the one the test panel runs). */
  const [opened, setOpened] = useState<{ id: string; content: string }>();
  const [renaming, setRenaming] = useState<string>();
  const load = () => void call<{ flows: Flow[] }>('GET', `/flows?instanceId=${instanceId}`).then((r) => setFlows(r.flows));
  useEffect(load, [instanceId]);

  const publish = async (e: Event) => {
    e.preventDefault();
    setProblems([]);
    setMessage(undefined);
    try {
      const existing = flows.find((f) => f.name === name);
      if (existing) await call('PUT', `/flows/${existing.id}`, { instanceId, content });
      else await call('POST', '/flows', { instanceId, name, content, status: 'PUBLISHED' });
      setMessage(`Published ${name}`);
      load();
    } catch (err) {
      setProblems(err instanceof AdminError && err.problems.length ? err.problems : [(err as Error).message]);
    }
  };

  const change = async (what: string, operation: string, input: Record<string, unknown>) => {
    setProblems([]);
    setMessage(undefined);
    try {
      await call('POST', `/connect/${operation}`, { InstanceId: instanceId, ...input });
      setMessage(what);
      setRenaming(undefined);
      load();
    } catch (err) {
      setProblems([(err as Error).message]);
    }
  };
  const rename = (f: Flow) => (e: Event) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget as HTMLFormElement).get('name') ?? '').trim();
    if (name && name !== f.name) void change(`Renamed ${f.name} to ${name}`, 'UpdateContactFlowName', { ContactFlowId: f.id, Name: name });
    else setRenaming(undefined);
  };
  const remove = (f: Flow) => {
    // Amazon deletes at once and for good; chats that start in this flow (a widget's, a phone number's) then fail.
    if (!confirm(`Delete the flow ${f.name}? Widgets and transfers that start it will fail.`)) return;
    if (opened?.id === f.id) setOpened(undefined);
    void change(`Deleted ${f.name}`, 'DeleteContactFlow', { ContactFlowId: f.id });
  };

  return (
    <section>
      <h2>Flows</h2>
      <table>
        <thead><tr><th>Name</th><th>Type</th><th>Status</th><th>Actions</th></tr></thead>
        <tbody>{flows.map((f) => (
          <tr>
            <td>{renaming === f.id ? (
              <form onSubmit={rename(f)} aria-label={`Rename ${f.name}`} class="inline-form">
                <label>New name <input name="name" defaultValue={f.name} required maxLength={127} /></label>
                <button type="submit">Save</button>
                <button type="button" onClick={() => setRenaming(undefined)}>Cancel</button>
              </form>
            ) : (
              <button type="button" class="link" onClick={() => void call<{ content: string }>('GET', `/flows/${f.id}?instanceId=${instanceId}`).then((r) => { setName(f.name); setContent(r.content); setOpened({ id: f.id, content: r.content }); })}>{f.name}</button>
            )}</td>
            <td>{f.type}</td><td>{f.status}</td>
            <td><div class="row-actions">
              <button type="button" aria-label={`Rename ${f.name}`} onClick={() => setRenaming(f.id)}>Rename</button>
              <button type="button" aria-label={`Delete ${f.name}`} onClick={() => remove(f)}>Delete</button>
            </div></td>
          </tr>
        ))}</tbody>
      </table>
      <form onSubmit={(e) => void publish(e)} class="flow-editor">
        <h3>Upload and publish</h3>
        <label>Name <input name="flowName" value={name} required onInput={(e) => setName(e.currentTarget.value)} /></label>
        <label>Flow JSON file <input type="file" accept="application/json,.json" onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          if (file) setContent(await file.text());
        }} /></label>
        <label>Content <textarea name="content" rows={10} value={content} onInput={(e) => setContent(e.currentTarget.value)} /></label>
        <button type="submit">Publish</button>
      </form>
      {message && <p role="status">{message}</p>}
      {problems.length > 0 && (
        <div role="alert" class="problems"><h3>{problems.length} problem{problems.length === 1 ? '' : 's'}</h3><ul>{problems.map((p) => <li>{p}</li>)}</ul></div>
      )}
      {content && <FlowGraph content={content} />}
      {opened && opened.content === content && <FlowTestPanel instanceId={instanceId} flowId={opened.id} content={opened.content} />}
    </section>
  );
}
