// A flow drawn as a graph: actions in columns by distance from the StartAction, arrows for NextAction,
// conditions and error branches. Pure SVG; names and types are text nodes.
interface Action {
  Identifier: string;
  Type: string;
  Transitions?: { NextAction?: string; Errors?: { ErrorType: string; NextAction: string }[]; Conditions?: { NextAction: string; Condition: { Operands: unknown[] } }[] };
}

const W = 180;
const H = 44;
const GAP_X = 60;
const GAP_Y = 18;

export function FlowGraph({ content }: { content: string }) {
  let doc: { StartAction?: string; Actions?: Action[] };
  try {
    doc = JSON.parse(content) as typeof doc;
  } catch {
    return <p>The content is not JSON.</p>;
  }
  const actions = new Map((doc.Actions ?? []).map((a) => [a.Identifier, a]));
  const edges: { from: string; to: string; label: string }[] = [];
  for (const a of actions.values()) {
    const t = a.Transitions ?? {};
    if (t.NextAction) edges.push({ from: a.Identifier, to: t.NextAction, label: '' });
    for (const c of t.Conditions ?? []) edges.push({ from: a.Identifier, to: c.NextAction, label: String(c.Condition?.Operands?.[0] ?? '') });
    for (const e of t.Errors ?? []) edges.push({ from: a.Identifier, to: e.NextAction, label: e.ErrorType });
  }
  const depth = new Map<string, number>();
  const queue = doc.StartAction && actions.has(doc.StartAction) ? [doc.StartAction] : [];
  if (queue[0]) depth.set(queue[0], 0);
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of edges.filter((x) => x.from === id)) {
      if (!depth.has(e.to) && actions.has(e.to)) {
        depth.set(e.to, depth.get(id)! + 1);
        queue.push(e.to);
      }
    }
  }
  const unreachable = [...actions.keys()].filter((id) => !depth.has(id));
  const maxDepth = Math.max(0, ...depth.values());
  unreachable.forEach((id) => depth.set(id, maxDepth + 1));
  const columns = new Map<number, string[]>();
  for (const [id, d] of depth) columns.set(d, [...(columns.get(d) ?? []), id]);
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, ids] of columns) ids.forEach((id, row) => pos.set(id, { x: 10 + d * (W + GAP_X), y: 10 + row * (H + GAP_Y) }));
  const width = 20 + (Math.max(...columns.keys(), 0) + 1) * (W + GAP_X);
  const height = 20 + Math.max(...[...columns.values()].map((c) => c.length), 1) * (H + GAP_Y);
  return (
    <svg class="flow-graph" width={width} height={height} role="img" aria-label="Flow graph">
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" /></marker></defs>
      {edges.filter((e) => pos.has(e.from) && pos.has(e.to)).map((e) => {
        const a = pos.get(e.from)!;
        const b = pos.get(e.to)!;
        const [x1, y1, x2, y2] = [a.x + W, a.y + H / 2, b.x, b.y + H / 2];
        return (
          <g>
            <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="#868e96" marker-end="url(#arrow)" />
            {e.label && <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 3} font-size="10" fill="#495057">{e.label}</text>}
          </g>
        );
      })}
      {[...pos].map(([id, p]) => (
        <g data-action={id}>
          <rect x={p.x} y={p.y} width={W} height={H} rx={6} fill={id === doc.StartAction ? '#d3f9d8' : unreachable.includes(id) ? '#ffe3e3' : '#e7f5ff'} stroke="#339af0" />
          <text x={p.x + 8} y={p.y + 18} font-size="12" font-weight="bold">{id.length > 24 ? `${id.slice(0, 22)}…` : id}</text>
          <text x={p.x + 8} y={p.y + 34} font-size="11" fill="#495057">{actions.get(id)?.Type}</text>
        </g>
      ))}
    </svg>
  );
}
