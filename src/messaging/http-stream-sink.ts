// The StreamSink of chat streaming over HTTP: each SNS topic ARN maps to a URL (SWITCHBOARD_STREAMING_ENDPOINTS),
// which receives what an HTTP subscriber of that topic would: an SNS Notification whose Message is the chat item
// as JSON and whose MessageAttributes carry Amazon's streaming attributes (ContactId, ParticipantRole,
// MessageVisibility …), with SNS's x-amz-sns-* headers. Not signed: there is no SNS certificate to verify against.
import { randomUUID } from 'node:crypto';
import type { StreamSink } from '../chat/chat-streams.js';

const TIMEOUT_MS = 10_000;

export class HttpStreamSink implements StreamSink {
  constructor(private readonly endpoints: Record<string, string>) {}

  get configured(): boolean {
    return Object.keys(this.endpoints).length > 0;
  }

  accepts(endpointArn: string): boolean {
    return endpointArn in this.endpoints;
  }

  async deliver(endpointArn: string, message: object, attributes: Record<string, string>): Promise<boolean> {
    const url = this.endpoints[endpointArn];
    if (!url) return false;
    const messageId = randomUUID();
    const notification = {
      Type: 'Notification', MessageId: messageId, TopicArn: endpointArn, Message: JSON.stringify(message), Timestamp: new Date().toISOString(),
      SignatureVersion: '1',
      MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { Type: 'String', Value: v }])),
    };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification', 'x-amz-sns-message-id': messageId,
          'x-amz-sns-topic-arn': endpointArn,
        },
        body: JSON.stringify(notification),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }
}
