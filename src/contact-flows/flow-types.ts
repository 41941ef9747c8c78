// The vocabulary of the flow interpreter: the persisted run state, the events that resume a run, the data a
// flow reads ($.Attributes, $.External, …), the read-only environment, the effects a step asks for, and the
// contract every action type module fulfils (ARCHITECTURE principle 5: a pure step over persisted state).
import type { FlowAction } from './flow-definition.js';

/** Where a run of a flow stands. JSON, stored on the contact; a waiting run holds no thread and no memory. */
export interface FlowRunState {
  flowId: string;
  /** The action being executed or waited on; null once the run is over. */
  actionId: string | null;
  waiting?: FlowWait;
  flowAttributes: Record<string, string>;
  /** What the last Get queue metrics block loaded: $.Metrics.Queue.Size, $.Metrics.Agents.Online.Count, … */
  metrics?: Record<string, string>;
  loops: Record<string, number>;
  /** Per-action counters (MessageParticipantIteratively position). */
  counters: Record<string, number>;
  /** How many actions this run has executed (guards against endless loops without waits). */
  steps: number;
  /** The flows (or modules) that invoked the module this run is in, innermost last (InvokeFlowModule). */
  callStack?: CallFrame[];
}

/** Where an InvokeFlowModule returns to: the caller's run as it stood, and its Success and Error branches. */
export interface CallFrame {
  caller: Omit<FlowRunState, 'callStack'>;
  onReturn: string | null;
  onError: string | null;
}

export interface FlowWait {
  kind: 'input' | 'wait' | 'lambda' | 'view' | 'prompts';
  /** Unique per wait, so a stale timer or result for an earlier wait is ignored. */
  waitId: string;
  deadline?: number;
  events?: string[];
}

export type FlowEvent =
  | { type: 'start' }
  | { type: 'customerMessage'; content: string; contentType: string }
  | { type: 'timeout'; waitId: string }
  | { type: 'customerReturned' }
  | { type: 'botParticipantDisconnected' }
  | { type: 'lambdaResult'; waitId: string; ok: boolean; result?: Record<string, string>; error?: string; durationMs?: number };

/** The contact data a flow reads and writes through dynamic values. */
export interface FlowData {
  instanceId: string;
  /** $.InstanceARN */
  instanceArn: string;
  contactId: string;
  initialContactId: string;
  channel: string;
  initiationMethod: string;
  name?: string;
  description?: string;
  languageCode?: string;
  customerId?: string;
  attributes: Record<string, string>;
  relatedAttributes?: Record<string, string>;
  external: Record<string, string>;
  lex: { slots: Record<string, string>; sessionAttributes: Record<string, string>; intentName?: string };
  storedCustomerInput?: string;
  queue?: { id: string; arn: string; name: string };
  agent?: { id: string; arn: string; username: string };
  segmentAttributes: Record<string, unknown>;
  /** The last ShowView result: $.Views.Action and $.Views.ViewResultData.* */
  views: { action?: string; resultData: Record<string, string> };
  /** Whether the chat accepts interactive messages (ShowView needs it). */
  supportsInteractive: boolean;
  /** CUSTOM_BOT participants currently in the chat (Wait for BotParticipantDisconnected needs one). */
  activeBots: number;
}

export type FlowEffect =
  | { type: 'message'; contentType: string; content: string }
  | { type: 'setAttributes'; attributes: Record<string, string>; target: 'Current' | 'Related' }
  | { type: 'setEventHook'; hook: string; flowId: string }
  | { type: 'setTargetQueue'; queueId: string }
  | { type: 'setTargetAgent'; userId: string }
  | { type: 'enqueue'; queueId: string }
  | { type: 'dequeueToQueue'; queueId: string }
  | { type: 'updateContactData'; fields: Record<string, unknown> }
  | { type: 'routingBehavior'; queuePriority?: number; queueTimeAdjustmentSeconds?: number }
  | { type: 'record'; key: string; value: unknown }
  | { type: 'invokeLambda'; waitId: string; functionArn: string; timeoutSeconds: number; payload: Record<string, unknown>; responseType: string }
  | { type: 'showView'; viewId: string; waitId: string; ttlSeconds: number; viewData: unknown }
  | { type: 'persistentAssociation'; rehydrationType: 'ENTIRE_PAST_SESSION' | 'FROM_SEGMENT'; sourceContactId: string }
  | { type: 'disconnect' };

/** Read-only questions a step may ask of the world. Implementations must not change anything. */
export interface FlowEnvironment {
  now(): number;
  random(): number;
  newId(): string;
  /** undefined: no such hours. Without an id, the target queue's hours. */
  hoursOpen(hoursIdOrArn: string | undefined, data: FlowData): Promise<boolean | undefined>;
  queue(idOrArn: string): Promise<{ id: string; arn: string; name: string; atCapacity: boolean } | undefined>;
  agent(idOrArn: string): Promise<{ id: string; arn: string; username: string } | undefined>;
  flow(idOrArn: string): Promise<{ id: string } | undefined>;
  flowModule(idOrArn: string): Promise<{ id: string } | undefined>;
  view(idOrArn: string): Promise<{ id: string } | undefined>;
  /** The past contact this chat would continue from, or undefined when the persistent-chat rules refuse it. */
  persistentSource(type: 'ENTIRE_PAST_SESSION' | 'FROM_SEGMENT', sourceContactId: string): Promise<string | undefined>;
  metric(queueId: string, metric: string): Promise<number | undefined>;
}

export type ActionOutcome =
  | { next: true }
  | { result: string }
  | { error: string }
  | { wait: Omit<FlowWait, 'waitId'> & { waitId?: string } }
  | { end: 'disconnect' | 'endFlow' | 'moduleReturn' }
  | { transferToFlow: string }
  | { invokeModule: string };

export interface ActionContext {
  action: FlowAction;
  data: FlowData;
  state: FlowRunState;
  env: FlowEnvironment;
  /** The event that resumed a waiting action (absent on first entry). */
  event?: FlowEvent;
  /** Resolves a parameter that may be a dynamic value or contain $.References in text. */
  text(value: unknown): string | undefined;
  emit(effect: FlowEffect): void;
}

export type ActionCategory = 'participant' | 'contact' | 'flow-control' | 'interactions';

export interface ActionModule {
  type: string;
  category: ActionCategory;
  /** Error types the action can take, beyond NoMatchingError which every action may have. */
  errors?: string[];
  /** Conditions: 'none' (none allowed), 'any' (free operands), or the fixed set of operands allowed with Equals. */
  conditions?: 'none' | 'any' | string[];
  /** Terminal actions have no NextAction. */
  terminal?: boolean;
  /** Recognised (it loads and validates) but cannot run here: the run takes its error branch. */
  unsupported?: string;
  /** Problems with this action's parameters, for PUBLISHED content. */
  check?(action: FlowAction): string[];
  run(ctx: ActionContext): Promise<ActionOutcome> | ActionOutcome;
  /** Continues an action that waited; required when run() can return { wait }. */
  resume?(ctx: ActionContext & { event: FlowEvent }): Promise<ActionOutcome> | ActionOutcome;
}
