// NextToken pagination for Connect List operations: an opaque offset; a token that does not decode is refused.
import { ChatError } from '../../chat/chat-errors.js';

/** Offset pagination with an opaque token; a token that does not decode is refused as AWS refuses it. */
export function paginate<T>(all: T[], max: number, token?: string): { page: T[]; next?: string } {
  let start = 0;
  if (token) {
    start = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new ChatError('InvalidRequest', 'The NextToken is not valid.');
  }
  const page = all.slice(start, start + max);
  const end = start + page.length;
  return { page, next: end < all.length ? Buffer.from(String(end)).toString('base64url') : undefined };
}
