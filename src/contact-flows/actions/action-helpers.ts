// Small helpers the action modules share for checking parameters of PUBLISHED flows.
import type { FlowAction } from '../flow-definition.js';

export function requireOne(action: FlowAction, names: string[]): string[] {
  const present = names.filter((n) => action.Parameters[n] !== undefined);
  if (present.length === 1) return [];
  return [`${action.Identifier} (${action.Type}): exactly one of ${names.join(', ')} is required${present.length ? `, found ${present.join(' and ')}` : ''}.`];
}

export function requireParam(action: FlowAction, name: string): string[] {
  const v = action.Parameters[name];
  return v === undefined || v === '' ? [`${action.Identifier} (${action.Type}): parameter ${name} is required.`] : [];
}

export function numberInRange(action: FlowAction, name: string, min: number, max: number, required = false): string[] {
  const raw = action.Parameters[name];
  if (raw === undefined) return required ? [`${action.Identifier} (${action.Type}): parameter ${name} is required.`] : [];
  if (typeof raw === 'string' && raw.startsWith('$.')) return [];
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    return [`${action.Identifier} (${action.Type}): ${name} must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}.`];
  }
  return [];
}

export function oneOf(action: FlowAction, name: string, allowed: string[], required = false): string[] {
  const v = action.Parameters[name];
  if (v === undefined) return required ? [`${action.Identifier} (${action.Type}): parameter ${name} is required.`] : [];
  return allowed.includes(String(v)) ? [] : [`${action.Identifier} (${action.Type}): ${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}.`];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Markdown a chat UI renders: **bold**, *italic*, `code`, [label](https://…). */
const MARKDOWN = /\*\*[^*]+\*\*|(^|\s)\*[^*\s][^*]*\*|`[^`]+`|\[[^\]]+\]\(https?:\/\/[^)\s]+\)/;

/**
 * Interactive message content (templateType JSON) is sent as the interactive content type; text with markdown as
 * text/markdown (the runner falls back to text/plain where the chat does not accept markdown); other text as is.
 */
export function messageFor(text: string): { contentType: string; content: string } {
  // Only a JSON object can be a template; plain text is not parsed (a failed parse throws, which is slow).
  if (!text.trimStart().startsWith('{')) return { contentType: MARKDOWN.test(text) ? 'text/markdown' : 'text/plain', content: text };
  try {
    const parsed = JSON.parse(text) as { templateType?: unknown };
    if (isObject(parsed) && typeof parsed.templateType === 'string') {
      return { contentType: 'application/vnd.amazonaws.connect.message.interactive', content: text };
    }
  } catch {
    // plain text
  }
  return { contentType: 'text/plain', content: text };
}
