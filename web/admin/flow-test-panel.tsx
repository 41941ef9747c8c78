// The flow test panel: a published flow run through scenarios pasted here (the same scenario files as
// `switchboard flow test`, docs/flow-testing.md), each scenario's result, and coverage — the blocks the scenarios
// entered marked on the flow's drawing, and every branch none of them took.
import { useState } from 'preact/hooks';
import { AdminError, call } from './api.js';
import { FlowGraph } from './flow-graph.js';
import { blockName } from './flow-layout.js';

interface Report {
  passed: boolean;
  scenarios: { scenario: string; line: number; passed: boolean; failures: string[]; ended: { state: string; queue?: string; reason?: string }; messages: { content: string }[] }[];
  coverage: {
    blocksEntered: number; branchesTaken: number; branchCount: number;
    blocks: { id: string; type: string; entered: boolean; branches: { label: string; taken: boolean }[] }[];
  };
}

const EXAMPLE = `name: the customer writes and the flow answers
turns:
  - expect: /Hello/
  - say: I have a question
expect:
  ended: queue
`;

export function FlowTestPanel({ instanceId, flowId, content }: { instanceId: string; flowId: string; content: string }) {
  const [scenarios, setScenarios] = useState(EXAMPLE);
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);

  const run = async (e: Event) => {
    e.preventDefault();
    setRunning(true);
    setError(undefined);
    setReport(undefined);
    try {
      setReport(await call<Report>('POST', `/flows/${flowId}/test`, { instanceId, scenarios }));
    } catch (err) {
      setError(err instanceof AdminError ? err.message : (err as Error).message);
    } finally {
      setRunning(false);
    }
  };

  const where = (ended: Report['scenarios'][number]['ended']) =>
    ended.state === 'queue' ? `in queue ${ended.queue ?? ''}` : ended.state === 'disconnected' ? `disconnected${ended.reason ? ` (${ended.reason})` : ''}` : 'still in the flow';
  const c = report?.coverage;
  return (
    <section class="flow-test" aria-label="Test this flow">
      <h3>Test this flow</h3>
      <form onSubmit={(e) => void run(e)}>
        <label>Scenarios (YAML or JSON; several separated by ---)
          <textarea name="scenarios" rows={10} value={scenarios} onInput={(e) => setScenarios(e.currentTarget.value)} spellcheck={false} />
        </label>
        <button type="submit" disabled={running}>{running ? 'Running…' : 'Run scenarios'}</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {report && c && (
        <div class="flow-test-report">
          <p role="status">{report.scenarios.filter((s) => s.passed).length} of {report.scenarios.length} scenario(s) passed</p>
          <ul>{report.scenarios.map((s) => (
            <li class={s.passed ? 'pass' : 'fail'}>
              <strong>{s.passed ? 'PASS' : 'FAIL'}</strong> {s.scenario} — ended {where(s.ended)}, {s.messages.length} message(s) seen
              {s.failures.length > 0 && <ul>{s.failures.map((f) => <li>{f}</li>)}</ul>}
            </li>
          ))}</ul>
          <h4>Coverage: {c.blocksEntered} of {c.blocks.length} blocks entered, {c.branchesTaken} of {c.branchCount} branches taken</h4>
          <FlowGraph content={content} highlight={new Set(c.blocks.filter((b) => b.entered).map((b) => b.id))} />
          <ul class="not-taken">{c.blocks.flatMap((b) => {
            const missing = b.branches.filter((x) => !x.taken).map((x) => x.label);
            if (!b.entered) return [<li>Never entered: {blockName(b.type)} <code>{b.id}</code></li>];
            return missing.length ? [<li>Not taken: {blockName(b.type)} <code>{b.id}</code>: {missing.join(', ')}</li>] : [];
          })}</ul>
        </div>
      )}
    </section>
  );
}
