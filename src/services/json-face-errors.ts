// The HTTP status of each domain error on Switchboard's own JSON faces (agent, admin, widget and attachment
// routes); the AWS faces map to modelled exceptions instead (service-error-mapping.ts). Typed by ChatErrorKind, so
// a new kind of domain error cannot go unmapped.
import type { ChatErrorKind } from '../chat/chat-errors.js';

const STATUS: Record<ChatErrorKind, number> = {
  NotFound: 404, InvalidRequest: 400, InvalidParameter: 400, AccessDenied: 403, Conflict: 409, IdempotencyMismatch: 409,
  LimitExceeded: 429, QuotaExceeded: 409, Duplicate: 409, InUse: 409, InvalidFlow: 400,
};

/**
 * The status for a domain error. Faces with a login session answer a dead session 401 (log in again), the
 * others 403 (this link or token does not give access).
 */
export function jsonFaceStatus(kind: ChatErrorKind, face: { session: boolean }): number {
  return kind === 'AccessDenied' && face.session ? 401 : STATUS[kind];
}
