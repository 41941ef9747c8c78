// Invokes the HTTP endpoint a Lambda ARN is mapped to (SWITCHBOARD_LAMBDA_ENDPOINTS): POSTs Amazon's
// ContactFlowEvent JSON, enforces InvocationTimeLimitSeconds, and validates the answer as Amazon does —
// STRING_MAP: a flat object whose values become strings; JSON: any object, nested values kept as JSON text.
import type { FlowEffect } from './flow-types.js';

export type LambdaEndpoints = Record<string, string>;

export async function invokeLambda(
  endpoint: string | undefined,
  call: Extract<FlowEffect, { type: 'invokeLambda' }>,
  event: unknown,
): Promise<{ ok: boolean; result?: Record<string, string>; error?: string }> {
  if (!endpoint) return { ok: false, error: `no endpoint is configured for ${call.functionArn}` };
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(call.timeoutSeconds * 1000),
    });
    if (!res.ok) return { ok: false, error: `HTTP ${res.status}` };
    const body = (await res.json()) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, error: 'the response is not an object' };
    const result: Record<string, string> = {};
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'object' && v !== null) {
        if (call.responseType === 'STRING_MAP') return { ok: false, error: 'STRING_MAP responses must be flat' };
        result[k] = JSON.stringify(v);
      } else result[k] = String(v);
    }
    return { ok: true, result };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
