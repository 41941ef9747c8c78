// Interactive messages (ListPicker, QuickReply, TimePicker, Panel) rendered as buttons; a choice is answered
// with an interactive response message carrying the chosen item.
import { INTERACTIVE } from './chatjs.js';

export interface Choice {
  templateType: string;
  title: string;
  index: number;
}

interface Template {
  templateType?: string;
  data?: { content?: { title?: string; subtitle?: string; elements?: { title?: string; subtitle?: string }[]; timeslots?: { date?: string; duration?: number }[] } };
}

export function parseInteractive(content: string | undefined): Template | undefined {
  try {
    const t = JSON.parse(content ?? '') as Template;
    return t && typeof t.templateType === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
}

export function InteractiveMessage({ content, onChoose, disabled }: { content?: string; onChoose?: (c: Choice) => void; disabled?: boolean }) {
  const t = parseInteractive(content);
  if (!t) return <span>{content}</span>;
  const c = t.data?.content ?? {};
  const options = t.templateType === 'TimePicker'
    ? (c.timeslots ?? []).map((s) => ({ title: s.date ? new Date(s.date).toLocaleString() : '', subtitle: s.duration ? `${s.duration} min` : '' }))
    : (c.elements ?? []).map((e) => ({ title: e.title ?? '', subtitle: e.subtitle ?? '' }));
  return (
    <div class="interactive" data-template={t.templateType}>
      {c.title && <div class="interactive-title">{c.title}</div>}
      {c.subtitle && <div class="interactive-subtitle">{c.subtitle}</div>}
      <div class="interactive-options" role="group" aria-label={c.title ?? 'Choices'}>
        {options.map((o, index) => (
          <button type="button" disabled={disabled || !onChoose} onClick={() => onChoose?.({ templateType: t.templateType!, title: o.title, index })}>
            {o.title}
            {o.subtitle && <small> — {o.subtitle}</small>}
          </button>
        ))}
      </div>
    </div>
  );
}

export function interactiveResponse(choice: Choice): { contentType: string; message: string } {
  return {
    contentType: `${INTERACTIVE}.response`,
    message: JSON.stringify({ templateType: choice.templateType, version: '1.0', data: { content: { title: choice.title, selectedIndex: choice.index } } }),
  };
}
