// Unread messages while a conversation is out of view (the widget minimised, a workspace tab not selected): how many
// messages from others arrived since it was last in view, and a short tone when one does.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatItem } from './chatjs.js';

/** A short tone (Web Audio); silent where audio is not allowed yet. */
export function beep(frequency = 880, seconds = 0.2): void {
  try {
    const audio = new AudioContext();
    const osc = audio.createOscillator();
    osc.connect(audio.destination);
    osc.frequency.value = frequency;
    osc.start();
    osc.stop(audio.currentTime + seconds);
  } catch {
    // no audio available
  }
}

export function useUnread(items: ChatItem[], me: string | undefined, inView: boolean): number {
  const fromOthers = items.filter((i) => i.Type === 'MESSAGE' && i.ParticipantId !== me).length;
  const [seen, setSeen] = useState(fromOthers);
  useEffect(() => {
    if (inView) setSeen(fromOthers);
  }, [inView, fromOthers]);
  const unread = inView ? 0 : Math.max(0, fromOthers - seen);
  const before = useRef(unread);
  useEffect(() => {
    if (unread > before.current) beep(660, 0.15);
    before.current = unread;
  }, [unread]);
  return unread;
}
