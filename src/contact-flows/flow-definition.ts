// The Amazon Connect flow language (Version 2019-10-30) as stored by CreateContactFlow: the document types,
// parsing a Content string, and recognising the console's legacy export format, which is not flow language.

export interface FlowCondition {
  Operator: string;
  Operands: unknown[];
}

export interface FlowTransitions {
  NextAction?: string;
  Errors?: { ErrorType: string; NextAction: string }[];
  Conditions?: { NextAction: string; Condition: FlowCondition }[];
}

export interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: FlowTransitions;
}

export interface FlowDocument {
  Version: string;
  StartAction: string;
  Metadata?: unknown;
  Actions: FlowAction[];
}

export class FlowFormatError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
  }
}

export const FLOW_LANGUAGE_VERSION = '2019-10-30';
export const MAX_ACTIONS = 250;

/** Parses flow-language content; throws FlowFormatError (with every problem of shape) otherwise. */
export function parseFlowDocument(content: string): FlowDocument {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new FlowFormatError(['Content is not valid JSON.']);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new FlowFormatError(['Content must be a JSON object.']);
  const doc = json as Record<string, unknown>;
  if ('modules' in doc && 'start' in doc && !('Actions' in doc)) {
    throw new FlowFormatError([
      'Content is in the Amazon Connect console\'s legacy export format (modules/start/version), not the flow language. ' +
        'Export the flow in the flow language (Version 2019-10-30, StartAction, Actions), as DescribeContactFlow returns it.',
    ]);
  }
  const problems: string[] = [];
  if (doc.Version !== FLOW_LANGUAGE_VERSION) problems.push(`Version must be "${FLOW_LANGUAGE_VERSION}".`);
  if (typeof doc.StartAction !== 'string' || !doc.StartAction) problems.push('StartAction is required.');
  if (!Array.isArray(doc.Actions)) problems.push('Actions must be a list.');
  if (problems.length) throw new FlowFormatError(problems);
  const actions = (doc.Actions as unknown[]).map((raw, i) => normaliseAction(raw, i, problems));
  if (problems.length) throw new FlowFormatError(problems);
  return { Version: FLOW_LANGUAGE_VERSION, StartAction: doc.StartAction as string, Metadata: doc.Metadata, Actions: actions };
}

function normaliseAction(raw: unknown, index: number, problems: string[]): FlowAction {
  const a = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (typeof a.Identifier !== 'string' || !a.Identifier) problems.push(`Action ${index + 1} has no Identifier.`);
  if (typeof a.Type !== 'string' || !a.Type) problems.push(`Action ${String(a.Identifier ?? index + 1)} has no Type.`);
  const params = a.Parameters ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) problems.push(`Action ${String(a.Identifier)}: Parameters must be an object.`);
  const transitions = (a.Transitions ?? {}) as FlowTransitions;
  return {
    Identifier: String(a.Identifier ?? ''),
    Type: String(a.Type ?? ''),
    Parameters: (params ?? {}) as Record<string, unknown>,
    Transitions: {
      NextAction: transitions.NextAction,
      Errors: Array.isArray(transitions.Errors) ? transitions.Errors : [],
      Conditions: Array.isArray(transitions.Conditions) ? transitions.Conditions : [],
    },
  };
}

/** Real exports store numbers and booleans as strings ("900", "False"); these read both forms. */
export function numberParam(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function booleanParam(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}
