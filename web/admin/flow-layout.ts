// The layout of a flow drawing: boxes named as Amazon's flow designer names its blocks, with the text of each block
// (its message, or the queue, flow or bot it uses as the export's metadata names them), placed in layers from the
// StartAction by dagre (@dagrejs/dagre), edges routed between layers with their labels placed so they do not overlap.
import dagre from '@dagrejs/dagre';

export interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters?: Record<string, unknown>;
  Transitions?: {
    NextAction?: string;
    Errors?: { ErrorType: string; NextAction: string }[];
    Conditions?: { NextAction: string; Condition: { Operator?: string; Operands: unknown[] } }[];
  };
}

export interface FlowExport {
  StartAction?: string;
  Actions?: FlowAction[];
  Metadata?: { ActionMetadata?: Record<string, Record<string, unknown>> };
}

export interface Box {
  id: string;
  type: string;
  title: string;
  text?: string;
  x: number;
  y: number;
  start: boolean;
  unreachable: boolean;
  action: FlowAction;
}

export interface Edge {
  from: string;
  to: string;
  label: string;
  points: { x: number; y: number }[];
  labelAt?: { x: number; y: number };
  /** Goes back to an earlier layer (a loop): drawn dashed. */
  back: boolean;
}

export const BOX_W = 200;
export const BOX_H = 54;

/** Amazon's flow designer names for the flow-language action types. */
const BLOCK_NAMES: Record<string, string> = {
  MessageParticipant: 'Play prompt', MessageParticipantIteratively: 'Loop prompts', GetParticipantInput: 'Get customer input',
  DisconnectParticipant: 'Disconnect', ConnectParticipantWithLexBot: 'Get customer input (Lex)', ShowView: 'Show view',
  UpdateContactAttributes: 'Set contact attributes', UpdateFlowAttributes: 'Set flow attributes', UpdateContactData: 'Set contact data',
  UpdateContactTargetQueue: 'Set working queue', TransferContactToQueue: 'Transfer to queue', DequeueContactAndTransferToQueue: 'Transfer to queue (dequeue)',
  UpdateContactEventHooks: 'Set event flow', UpdateContactRoutingBehavior: 'Change routing priority', UpdateFlowLoggingBehavior: 'Set logging behavior',
  UpdateContactRecordingBehavior: 'Set recording behavior', CreateTask: 'Create task', CreatePersistentContactAssociation: 'Create persistent contact association',
  TransferToFlow: 'Transfer to flow', Compare: 'Check contact attributes', CheckHoursOfOperation: 'Check hours of operation',
  CheckMetricData: 'Check queue status', GetMetricData: 'Get queue metrics', DistributeByPercentage: 'Distribute by percentage', Loop: 'Loop',
  Wait: 'Wait', EndFlowExecution: 'End flow / Resume', InvokeFlowModule: 'Invoke module', EndFlowModuleExecution: 'Return',
  InvokeLambdaFunction: 'Invoke AWS Lambda function', UpdateContactTextToSpeechVoice: 'Set voice',
};

/** The designer's name of a block type (the type itself when it has none). */
export const blockName = (type: string): string => BLOCK_NAMES[type] ?? type;

