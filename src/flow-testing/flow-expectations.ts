// A scenario's expectations checked against what its run showed. Every failure names the scenario line and, for
// a block, its type, what it says or compares and its identifier, so a wrong branch reads as the flow's own terms.
import type { FlowDocument } from '../contact-flows/flow-definition.js';
import { branchesOf, branchTaken, describeBlock, type TraceEntry } from './flow-coverage.js';
import { type Scenario, toMatcher } from './scenario.js';

export interface SeenMessage {
  role: string;
  from: string;
  contentType: string;
  content: string;
}

/** What the run produced that expectations are checked against. */
export interface RunOutcome {
  messages: SeenMessage[];
  attributes: Record<string, string>;
  ended: { state: 'queue' | 'disconnected' | 'flow'; queue?: string; reason?: string };
  trace: TraceEntry[];
}

export function checkExpectations(doc: FlowDocument, flowId: string, scenario: Scenario, run: RunOutcome): string[] {
  const expect = scenario.expect;
  const at = (line: number) => `${scenario.file}:${line || scenario.line}`;
  const failures: string[] = [];
  if (expect.ended && expect.ended !== run.ended.state) {
    failures.push(`${at(expect.line)}: expected the contact to end in ${expect.ended}, but it is in ${where(run.ended)}`);
  }
  if (expect.queue !== undefined && (run.ended.state !== 'queue' || run.ended.queue !== expect.queue)) {
    failures.push(`${at(expect.line)}: expected the contact in queue ${expect.queue}, but it is in ${where(run.ended)}`);
  }
  for (const [key, want] of Object.entries(expect.attributes ?? {})) {
    const got = run.attributes[key];
    if (got !== want) failures.push(`${at(expect.line)}: expected attribute ${key} = ${JSON.stringify(want)}, but it is ${got === undefined ? 'not set' : JSON.stringify(got)}`);
  }
  let from = 0;
  for (const pattern of expect.messages ?? []) {
    const matches = toMatcher(pattern);
    const found = run.messages.findIndex((m, i) => i >= from && matches(m.content));
    if (found < 0) {
      failures.push(`${at(expect.line)}: expected the customer to see a message matching ${JSON.stringify(pattern)}${from ? ' after the earlier ones' : ''}; they saw ${run.messages.length} message(s)`);
    } else from = found + 1;
  }
  const entries = run.trace.filter((e) => e.ContactFlowId === flowId);
  for (const b of expect.branches ?? []) {
    const found = findBlock(doc, b.block);
    if (typeof found === 'string') {
      failures.push(`${at(b.line)}: ${found}`);
      continue;
    }
    const name = describeBlock(found);
    const labels = branchesOf(found).map((x) => x.label);
    if (!labels.includes(b.took)) {
      failures.push(`${at(b.line)}: block ${name} has no branch ${JSON.stringify(b.took)} (its branches: ${labels.join(', ') || 'none'})`);
      continue;
    }
    const runs = entries.filter((e) => e.Identifier === found.Identifier);
    if (!runs.length) {
      failures.push(`${at(b.line)}: block ${name} was never entered, so it did not take ${b.took}`);
      continue;
    }
    const taken = runs.map((e) => branchTaken(found, e)?.label ?? e.Results ?? 'no branch');
    if (!taken.includes(b.took)) failures.push(`${at(b.line)}: block ${name} took ${taken.join(', then ')}, not ${b.took}`);
  }
  return failures;
}

function where(ended: RunOutcome['ended']): string {
  if (ended.state === 'queue') return `queue ${ended.queue ?? ''}`.trim();
  if (ended.state === 'disconnected') return `disconnected${ended.reason ? ` (${ended.reason})` : ''}`;
  return 'the flow (still running: waiting for the customer or a timer)';
}

/** An action by Identifier, by a unique start of one (four characters or more), or by its type when only one has it. */
function findBlock(doc: FlowDocument, ref: string) {
  const exact = doc.Actions.find((a) => a.Identifier === ref);
  if (exact) return exact;
  const ofType = doc.Actions.filter((a) => a.Type === ref);
  if (ofType.length === 1) return ofType[0]!;
  if (ofType.length > 1) return `${ofType.length} blocks are ${ref}: name one by its identifier (${ofType.map((a) => a.Identifier).join(', ')})`;
  const byPrefix = ref.length >= 4 ? doc.Actions.filter((a) => a.Identifier.startsWith(ref)) : [];
  if (byPrefix.length === 1) return byPrefix[0]!;
  return byPrefix.length ? `block ${JSON.stringify(ref)} is ambiguous: ${byPrefix.map((a) => a.Identifier).join(', ')}` : `no block ${JSON.stringify(ref)} in the flow`;
}
