// One chat session's live state for a page: the transcript (socket pushes merged with GetTranscript pages, the
// past of a persistent chat loaded on rehydration), who is typing, how far the other side has read, and the
// connection state — with the read receipts and typing events sent as chatjs expects.
import { useEffect, useRef, useState } from 'preact/hooks';
import { EVENT, type ChatItem, type ChatSession } from './chatjs.js';
import { mergeItems } from './transcript-view.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'broken' | 'ended';

/**
 * Registers every handler on the session and then connects it — in that order, so no event of the connection
 * (which can come at once) is missed. `onConnectFailed` hears a refused connection (e.g. 403: the chat ended).
 */
export function useChat(
  session: ChatSession | undefined, me: string | undefined, onConnectFailed?: () => void,
  /** Whether the person can see the conversation now (tab visible, panel open): only then is a message "read". */
  reading: boolean = true,
) {
  const [items, setItems] = useState<ChatItem[]>([]);
  const [past, setPast] = useState<ChatItem[]>([]);
  const [typing, setTyping] = useState<string | undefined>();
  const [readUpTo, setReadUpTo] = useState<string | undefined>();
  const [deliveredUpTo, setDeliveredUpTo] = useState<string | undefined>();
  const [state, setState] = useState<ConnectionState>('connecting');
  const typingTimer = useRef<number | undefined>(undefined);
  // The newest message from someone else not yet marked read, and whether the conversation is in view right now.
  const unread = useRef<string | undefined>(undefined);
  const inView = useRef(false);
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const changed = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', changed);
    return () => document.removeEventListener('visibilitychange', changed);
  }, []);
  inView.current = reading && visible;
  // Coming into view marks what arrived meanwhile as read.
  useEffect(() => {
    if (!inView.current || !unread.current || !session) return;
    const messageId = unread.current;
    unread.current = undefined;
    void session.sendEvent({ contentType: `${EVENT}message.read`, content: JSON.stringify({ messageId }) }).catch(() => {});
  }, [reading, visible, session]);

  useEffect(() => {
    // A new session is a new conversation: nothing of the previous one carries over.
    setItems([]);
    setPast([]);
    setTyping(undefined);
    setReadUpTo(undefined);
    setDeliveredUpTo(undefined);
    setState('connecting');
    if (!session) return;
    let alive = true;
    const refresh = async () => {
      const page = await session.getTranscript({ scanDirection: 'BACKWARD', sortOrder: 'ASCENDING', maxResults: 100 });
      if (!alive) return;
      setItems((cur) => mergeItems(cur, page.data.Transcript));
      // Receipts come with the transcript: after a reload the others' "Read" / "Delivered" marks are back.
      const mine = page.data.Transcript.filter((i) => i.ParticipantId === me && i.MessageMetadata?.Receipts?.length);
      const lastWith = (field: 'ReadTimestamp' | 'DeliveredTimestamp') =>
        [...mine].reverse().find((i) => i.MessageMetadata!.Receipts!.some((r) => r.RecipientParticipantId !== me && r[field]))?.Id;
      const read = lastWith('ReadTimestamp');
      const delivered = lastWith('DeliveredTimestamp');
      if (read) setReadUpTo(read);
      if (delivered) setDeliveredUpTo(delivered);
      // A persistent chat's past follows NextToken once the chat's own items run out.
      let next = page.data.NextToken;
      const older: ChatItem[] = [];
      for (let hops = 0; next && hops < 50; hops++) {
        const p = await session.getTranscript({ scanDirection: 'BACKWARD', sortOrder: 'ASCENDING', maxResults: 100, nextToken: next });
        older.unshift(...p.data.Transcript);
        next = p.data.NextToken;
      }
      if (alive && older.length) setPast(older);
    };
    session.onMessage((e) => {
      setItems((cur) => mergeItems(cur, [e.data]));
      if (e.data.ParticipantId !== me && e.data.Type === 'MESSAGE') {
        // It reached this device: delivered. It is read only if the conversation is in view (chatjs batches these);
        // otherwise it is read when the tab or panel comes into view.
        const messageId = e.data.Id;
        const kind = inView.current ? 'read' : 'delivered';
        if (!inView.current) unread.current = messageId;
        void session.sendEvent({ contentType: `${EVENT}message.${kind}`, content: JSON.stringify({ messageId }) }).catch(() => {});
      }
      if (e.data.ContentType === `${EVENT}chat.ended`) setState('ended');
    });
    session.onTyping((e) => {
      if (e.data.ParticipantId === me) return;
      setTyping(e.data.DisplayName ?? 'Someone');
      window.clearTimeout(typingTimer.current);
      typingTimer.current = window.setTimeout(() => setTyping(undefined), 10_000);
    });
    session.onReadReceipt((e) => setReadUpTo(e.data.MessageMetadata?.MessageId));
    session.onDeliveredReceipt((e) => setDeliveredUpTo(e.data.MessageMetadata?.MessageId));
    session.onConnectionEstablished(() => {
      setState((s) => (s === 'ended' ? s : 'connected'));
      void refresh().catch(() => {});
      // Once more shortly after: items pushed while the socket was opening are picked up from the store.
      window.setTimeout(() => void refresh().catch(() => {}), 1500);
    });
    session.onConnectionLost(() => setState((s) => (s === 'ended' ? s : 'reconnecting')));
    session.onConnectionBroken(() => setState((s) => (s === 'ended' ? s : 'broken')));
    session.onChatRehydrated(() => void refresh().catch(() => {}));
    session.onEnded(() => setState('ended'));
    session.connect().catch(() => {
      if (alive) onConnectFailed?.();
    });
    return () => {
      alive = false;
    };
  }, [session, me]);

  return { items, past, typing, readUpTo, deliveredUpTo, state, setState };
}
