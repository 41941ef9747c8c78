// The conversation as a list: messages (plain, safe markdown, interactive), attachments, and the chat's events as
// quiet lines. Used by the widget and the agent workspace. Everything is rendered as text nodes.
import { useEffect, useState } from 'preact/hooks';
import { EVENT, INTERACTIVE, type ChatItem } from './chatjs.js';
import { type Choice, InteractiveMessage } from './interactive.js';
import { Markdown } from './markdown.js';

const EVENTS: Record<string, (who: string) => string> = {
  'participant.joined': (who) => `${who} joined`,
  'participant.left': (who) => `${who} left`,
  'chat.ended': () => 'The chat has ended',
  'transfer.succeeded': () => 'Transferred',
  'transfer.failed': () => 'The transfer failed',
  'chat.rehydrated': () => 'Continuing your previous conversation',
};

export interface TranscriptProps {
  items: ChatItem[];
  me?: string;
  readUpTo?: string;
  deliveredUpTo?: string;
  onChoose?: (c: Choice) => void;
  onDownload?: (attachmentId: string, name: string) => void;
  /** An image attachment's address to show it inline (a blob: URL from chatjs, or a signed download URL). */
  loadImage?: (attachmentId: string) => Promise<string>;
  /** For reviewers (the admin console): each message's role and time. */
  detailed?: boolean;
  /** How to name one's own messages and the flow's (instead of the display names). */
  names?: { mine?: string; system?: string };
}

const ROLES: Record<string, string> = { CUSTOMER: 'customer', AGENT: 'agent', SYSTEM: 'flow', CUSTOM_BOT: 'bot', SUPERVISOR: 'supervisor' };

/** A message's time as a chat shows it: the time of day, with the date when it is not today (a rehydrated chat's). */
function shortTime(at: Date): string {
  const today = new Date().toDateString() === at.toDateString();
  return today
    ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function Who({ item, who, detailed }: { item: ChatItem; who: string; detailed?: boolean }) {
  if (!detailed) {
    return (
      <span class="who">
        {who}
        {item.AbsoluteTime && <> <time class="at" dateTime={item.AbsoluteTime} title={new Date(item.AbsoluteTime).toLocaleString()}>{shortTime(new Date(item.AbsoluteTime))}</time></>}
      </span>
    );
  }
  const role = ROLES[item.ParticipantRole ?? ''];
  const at = item.AbsoluteTime ? new Date(item.AbsoluteTime) : undefined;
  return (
    <span class="who">
      {who}{role && <span class="role"> ({role})</span>}
      {at && <time dateTime={item.AbsoluteTime}> · {at.toLocaleString()}</time>}
    </span>
  );
}

/** An image attachment shown inline once its bytes are fetched; the link under it downloads it. */
function InlineImage({ id, name, load }: { id: string; name: string; load: (id: string) => Promise<string> }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let current = true;
    void load(id).then((url) => current && setSrc(url), () => {});
    return () => {
      current = false;
    };
  }, [id]);
  // Bytes that are not a picture the browser can draw (a file named .png that is not one) show no broken image: the
  // download link under it stays.
  return src ? <img class="preview" src={src} alt={name} loading="lazy" onError={() => setSrc(undefined)} /> : null;
}

export function TranscriptView({ items, me, readUpTo, deliveredUpTo, onChoose, onDownload, loadImage, detailed, names }: TranscriptProps) {
  const lastInteractive = [...items].reverse().find((i) => i.ContentType === INTERACTIVE)?.Id;
  return (
    // role="log": a screen reader announces new messages as they arrive, not the whole conversation again.
    <div role="log" aria-live="polite" aria-relevant="additions" aria-label="Conversation">
    <ol class="transcript">
      {items.map((item) => {
        const mine = !!me && item.ParticipantId === me;
        const who = (mine && names?.mine) || (item.ParticipantRole === 'SYSTEM' && names?.system) || item.DisplayName || item.ParticipantRole || '';
        if (item.Type === 'EVENT') {
          const kind = item.ContentType.replace(EVENT, '');
          const text = EVENTS[kind]?.(who);
          return text ? <li class="event" data-event={kind}>{text}</li> : null;
        }
        if (item.Type === 'ATTACHMENT') {
          const a = item.Attachments?.[0];
          return (
            <li class={`message attachment ${mine ? 'mine' : 'theirs'}`}>
              <Who item={item} who={who} detailed={detailed} />
              {a && a.Status === 'APPROVED' && loadImage && a.ContentType.startsWith('image/') && <InlineImage id={a.AttachmentId} name={a.AttachmentName} load={loadImage} />}
              {a && a.Status === 'APPROVED'
                ? <button type="button" class="link" onClick={() => onDownload?.(a.AttachmentId, a.AttachmentName)}>Attachment: {a.AttachmentName}</button>
                : <span>Attachment: {a?.AttachmentName} ({a?.Status.toLowerCase()})</span>}
            </li>
          );
        }
        if (item.Type !== 'MESSAGE') return null;
        return (
          <li class={`message ${mine ? 'mine' : 'theirs'}`} data-role={item.ParticipantRole}>
            <Who item={item} who={who} detailed={detailed} />
            <span class="text">
              {item.ContentType === INTERACTIVE
                ? <InteractiveMessage content={item.Content} onChoose={item.Id === lastInteractive ? onChoose : undefined} />
                : item.ContentType === `${INTERACTIVE}.response`
                  ? <span>{responseTitle(item.Content)}</span>
                  : <Markdown text={item.Content ?? ''} linksOnly={item.ContentType !== 'text/markdown'} />}
            </span>
            {mine && readUpTo === item.Id && <span class="receipt">Read</span>}
            {mine && readUpTo !== item.Id && deliveredUpTo === item.Id && <span class="receipt">Delivered</span>}
          </li>
        );
      })}
    </ol>
    </div>
  );
}

function responseTitle(content?: string): string {
  try {
    return (JSON.parse(content ?? '') as { data?: { content?: { title?: string } } }).data?.content?.title ?? '';
  } catch {
    return content ?? '';
  }
}

/** Merges items by Id (socket pushes and transcript pages overlap) and keeps them in time order. */
export function mergeItems(current: ChatItem[], incoming: ChatItem[]): ChatItem[] {
  const byId = new Map(current.map((i) => [i.Id, i]));
  for (const i of incoming) if (i.Id && i.Type !== 'MESSAGEMETADATA' && !i.ContentType.endsWith('typing')) byId.set(i.Id, { ...byId.get(i.Id), ...i });
  return [...byId.values()].sort((a, b) => (a.AbsoluteTime ?? '').localeCompare(b.AbsoluteTime ?? '') || a.Id.localeCompare(b.Id));
}
