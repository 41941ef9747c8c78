// Which blocks and branches of a flow a set of runs exercised, read from their flow traces. A branch is one
// transition of an action as the interpreter takes it (flow-step.ts nextActionId): each condition, each error type,
// and NextAction for an action without conditions (with conditions, NoMatchingCondition stands for it).
import type { FlowAction, FlowDocument } from '../contact-flows/flow-definition.js';
import { conditionHolds } from '../contact-flows/flow-step.js';

export interface Branch {
  /** Success, a condition's value ("Equals CHAT" is written "CHAT"), or an error type. */
  label: string;
  to: string;
}

/** The trace fields coverage reads (one entry of a flow trace, shaped like Amazon's flow logs). */
export interface TraceEntry {
  Identifier: string;
  ContactFlowModuleType: string;
  Results?: string;
  NextAction?: string;
  ContactFlowId?: string;
}

export interface BlockCoverage {
  id: string;
  type: string;
  entered: boolean;
  branches: (Branch & { taken: boolean })[];
}

export interface FlowCoverage {
  blocks: BlockCoverage[];
  blocksEntered: number;
  branchesTaken: number;
  branchCount: number;
}

export function branchesOf(action: FlowAction): Branch[] {
  const t = action.Transitions;
  const out: Branch[] = [];
  const conditions = t.Conditions ?? [];
  for (const c of conditions) out.push({ label: conditionLabel(c.Condition), to: c.NextAction });
  if (!conditions.length && t.NextAction) out.push({ label: 'Success', to: t.NextAction });
  for (const e of t.Errors ?? []) out.push({ label: e.ErrorType, to: e.NextAction });
  return out;
}

function conditionLabel(c: { Operator: string; Operands: unknown[] }): string {
  const operand = String(c.Operands?.[0] ?? '');
  return c.Operator === 'Equals' ? operand : `${c.Operator} ${operand}`;
}

/**
 * The branch a traced execution of the action took, or undefined when it waited or ended the run. An action that
 * succeeded by leaving the flow (TransferToFlow, a chat's TransferContactToQueue) took its Success branch.
 */
export function branchTaken(action: FlowAction, entry: Pick<TraceEntry, 'Results' | 'NextAction'>): Branch | undefined {
  if (!entry.NextAction) {
    const left = entry.Results?.startsWith('TransferredTo:') || (entry.Results === 'Ended' && action.Transitions.NextAction !== undefined);
    return left ? branchesOf(action).find((b) => b.label === 'Success') : undefined;
  }
  const candidates = branchesOf(action).filter((b) => b.to === entry.NextAction);
  if (candidates.length <= 1) return candidates[0];
  const result = entry.Results ?? '';
  const conditions = action.Transitions.Conditions ?? [];
  const held = conditions.find((c) => c.NextAction === entry.NextAction && conditionHolds(c.Condition, result));
  if (held) return candidates.find((b) => b.label === conditionLabel(held.Condition));
  return candidates.find((b) => b.label === result)
    ?? candidates.find((b) => b.label === (result === 'Success' ? 'Success' : 'NoMatchingCondition'))
    ?? candidates.find((b) => b.label === 'NoMatchingError')
    ?? candidates[0];
}

/** Coverage of one flow over the trace entries of every run (entries of other flows are ignored by the caller). */
export function flowCoverage(doc: FlowDocument, entries: TraceEntry[]): FlowCoverage {
  const actions = new Map(doc.Actions.map((a) => [a.Identifier, a]));
  const entered = new Set<string>();
  const taken = new Set<string>();
  for (const e of entries) {
    const action = actions.get(e.Identifier);
    if (!action) continue;
    entered.add(e.Identifier);
    const branch = branchTaken(action, e);
    if (branch) taken.add(`${e.Identifier}\u0000${branch.label}`);
  }
  const blocks = doc.Actions.map((a) => ({
    id: a.Identifier, type: a.Type, entered: entered.has(a.Identifier),
    branches: branchesOf(a).map((b) => ({ ...b, taken: taken.has(`${a.Identifier}\u0000${b.label}`) })),
  }));
  const all = blocks.flatMap((b) => b.branches);
  return { blocks, blocksEntered: entered.size, branchesTaken: all.filter((b) => b.taken).length, branchCount: all.length };
}

/** A block as people recognise it in messages: its type, what it says or compares, and its identifier. */
export function describeBlock(action: FlowAction): string {
  const p = action.Parameters;
  const what = typeof p.Text === 'string' ? `"${short(p.Text)}"` : typeof p.ComparisonValue === 'string' ? p.ComparisonValue : '';
  return `${action.Type}${what ? ` ${what}` : ''} (${action.Identifier})`;
}

const short = (text: string, max = 40) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
