// Following a server-sent event stream with an Authorization header (EventSource cannot send one): each event's JSON
// goes to onData; when the stream ends or fails it is followed again after a second, until the signal aborts.
export function followEvents(url: string, token: string, onData: (data: unknown) => void, signal: AbortSignal, onUnauthorized: () => void): void {
  const decoder = new TextDecoder();
  const once = async (): Promise<boolean> => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
    if (res.status === 401) {
      onUnauthorized();
      return false;
    }
    if (!res.ok || !res.body) return true;
    const reader = res.body.getReader();
    let buffered = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (data) onData(JSON.parse(data));
      }
    }
  };
  void (async () => {
    while (!signal.aborted) {
      const again = await once().catch(() => true);
      if (!again || signal.aborted) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
}
