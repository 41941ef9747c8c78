// The ContactEventSink over HTTP: each configured URL receives every contact event as a POST of the EventBridge
// event document (JSON), signed with HMAC-SHA256 over the body so the receiver can tell it came from this server:
// `x-switchboard-signature: sha256=<hex>`, and `x-switchboard-event-id` for de-duplication (delivery is at least once).
import { createHmac } from 'node:crypto';
import type { ContactEventSink } from '../chat/contact-events.js';

const TIMEOUT_MS = 10_000;

export class HttpContactEventSink implements ContactEventSink {
  constructor(readonly endpoints: string[], private readonly secret: string) {}

  async deliver(endpoint: string, body: string, eventId: string): Promise<boolean> {
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json', 'x-switchboard-event-id': eventId,
          'x-switchboard-signature': `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`,
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }
}
