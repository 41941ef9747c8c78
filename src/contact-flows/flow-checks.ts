// Validation of PUBLISHED flow content, reporting every problem at once (InvalidContactFlowException lists
// them): unknown action types, duplicate or forbidden identifiers, dangling or missing transitions, wrong
// parameters, and conditions an action cannot produce. SAVED content is not checked (API reference).
import { actionModule, knownActionTypes } from './action-registry.js';
import { type FlowDocument, MAX_ACTIONS } from './flow-definition.js';
import { CONDITION_OPERATORS } from './flow-step.js';

const FORBIDDEN_ID_CHARS = /[%:()\\/=$,;[\]{}]/;
const RESERVED_IDS = new Set(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isPrototypeOf']);

export function checkFlow(doc: FlowDocument): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  if (doc.Actions.length > MAX_ACTIONS) problems.push(`A flow may have at most ${MAX_ACTIONS} actions; this one has ${doc.Actions.length}.`);
  for (const a of doc.Actions) {
    if (ids.has(a.Identifier)) problems.push(`Identifier ${a.Identifier} is used by more than one action.`);
    ids.add(a.Identifier);
    if (a.Identifier.length > 50) problems.push(`Identifier ${a.Identifier} is longer than 50 characters.`);
    if (FORBIDDEN_ID_CHARS.test(a.Identifier) || RESERVED_IDS.has(a.Identifier)) problems.push(`Identifier ${a.Identifier} is not allowed.`);
  }
  if (!ids.has(doc.StartAction)) problems.push(`StartAction ${doc.StartAction} is not an action of this flow.`);
  for (const a of doc.Actions) {
    const module = actionModule(a.Type);
    if (!module) {
      problems.push(`${a.Identifier}: unknown action type ${a.Type}. Known types: ${knownActionTypes().join(', ')}.`);
      continue;
    }
    const t = a.Transitions;
    const targets = [t.NextAction, ...(t.Errors ?? []).map((e) => e.NextAction), ...(t.Conditions ?? []).map((c) => c.NextAction)];
    for (const target of targets) {
      if (target !== undefined && !ids.has(target)) problems.push(`${a.Identifier}: transition to ${target}, which is not an action of this flow.`);
    }
    if (module.terminal) {
      if (t.NextAction || t.Errors?.length || t.Conditions?.length) problems.push(`${a.Identifier} (${a.Type}) ends the flow and may have no transitions.`);
    } else if (!t.NextAction && !(t.Conditions?.length)) {
      problems.push(`${a.Identifier} (${a.Type}): NextAction is missing.`);
    }
    const allowedErrors = new Set(['NoMatchingError', ...(module.errors ?? [])]);
    if (module.conditions !== 'none' && module.conditions !== undefined) allowedErrors.add('NoMatchingCondition');
    for (const e of t.Errors ?? []) {
      if (!allowedErrors.has(e.ErrorType)) problems.push(`${a.Identifier} (${a.Type}) cannot produce the error ${e.ErrorType}.`);
    }
    problems.push(...conditionProblems(a.Identifier, a.Type, module.conditions, t.Conditions ?? []));
    problems.push(...(module.check?.(a) ?? []));
  }
  return problems;
}

function conditionProblems(
  id: string, type: string, allowed: 'none' | 'any' | string[] | undefined, conditions: { Condition: { Operator: string; Operands: unknown[] } }[],
): string[] {
  const problems: string[] = [];
  if ((allowed === 'none' || allowed === undefined) && conditions.length) {
    return [`${id} (${type}) produces no result to branch on, but has Conditions.`];
  }
  for (const c of conditions) {
    if (!c.Condition || !CONDITION_OPERATORS.includes(c.Condition.Operator)) {
      problems.push(`${id} (${type}): unknown condition operator ${String(c.Condition?.Operator)}.`);
      continue;
    }
    if (!Array.isArray(c.Condition.Operands) || c.Condition.Operands.length !== 1) {
      problems.push(`${id} (${type}): a condition takes exactly one operand.`);
      continue;
    }
    if (Array.isArray(allowed)) {
      const operand = String(c.Condition.Operands[0]);
      if (c.Condition.Operator !== 'Equals' || !allowed.includes(operand)) {
        problems.push(`${id} (${type}) cannot produce the condition ${c.Condition.Operator} ${operand}; it produces ${allowed.map((o) => `Equals ${o}`).join(', ')}.`);
      }
    }
  }
  if (Array.isArray(allowed) && type === 'CheckHoursOfOperation') {
    const operands = new Set(conditions.map((c) => String(c.Condition?.Operands?.[0])));
    if (!operands.has('True') || !operands.has('False')) problems.push(`${id} (${type}) must have both Equals True and Equals False conditions.`);
  }
  if (Array.isArray(allowed) && type === 'Loop') {
    const operands = new Set(conditions.map((c) => String(c.Condition?.Operands?.[0])));
    if (!operands.has('ContinueLooping') || !operands.has('DoneLooping')) problems.push(`${id} (${type}) must have both ContinueLooping and DoneLooping conditions.`);
  }
  return problems;
}
