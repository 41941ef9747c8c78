// Quota emulation (SWITCHBOARD_QUOTA_EMULATION, development and tests): Amazon Connect's default API rate quotas
// enforced with Amazon's answer, ThrottlingException (429, Retry-After), so that a client's retry and back-off code
// runs before production. Limits come from the Connect service quotas page (StartChatContact 5 requests per second
// per instance; SendMessage and SendEvent 10 per second); the concurrent-active-chats quota is always on
// (SWITCHBOARD_MAX_ACTIVE_CHATS, default 100). Per node, in memory (rate-limiter-flexible).
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Requests per second, by service and operation. */
const QUOTAS: Record<string, Record<string, number>> = {
  Connect: { StartChatContact: 5, CreateParticipant: 5, StopContact: 5, UpdateContactAttributes: 10, DescribeContact: 10 },
  ConnectParticipant: { SendMessage: 10, SendEvent: 10, GetTranscript: 10, CreateParticipantConnection: 10 },
};

export class QuotaEmulation {
  private readonly limiters = new Map<string, RateLimiterMemory>();

  constructor(readonly enabled: boolean) {}

  /**
   * Seconds to wait when this call is over its quota, else undefined. Connect calls count per instance; Participant
   * Service calls per connection or participant token (the chat's own budget).
   */
  async check(service: string, operation: string, input: Record<string, unknown>): Promise<number | undefined> {
    const perSecond = this.enabled ? QUOTAS[service]?.[operation] : undefined;
    if (!perSecond) return undefined;
    const scope = service === 'Connect'
      ? String(input.InstanceId ?? '')
      : createHash('sha256').update(String(input.ConnectionToken ?? input.ParticipantToken ?? '')).digest('base64url');
    const key = `${service}:${operation}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
      this.limiters.set(key, limiter);
    }
    try {
      await limiter.consume(scope);
      return undefined;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw res;
    }
  }

  /** The quotas emulated, for the docs and the admin API. */
  static limits(): Record<string, Record<string, number>> {
    return QUOTAS;
  }
}
