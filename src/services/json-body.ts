// Request helpers shared by Switchboard's own JSON APIs (agent, admin, widget): the raw body (every body is kept
// as bytes for SigV4) read as a JSON object, and the bearer token of the Authorization header.
import { ChatError } from '../chat/chat-errors.js';

/** An empty body is {}; JSON that is not an object is {}; anything that is not JSON is a 400. */
export function jsonObjectBody(body: unknown): Record<string, unknown> {
  if (!Buffer.isBuffer(body) || !body.length) return {};
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new ChatError('InvalidRequest', 'The body must be a JSON object.');
  }
}

export function bearerToken(authorization: string | undefined): string {
  return /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
}
