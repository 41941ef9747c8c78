// The flow interpreter's step: (program, run state, event) → (run state, effects). It executes actions from
// where the run stands until the run waits (for input, a timer, a Lambda…) or ends, following Transitions as
// Amazon defines them: a result is matched against Conditions in order, no match takes NoMatchingCondition;
// a failure takes its ErrorType branch, else NoMatchingError. It reads the world only through the
// FlowEnvironment and changes it only by returning effects, so a run can stop here and resume on any node.
import { actionModule } from './action-registry.js';
import { resolveValue } from './dynamic-values.js';
import type { FlowAction, FlowCondition, FlowDocument } from './flow-definition.js';
import type { ActionContext, ActionOutcome, FlowData, FlowEffect, FlowEnvironment, FlowEvent, FlowRunState } from './flow-types.js';

/** Actions executed in one step without reaching a wait: beyond this the flow is looping without end. */
export const MAX_ACTIONS_PER_STEP = 1000;

export interface StepResult {
  state: FlowRunState;
  data: FlowData;
  effects: FlowEffect[];
  status: 'waiting' | 'ended' | 'transferred' | 'calling' | 'ignored';
  /** How the run ended: a disconnect, an EndFlowExecution, a module's return, an error without a branch. */
  endedBy?: 'disconnect' | 'endFlow' | 'moduleReturn' | 'error';
  transferToFlow?: string;
  /** status 'calling': the module InvokeFlowModule runs, and where the caller goes on after its return or error. */
  call?: { moduleId: string; onReturn: string | null; onError: string | null };
  /** What each action executed in this step did, in order (flow traces, shaped like Amazon's flow log entries). */
  trace: TraceStep[];
}

/** One action's execution: its identifier, type and parameters as written, and what came of it. */
export interface TraceStep {
  Identifier: string;
  ContactFlowModuleType: string;
  Parameters: Record<string, unknown>;
  /** The condition value, error type, "Waiting", or how the run ended. */
  Results?: string;
  /** The action the run went to next. */
  NextAction?: string;
  /** What resumed a waiting action (a customer message, a timeout, a Lambda's answer…). */
  ResumedBy?: string;
  /** A Lambda's answer as the flow sees it ($.External), as Amazon's flow logs show it. */
  ExternalResults?: Record<string, string>;
  /** Why a Lambda call failed (no endpoint, timeout, HTTP status, a response of the wrong shape). */
  Error?: string;
  /** How long the Lambda call took, in milliseconds. */
  DurationMs?: number;
}

export function newRunState(flowId: string): FlowRunState {
  return { flowId, actionId: null, flowAttributes: {}, loops: {}, counters: {}, steps: 0 };
}

export async function stepFlow(
  doc: FlowDocument,
  initial: FlowRunState,
  event: FlowEvent,
  initialData: FlowData,
  env: FlowEnvironment,
): Promise<StepResult> {
  const state: FlowRunState = structuredClone(initial);
  const data: FlowData = structuredClone(initialData);
  const effects: FlowEffect[] = [];
  const trace: TraceStep[] = [];
  // Parameters as the block used them: dynamic values resolved against the contact's data at that moment, as
  // Amazon's flow logs show them.
  const traced = (a: FlowAction, resumedBy?: FlowEvent) => {
    const entry: TraceStep = { Identifier: a.Identifier, ContactFlowModuleType: a.Type, Parameters: resolvedParameters(a.Parameters ?? {}, data, state) };
    if (resumedBy) entry.ResumedBy = resumedBy.type;
    if (resumedBy?.type === 'lambdaResult') {
      if (resumedBy.ok) entry.ExternalResults = resumedBy.result ?? {};
      else entry.Error = resumedBy.error ?? 'failed';
      if (resumedBy.durationMs !== undefined) entry.DurationMs = resumedBy.durationMs;
    }
    trace.push(entry);
    return entry;
  };
  /** Fills in what came of the last traced action. */
  const settle = (a: FlowAction, o: ActionOutcome) => {
    const entry = trace[trace.length - 1];
    if (!entry || entry.Identifier !== a.Identifier) return;
    if ('result' in o) entry.Results = o.result;
    else if ('error' in o) entry.Results = o.error;
    else if ('wait' in o) entry.Results = 'Waiting';
    else if ('end' in o) entry.Results = o.end === 'disconnect' ? 'Disconnected' : o.end === 'moduleReturn' ? 'Returned' : 'Ended';
    else if ('transferToFlow' in o) entry.Results = `TransferredTo:${o.transferToFlow}`;
    else if ('invokeModule' in o) entry.Results = `InvokedModule:${o.invokeModule}`;
    else entry.Results = 'Success';
    if (!('wait' in o) && !('end' in o) && !('transferToFlow' in o) && !('invokeModule' in o)) {
      const next = nextActionId(a, o);
      if (next) entry.NextAction = next;
    }
  };
  const actions = new Map(doc.Actions.map((a) => [a.Identifier, a]));
  const done = (status: StepResult['status'], extra: Partial<StepResult> = {}): StepResult => {
    if (status !== 'waiting' && status !== 'ignored') {
      state.actionId = null;
      delete state.waiting;
    }
    return { state, data, effects, status, trace, ...extra };
  };
  const context = (action: FlowAction, resumeEvent?: FlowEvent): ActionContext => ({
    action, data, state, env, event: resumeEvent,
    text: (value) => resolveValue(value, data, state),
    emit: (effect) => effects.push(effect),
  });

  let action: FlowAction | undefined;
  let outcome: ActionOutcome;
  if (event.type === 'start') {
    // A run starts at the flow's StartAction, or where a module returned it to (the caller's branch).
    action = actions.get(state.actionId ?? doc.StartAction);
    if (!action) return done('ended', { endedBy: 'error' });
    state.actionId = action.Identifier;
    traced(action);
    outcome = await runAction(action, context(action));
  } else {
    action = state.actionId ? actions.get(state.actionId) : undefined;
    const wait = state.waiting;
    if (!action || !wait || !accepts(wait, event)) return done('ignored');
    const module = actionModule(action.Type);
    if (!module?.resume) return done('ignored');
    delete state.waiting;
    traced(action, event);
    outcome = await module.resume({ ...context(action, event), event });
  }

  for (let executed = 0; ; executed++) {
    if (executed >= MAX_ACTIONS_PER_STEP) return done('ended', { endedBy: 'error' });
    settle(action, outcome);
    if ('wait' in outcome) {
      state.actionId = action.Identifier;
      state.waiting = { ...outcome.wait, waitId: outcome.wait.waitId ?? env.newId() };
      return done('waiting');
    }
    if ('end' in outcome) return done('ended', { endedBy: outcome.end });
    if ('transferToFlow' in outcome) return done('transferred', { transferToFlow: outcome.transferToFlow });
    if ('invokeModule' in outcome) {
      // Invoke module block: Success on the module's return, Error when it fails (flow-language InvokeFlowModule).
      const call = { moduleId: outcome.invokeModule, onReturn: nextActionId(action, { next: true }) ?? null, onError: nextActionId(action, { error: 'NoMatchingError' }) ?? null };
      return { state, data, effects, status: 'calling', trace, call };
    }
    const nextId = nextActionId(action, outcome);
    const next = nextId ? actions.get(nextId) : undefined;
    if (!next) return done('ended', { endedBy: 'error' });
    action = next;
    state.actionId = action.Identifier;
    state.steps++;
    traced(action);
    outcome = await runAction(action, context(action));
  }
}

