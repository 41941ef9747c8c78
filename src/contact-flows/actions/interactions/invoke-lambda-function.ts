// InvokeLambdaFunction: Switchboard maps each Lambda ARN to an HTTP endpoint (configuration); the run waits
// while the runner POSTs Amazon's event shape there, outside any transaction, then resumes with the result.
// SYNCHRONOUS results land under $.External (STRING_MAP: flat strings; JSON: nested values as JSON text);
// InvocationTimeLimitSeconds (1..8) is enforced; any failure takes NoMatchingError. ASYNCHRONOUS continues at once.
import { numberParam } from '../../flow-definition.js';
import type { ActionModule } from '../../flow-types.js';
import { isObject, numberInRange, oneOf, requireParam } from '../action-helpers.js';

export const invokeLambdaFunction: ActionModule = {
  type: 'InvokeLambdaFunction',
  category: 'interactions',
  conditions: 'none',
  check: (a) => [
    ...requireParam(a, 'LambdaFunctionARN'),
    ...numberInRange(a, 'InvocationTimeLimitSeconds', 1, 8),
    ...oneOf(a, 'InvocationType', ['SYNCHRONOUS', 'ASYNCHRONOUS']),
  ],
  run(ctx) {
    const arn = ctx.text(ctx.action.Parameters.LambdaFunctionARN);
    if (!arn) return { error: 'NoMatchingError' };
    const payload: Record<string, unknown> = {};
    const attrs = ctx.action.Parameters.LambdaInvocationAttributes;
    for (const [k, v] of Object.entries(isObject(attrs) ? attrs : {})) payload[k] = ctx.text(v) ?? '';
    const validation = ctx.action.Parameters.ResponseValidation;
    const responseType = isObject(validation) && validation.ResponseType === 'JSON' ? 'JSON' : 'STRING_MAP';
    const timeoutSeconds = Math.min(8, Math.max(1, numberParam(ctx.action.Parameters.InvocationTimeLimitSeconds) ?? 3));
    const waitId = ctx.env.newId();
    ctx.emit({ type: 'invokeLambda', waitId, functionArn: arn, timeoutSeconds, payload, responseType });
    if (ctx.action.Parameters.InvocationType === 'ASYNCHRONOUS') return { next: true };
    return { wait: { kind: 'lambda', waitId, deadline: ctx.env.now() + timeoutSeconds * 1000 } };
  },
  resume(ctx) {
    if (ctx.event.type !== 'lambdaResult' || !ctx.event.ok) return { error: 'NoMatchingError' };
    ctx.data.external = { ...(ctx.event.result ?? {}) };
    return { next: true };
  },
};
