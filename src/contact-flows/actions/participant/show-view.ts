// ShowView (Show view) in chat: sends an interactive ViewResource message carrying a view token (the customer's
// client fetches the view with the Participant Service's DescribeView), then waits for the customer's
// interactive response {"templateType":"ViewResource","data":{"actionName":…,"viewResultData":{…}}}. The chosen
// action is the result ($.Views.Action), its data $.Views.ViewResultData. No answer in time: TimeLimitExceeded.
// Requires the interactive content type in the chat's SupportedMessagingContentTypes.
import { numberParam } from '../../flow-definition.js';
import type { ActionModule } from '../../flow-types.js';
import { isObject, numberInRange } from '../action-helpers.js';

const DEFAULT_SECONDS = 300;

export const showView: ActionModule = {
  type: 'ShowView',
  category: 'participant',
  errors: ['TimeLimitExceeded', 'NoMatchingCondition'],
  conditions: 'any',
  check: (a) => [
    ...(isObject(a.Parameters.ViewResource) && a.Parameters.ViewResource.Id ? [] : [`${a.Identifier} (ShowView): ViewResource.Id is required.`]),
    ...numberInRange(a, 'InvocationTimeLimitSeconds', 2, 86_400),
  ],
  async run(ctx) {
    if (!ctx.data.supportsInteractive) return { error: 'NoMatchingError' };
    const resource = ctx.action.Parameters.ViewResource as { Id?: string } | undefined;
    const ref = ctx.text(resource?.Id);
    const view = ref ? await ctx.env.view(ref) : undefined;
    if (!view) return { error: 'NoMatchingError' };
    const seconds = numberParam(ctx.action.Parameters.InvocationTimeLimitSeconds) ?? DEFAULT_SECONDS;
    const viewData: Record<string, unknown> = {};
    const raw = ctx.action.Parameters.ViewData;
    for (const [k, v] of Object.entries(isObject(raw) ? raw : {})) viewData[k] = typeof v === 'string' ? ctx.text(v) : v;
    const waitId = ctx.env.newId();
    ctx.emit({ type: 'showView', viewId: view.id, waitId, ttlSeconds: seconds, viewData });
    return { wait: { kind: 'view', waitId, deadline: ctx.env.now() + seconds * 1000 } };
  },
  resume(ctx) {
    if (ctx.event.type === 'timeout') return { error: 'TimeLimitExceeded' };
    if (ctx.event.type !== 'customerMessage') return { error: 'NoMatchingError' };
    try {
      const response = JSON.parse(ctx.event.content) as { data?: { actionName?: unknown; viewResultData?: unknown } };
      const action = String(response.data?.actionName ?? '');
      const resultData: Record<string, string> = {};
      const raw = response.data?.viewResultData;
      for (const [k, v] of Object.entries(isObject(raw) ? raw : {})) resultData[k] = typeof v === 'string' ? v : JSON.stringify(v);
      ctx.data.views = { action, resultData };
      return { result: action };
    } catch {
      return { error: 'NoMatchingError' };
    }
  },
};