/** A block's parameters with every dynamic value resolved (an unresolvable reference becomes empty, as in a message). */
function resolvedParameters(parameters: Record<string, unknown>, data: FlowData, state: FlowRunState): Record<string, unknown> {
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') return value.includes('$.') ? resolveValue(value, data, state) ?? '' : value;
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  return resolve(parameters) as Record<string, unknown>;
}

async function runAction(action: FlowAction, ctx: ActionContext): Promise<ActionOutcome> {
  const module = actionModule(action.Type);
  if (!module || module.unsupported) return { error: 'NoMatchingError' };
  try {
    return await module.run(ctx);
  } catch {
    return { error: 'NoMatchingError' };
  }
}

function accepts(wait: NonNullable<FlowRunState['waiting']>, event: FlowEvent): boolean {
  switch (event.type) {
    case 'timeout':
    case 'lambdaResult':
      return event.waitId === wait.waitId;
    case 'customerMessage':
      // A view waits for the customer's interactive response, not for chat text.
      return wait.kind === 'input' || (wait.kind === 'view' && event.contentType === 'application/vnd.amazonaws.connect.message.interactive.response');
    case 'customerReturned':
      return wait.kind === 'wait' && !!wait.events?.includes('CustomerReturned');
    case 'botParticipantDisconnected':
      return wait.kind === 'wait' && !!wait.events?.includes('BotParticipantDisconnected');
    default:
      return false;
  }
}

/** Where a finished action goes next, as Amazon defines transitions; undefined ends the run. */
export function nextActionId(action: FlowAction, outcome: ActionOutcome): string | undefined {
  const t = action.Transitions;
  const errorBranch = (type: string) =>
    t.Errors?.find((e) => e.ErrorType === type)?.NextAction ?? t.Errors?.find((e) => e.ErrorType === 'NoMatchingError')?.NextAction;
  if ('next' in outcome) return t.NextAction;
  if ('error' in outcome) return errorBranch(outcome.error);
  if ('result' in outcome) {
    const match = t.Conditions?.find((c) => conditionHolds(c.Condition, outcome.result));
    if (match) return match.NextAction;
    return t.Errors?.find((e) => e.ErrorType === 'NoMatchingCondition')?.NextAction ?? (t.Conditions?.length ? undefined : t.NextAction);
  }
  return undefined;
}

export function conditionHolds(condition: FlowCondition, value: string): boolean {
  const operand = String(condition.Operands?.[0] ?? '');
  const n = Number(value);
  const m = Number(operand);
  const numeric = value.trim() !== '' && Number.isFinite(n) && operand.trim() !== '' && Number.isFinite(m);
  switch (condition.Operator) {
    case 'Equals':
      return value === operand;
    case 'NumberLessThan':
      return numeric && n < m;
    case 'NumberLessOrEqualTo':
      return numeric && n <= m;
    case 'NumberGreaterThan':
      return numeric && n > m;
    case 'NumberGreaterOrEqualTo':
      return numeric && n >= m;
    case 'TextContains':
      return value.includes(operand);
    case 'TextStartsWith':
      return value.startsWith(operand);
    case 'TextEndsWith':
      return value.endsWith(operand);
    default:
      return false;
  }
}

export const CONDITION_OPERATORS = [
  'Equals', 'NumberLessThan', 'NumberLessOrEqualTo', 'NumberGreaterThan', 'NumberGreaterOrEqualTo',
  'TextContains', 'TextStartsWith', 'TextEndsWith',
];