const short = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The text a block shows under its name: what it says, or what it uses, as the designer shows it. */
function blockText(a: FlowAction, meta: Record<string, unknown> | undefined): string | undefined {
  const p = a.Parameters ?? {};
  const named = (key: string) => {
    const m = meta?.[key] as { text?: unknown; name?: unknown } | string | undefined;
    return typeof m === 'string' ? m : typeof m?.text === 'string' ? m.text : typeof m?.name === 'string' ? m.name : undefined;
  };
  if (typeof p.Text === 'string') {
    // Interactive messages (list pickers…) are JSON: their title is what the customer reads first.
    try {
      const t = JSON.parse(p.Text) as { data?: { content?: { title?: string } } };
      if (t?.data?.content?.title) return short(t.data.content.title);
    } catch {
      // plain text
    }
    return short(p.Text);
  }
  if (a.Type === 'UpdateContactTargetQueue' || a.Type === 'DequeueContactAndTransferToQueue') return named('queue') ?? short(String(p.QueueId ?? ''));
  if (a.Type === 'TransferToFlow' || a.Type === 'UpdateContactEventHooks') return named('ContactFlow') ?? named('contactFlow');
  if (a.Type === 'ConnectParticipantWithLexBot') return named('lexV2BotName') ?? undefined;
  if (a.Type === 'InvokeLambdaFunction' && typeof p.LambdaFunctionARN === 'string') return short(p.LambdaFunctionARN.split(':').pop() ?? '');
  if (a.Type === 'UpdateContactAttributes' && p.Attributes && typeof p.Attributes === 'object') return short(Object.keys(p.Attributes).join(', '));
  if (a.Type === 'Compare' && typeof p.ComparisonValue === 'string') return short(p.ComparisonValue);
  if (a.Type === 'Wait' && (p.TimeLimitSeconds ?? p.TimeoutSeconds)) return `${String(p.TimeLimitSeconds ?? p.TimeoutSeconds)} s`;
  return undefined;
}

function branchLabel(operator: string | undefined, operand: unknown): string {
  const sign: Record<string, string> = { Equals: '=', NumberLessThan: '<', NumberLessOrEqualTo: '≤', NumberGreaterThan: '>', NumberGreaterOrEqualTo: '≥', TextContains: 'contains', TextStartsWith: 'starts with', TextEndsWith: 'ends with' };
  return `${sign[operator ?? 'Equals'] ?? operator} ${String(operand ?? '')}`.trim();
}

export function layoutFlow(doc: FlowExport): { boxes: Box[]; edges: Edge[]; width: number; height: number } {
  const actions = new Map((doc.Actions ?? []).map((a) => [a.Identifier, a]));
  const raw: { from: string; to: string; label: string }[] = [];
  for (const a of actions.values()) {
    const t = a.Transitions ?? {};
    if (t.NextAction) raw.push({ from: a.Identifier, to: t.NextAction, label: (t.Conditions?.length || t.Errors?.length) ? 'Success' : '' });
    for (const c of t.Conditions ?? []) raw.push({ from: a.Identifier, to: c.NextAction, label: branchLabel(c.Condition?.Operator, c.Condition?.Operands?.[0]) });
    for (const e of t.Errors ?? []) raw.push({ from: a.Identifier, to: e.NextAction, label: e.ErrorType });
  }
  const reachable = new Set<string>();
  const stack = doc.StartAction && actions.has(doc.StartAction) ? [doc.StartAction] : [];
  while (stack.length) {
    const id = stack.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const e of raw) if (e.from === id && actions.has(e.to)) stack.push(e.to);
  }

  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 90, edgesep: 14, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of actions.keys()) g.setNode(id, { width: BOX_W, height: BOX_H });
  raw.forEach((e, i) => {
    if (actions.has(e.to)) g.setEdge(e.from, e.to, { label: e.label, width: e.label ? Math.min(150, e.label.length * 6.2 + 8) : 0, height: e.label ? 14 : 0, labelpos: 'c' }, `e${i}`);
  });
  dagre.layout(g);

  const meta = doc.Metadata?.ActionMetadata ?? {};
  const boxes: Box[] = [...actions.values()].map((a) => {
    const n = g.node(a.Identifier);
    return {
      id: a.Identifier, type: a.Type, title: BLOCK_NAMES[a.Type] ?? a.Type, text: blockText(a, meta[a.Identifier]),
      x: n.x - BOX_W / 2, y: n.y - BOX_H / 2, start: a.Identifier === doc.StartAction, unreachable: !reachable.has(a.Identifier), action: a,
    };
  });
  const edges: Edge[] = g.edges().map((ref) => {
    const e = g.edge(ref) as { label?: string; points: { x: number; y: number }[]; x?: number; y?: number };
    const from = g.node(ref.v);
    const to = g.node(ref.w);
    return { from: ref.v, to: ref.w, label: e.label ?? '', points: e.points, labelAt: e.label ? { x: e.x!, y: e.y! } : undefined, back: to.x <= from.x };
  });
  const graph = g.graph();
  return { boxes, edges, width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0) };
}
