// Dynamic values of the flow language: JSONPath-like references into the contact's data, used as whole
// parameter values ("$.Attributes.orderId") and inside text ("Hi $.Attributes.name"). A reference to data
// that does not exist resolves to the empty string inside text, and to undefined as a whole value.
import type { FlowData } from './flow-types.js';

const REFERENCE = /\$\.[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*/g;

/** Run-scoped values: flow attributes and the metrics a Get queue metrics block loaded. */
export interface RunValues {
  flowAttributes: Record<string, string>;
  metrics?: Record<string, string>;
}

export function lookup(path: string, data: FlowData, run: RunValues = { flowAttributes: {} }): string | undefined {
  const parts = path.replace(/^\$\./, '').split('.');
  const [head, ...rest] = parts;
  const key = rest.join('.');
  switch (head) {
    case 'Attributes':
      return data.attributes[key];
    case 'FlowAttributes':
      return run.flowAttributes[key];
    case 'Metrics':
      return run.metrics?.[key];
    case 'External':
      return data.external[key];
    case 'StoredCustomerInput':
      return data.storedCustomerInput;
    case 'Channel':
      return data.channel;
    case 'ContactId':
      return data.contactId;
    case 'InitialContactId':
      return data.initialContactId;
    case 'InstanceARN':
      return data.instanceArn;
    case 'InitiationMethod':
      return data.initiationMethod;
    case 'Name':
      return data.name;
    case 'Description':
      return data.description;
    case 'LanguageCode':
      return data.languageCode;
    case 'CustomerId':
      return data.customerId;
    case 'Queue':
      if (!data.queue) return undefined;
      return key === 'ARN' ? data.queue.arn : key === 'Name' ? data.queue.name : key === 'Id' ? data.queue.id : undefined;
    case 'Agent':
      if (!data.agent) return undefined;
      return key === 'ARN' ? data.agent.arn : key === 'UserName' ? data.agent.username : undefined;
    case 'Lex':
      if (rest[0] === 'Slots') return data.lex.slots[rest.slice(1).join('.')];
      if (rest[0] === 'SessionAttributes') return data.lex.sessionAttributes[rest.slice(1).join('.')];
      if (rest[0] === 'IntentName') return data.lex.intentName;
      return undefined;
    case 'Views':
      if (rest[0] === 'Action') return data.views.action;
      if (rest[0] === 'ViewResultData') return data.views.resultData[rest.slice(1).join('.')];
      return undefined;
    case 'Related':
      if (rest[0] === 'Attributes') return data.relatedAttributes?.[rest.slice(1).join('.')];
      return undefined;
    default:
      return undefined;
  }
}

/** A parameter value: a whole reference resolves to its value; other text has its references replaced. */
export function resolveValue(value: unknown, data: FlowData, run: RunValues = { flowAttributes: {} }): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return String(value);
  const whole = /^\$\.[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*$/.test(value);
  if (whole) return lookup(value, data, run);
  return value.replace(REFERENCE, (ref) => lookup(ref, data, run) ?? '');
}

export function isReference(value: unknown): boolean {
  return typeof value === 'string' && /^\$\./.test(value);
}
