// Safe markdown for chat messages: **bold**, *italic*, `code`, and http(s) links, rendered as Preact nodes. Text
// is never parsed as HTML (no innerHTML anywhere), so a message like <img src=x onerror=…> shows as text.
import type { ComponentChildren } from 'preact';

const TOKEN = /(\*\*[^*]+\*\*|\*[^*]+\*|`[^`]+`|\[[^\]]+\]\(https?:\/\/[^)\s]+\)|https?:\/\/[^\s]+)/g;

const LINK = /https?:\/\/[^\s]+/g;

/** `linksOnly` (plain-text messages): only bare http(s) URLs become links; asterisks and backticks stay as typed. */
export function Markdown({ text, linksOnly }: { text: string; linksOnly?: boolean }) {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(linksOnly ? LINK : TOKEN)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    const t = m[0];
    if (t.startsWith('**')) out.push(<strong>{t.slice(2, -2)}</strong>);
    else if (t.startsWith('*')) out.push(<em>{t.slice(1, -1)}</em>);
    else if (t.startsWith('`')) out.push(<code>{t.slice(1, -1)}</code>);
    else if (t.startsWith('[')) {
      const [, label, href] = /^\[([^\]]+)\]\((.+)\)$/.exec(t)!;
      out.push(<a href={href} target="_blank" rel="noopener noreferrer">{label}</a>);
    } else out.push(<a href={t} target="_blank" rel="noopener noreferrer">{t}</a>);
    last = m.index! + t.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}
