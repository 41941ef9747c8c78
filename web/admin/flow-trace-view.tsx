// A chat's flow trace in the console: the steps it took through its flows (block, result, next block, what resumed a
// wait), and each flow it ran drawn with the blocks it went through highlighted.
import { useEffect, useState } from 'preact/hooks';
import { call } from './api.js';
import { FlowGraph } from './flow-graph.js';
import { blockName } from './flow-layout.js';

interface TraceEntry {
  Timestamp: string;
  ContactId: string;
  ContactFlowId?: string;
  ContactFlowModuleId?: string;
  ContactFlowModuleType: string;
  Identifier: string;
  Results?: string;
  NextAction?: string;
  ResumedBy?: string;
}

export function FlowTraceView({ instanceId, contactId }: { instanceId: string; contactId: string }) {
  const [entries, setEntries] = useState<TraceEntry[]>();
  const [flows, setFlows] = useState<{ id: string; name: string; content: string }[]>([]);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const trace = await call<{ entries: TraceEntry[] }>('GET', `/contacts/${contactId}/flow-trace?instanceId=${instanceId}`);
      if (cancelled) return;
      setEntries(trace.entries);
      const ids = [...new Set(trace.entries.map((e) => e.ContactFlowId).filter((id): id is string => !!id))];
      const loaded = await Promise.all(ids.map((id) => call<{ id: string; name: string; content: string }>('GET', `/flows/${id}?instanceId=${instanceId}`).catch(() => undefined)));
      if (!cancelled) setFlows(loaded.filter((f): f is { id: string; name: string; content: string } => !!f));
    })();
    return () => {
      cancelled = true;
    };
  }, [instanceId, contactId]);
  if (!entries) return null;
  if (!entries.length) return <p>No flow trace for this chat (its flows turned logging off, or none ran).</p>;
  return (
    <section class="flow-trace" aria-label="Flow trace">
      <h3>Flow trace</h3>
      <table>
        <thead><tr><th>Time</th><th>Block</th><th>Result</th><th>Next</th><th>Resumed by</th></tr></thead>
        <tbody>{entries.map((e) => (
          <tr>
            <td>{new Date(e.Timestamp).toLocaleTimeString()}</td>
            <td>{blockName(e.ContactFlowModuleType)} <code>{e.Identifier.length > 14 ? `${e.Identifier.slice(0, 13)}…` : e.Identifier}</code></td>
            <td>{e.Results ?? ''}</td><td>{e.NextAction ? <code>{e.NextAction.length > 14 ? `${e.NextAction.slice(0, 13)}…` : e.NextAction}</code> : ''}</td>
            <td>{e.ResumedBy ?? ''}</td>
          </tr>
        ))}</tbody>
      </table>
      {flows.map((f) => (
        <div>
          <h4>{f.name}: the path taken</h4>
          <FlowGraph content={f.content} highlight={new Set(entries.filter((e) => e.ContactFlowId === f.id).map((e) => e.Identifier))} />
        </div>
      ))}
    </section>
  );
}
