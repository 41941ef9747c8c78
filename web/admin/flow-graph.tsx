// A flow drawn as Amazon's designer shows it: named blocks with their text, laid out in layers (flow-layout.ts),
// branches labelled, loops dashed; pan by dragging, zoom with the wheel or the buttons, and a block's parameters
// and branches shown on click (or Enter). Pure SVG; every name and text is a text node.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BOX_H, BOX_W, type Box, type FlowExport, layoutFlow } from './flow-layout.js';

const VIEW_H = 480;

/** `highlight`: blocks a chat went through (its flow trace), drawn marked; the others dimmed. */
export function FlowGraph({ content, highlight }: { content: string; highlight?: Set<string> }) {
  const parsed = useMemo(() => {
    try {
      const doc = JSON.parse(content) as FlowExport;
      return { doc, layout: layoutFlow(doc) };
    } catch {
      return undefined;
    }
  }, [content]);
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const [selected, setSelected] = useState<Box>();
  const drag = useRef<{ x: number; y: number; panX: number; panY: number } | undefined>(undefined);
  const frame = useRef<SVGSVGElement>(null);
  // As much of the flow in view as stays legible: scaled down to the frame when it is larger (not below 60 %, where
  // text gets too small; drag or zoom out for the rest), never up.
  const fit = () => {
    if (!parsed) return;
    const frameWidth = frame.current?.clientWidth || 900;
    setZoom(Math.max(0.6, Math.min(1, VIEW_H / Math.max(parsed.layout.height, 1), frameWidth / Math.max(parsed.layout.width, 1))));
    setPan({ x: 0, y: 0 });
  };
  useEffect(fit, [parsed]);
  if (!parsed) return <p>The content is not JSON.</p>;
  const { boxes, edges } = parsed.layout;
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const zoomBy = (factor: number) => setZoom((z) => Math.min(3, Math.max(0.2, z * factor)));

  return (
    <div class="flow-view">
      <div class="flow-tools" role="toolbar" aria-label="Flow drawing">
        <button type="button" onClick={() => zoomBy(1.25)}>Zoom in</button>
        <button type="button" onClick={() => zoomBy(0.8)}>Zoom out</button>
        <button type="button" onClick={fit}>Fit</button>
        <span class="legend"><span class="swatch start" /> start <span class="swatch unreachable" /> unreachable</span>
      </div>
      <svg ref={frame} class="flow-graph" width="100%" height={VIEW_H} role="group" aria-label="Flow graph"
        onWheel={(e) => {
          e.preventDefault();
          zoomBy(e.deltaY < 0 ? 1.1 : 0.9);
        }}
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY, panX: pan.x, panY: pan.y };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (d && e.buttons) setPan({ x: d.panX + e.clientX - d.x, y: d.panY + e.clientY - d.y });
        }}
        onPointerUp={() => {
          drag.current = undefined;
        }}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5c6370" /></marker>
        </defs>
        <g transform={`translate(${pan.x} ${pan.y}) scale(${zoom})`}>
          {edges.map((e) => (
            <g class="flow-edge" data-from={e.from} data-to={e.to}>
              <polyline points={e.points.map((p) => `${p.x},${p.y}`).join(' ')} fill="none" stroke="#5c6370" stroke-width="1.3"
                stroke-dasharray={e.back ? '5 4' : undefined} marker-end="url(#arrow)" />
              {e.label && e.labelAt && (
                <g class="flow-edge-label">
                  <rect x={e.labelAt.x - (e.label.length * 6.2 + 8) / 2} y={e.labelAt.y - 8} width={e.label.length * 6.2 + 8} height={16} rx={3} fill="#ffffff" stroke="#ced4da" />
                  <text x={e.labelAt.x} y={e.labelAt.y + 4} font-size="11" text-anchor="middle" fill="#1a1a1a">{e.label}</text>
                </g>
              )}
            </g>
          ))}
          {boxes.map((b) => (
            <g data-action={b.id} class={`flow-box${highlight?.has(b.id) ? ' visited' : ''}`} opacity={highlight && !highlight.has(b.id) ? 0.45 : 1} role="button" tabindex={0} aria-label={`${b.title}${b.text ? `: ${b.text}` : ''}`}
              aria-pressed={selected?.id === b.id} onClick={() => setSelected(b)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  setSelected(b);
                }
              }}>
              <rect x={b.x} y={b.y} width={BOX_W} height={BOX_H} rx={6} fill={b.start ? '#d3f9d8' : b.unreachable ? '#ffe3e3' : '#e7f5ff'}
                stroke={selected?.id === b.id ? '#1a1a1a' : highlight?.has(b.id) ? '#e8590c' : '#1971c2'} stroke-width={selected?.id === b.id || highlight?.has(b.id) ? 2.5 : 1.2} />
              <text x={b.x + 8} y={b.y + 20} font-size="12.5" font-weight="bold" fill="#1a1a1a">{b.title}</text>
              {b.text && <text x={b.x + 8} y={b.y + 40} font-size="11" fill="#343a40">{b.text.length > 30 ? `${b.text.slice(0, 29)}…` : b.text}</text>}
            </g>
          ))}
        </g>
      </svg>
      {selected && (
        <aside class="flow-details" aria-label="Block details">
          <h3>{selected.title}</h3>
          <p><code>{selected.type}</code> · <code>{selected.id}</code>{selected.start && ' · start'}{selected.unreachable && ' · unreachable'}</p>
          {selected.text && <p>{selected.text}</p>}
          <h4>Parameters</h4>
          <pre>{JSON.stringify(selected.action.Parameters ?? {}, null, 2)}</pre>
          <h4>Branches</h4>
          <ul>
            {edges.filter((e) => e.from === selected.id).map((e) => (
              <li>{e.label || 'Next'} → {byId.get(e.to)?.title ?? e.to}{byId.get(e.to)?.text ? ` (${byId.get(e.to)!.text})` : ''}</li>
            ))}
          </ul>
        </aside>
      )}
    </div>
  );
}
