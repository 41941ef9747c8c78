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
export function useChat(session: ChatSession | undefined, me: string | undefined, onConnectFailed?: () => void) {
  const [items, setItems] = useState<ChatItem[]>([]);
  const [past, setPast] = useState<ChatItem[]>([]);
  const [typing, setTyping] = useState<string | undefined>();
  const [readUpTo, setReadUpTo] = useState<string | undefined>();
  const [deliveredUpTo, setDeliveredUpTo] = useState<string | undefined>();
  const [state, setState] = useState<ConnectionState>('connecting');
  const typingTimer = useRef<number | undefined>(undefined);

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
        // Read receipts: the page shows it, so it is read (chatjs batches and throttles these).
        void session.sendEvent({ contentType: `${EVENT}message.read`, content: JSON.stringify({ messageId: e.data.Id }) }).catch(() => {});
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
