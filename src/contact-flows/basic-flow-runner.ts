// A deliberately small, built-in stand-in for the flow interpreter (the flow-interpreter issue replaces it
// with the persisted step machine of ARCHITECTURE principle 5). It walks a flow from StartAction and
// understands only straight-line chat actions: MessageParticipant, UpdateContactAttributes,
// UpdateContactEventHooks, UpdateContactTargetQueue, TransferContactToQueue (the contact then waits in
// queue) and DisconnectParticipant. Any other action type stops the walk: the contact stays as it is.
// It is a pure function of (flow, contact data) → effects; the caller applies the effects.

export interface FlowInput {
  content: string;
  channel: string;
  contactId: string;
  initialContactId: string;
  attributes: Record<string, string>;
}

export interface FlowOutcome {
  messages: string[];
  attributes: Record<string, string>;
  eventHooks: Record<string, string>;
  targetQueue?: string;
  queued: boolean;
  disconnect: boolean;
  /** Why the walk stopped, for logs and DescribeContact debugging. */
  stoppedAt?: { identifier: string; type: string; reason: string };
}

interface Action {
  Identifier: string;
  Type: string;
  Parameters?: Record<string, unknown>;
  Transitions?: { NextAction?: string; Errors?: { ErrorType: string; NextAction: string }[] };
}

const MAX_STEPS = 250; // "A single Flow may have no more than 250 Actions"; also guards loops.

export function runBasicFlow(input: FlowInput): FlowOutcome {
  const outcome: FlowOutcome = { messages: [], attributes: {}, eventHooks: {}, queued: false, disconnect: false };
  let flow: { StartAction?: string; Actions?: Action[] };
  try {
    flow = JSON.parse(input.content) as typeof flow;
  } catch {
    outcome.stoppedAt = { identifier: '', type: '', reason: 'flow content is not JSON' };
    return outcome;
  }
  const actions = new Map((flow.Actions ?? []).map((a) => [a.Identifier, a]));
  const attributes = () => ({ ...input.attributes, ...outcome.attributes });
  let current = flow.StartAction ? actions.get(flow.StartAction) : undefined;
  for (let step = 0; current && step < MAX_STEPS; step++) {
    const params = current.Parameters ?? {};
    const next = (errorType?: string) => {
      const target = errorType
        ? current!.Transitions?.Errors?.find((e) => e.ErrorType === errorType)?.NextAction ??
          current!.Transitions?.Errors?.find((e) => e.ErrorType === 'NoMatchingError')?.NextAction
        : current!.Transitions?.NextAction;
      return target ? actions.get(target) : undefined;
    };
    switch (current.Type) {
      case 'MessageParticipant':
        if (typeof params.Text === 'string') {
          outcome.messages.push(resolveText(params.Text, input, attributes()));
          current = next();
        } else current = next('NoMatchingError'); // PromptId/SSML/Media are voice-only (flow language reference)
        break;
      case 'UpdateContactAttributes':
        for (const [k, v] of Object.entries((params.Attributes as Record<string, string>) ?? {})) {
          outcome.attributes[k] = resolveText(String(v), input, attributes());
        }
        current = next();
        break;
      case 'UpdateContactEventHooks':
        Object.assign(outcome.eventHooks, params.EventHooks ?? {});
        current = next();
        break;
      case 'UpdateContactTargetQueue':
        if (typeof params.QueueId === 'string') {
          outcome.targetQueue = resolveText(params.QueueId, input, attributes());
          current = next();
        } else current = next('NoMatchingError');
        break;
      case 'TransferContactToQueue':
        if (!outcome.targetQueue) {
          current = next('NoMatchingError');
          break;
        }
        outcome.queued = true;
        outcome.stoppedAt = { identifier: current.Identifier, type: current.Type, reason: 'waiting in queue' };
        return outcome;
      case 'DisconnectParticipant':
        outcome.disconnect = true;
        return outcome;
      default:
        outcome.stoppedAt = { identifier: current.Identifier, type: current.Type, reason: 'not supported by the basic runner' };
        return outcome;
    }
  }
  return outcome;
}

/** Replaces $.Attributes.x, $.Channel, $.ContactId and $.InitialContactId in text; unknown references become ''. */
export function resolveText(text: string, input: FlowInput, attributes: Record<string, string>): string {
  return text.replace(/\$\.(Attributes\.([A-Za-z0-9_-]+)|Channel|ContactId|InitialContactId)/g, (_m, ref: string, key?: string) => {
    if (key !== undefined) return attributes[key] ?? '';
    if (ref === 'Channel') return input.channel;
    if (ref === 'ContactId') return input.contactId;
    return input.initialContactId;
  });
}
