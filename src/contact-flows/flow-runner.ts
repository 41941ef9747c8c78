// The impure shell around the pure flow step: loads a contact's run state inside a store transaction, steps
// the flow, applies the effects (transcript messages, attributes, hooks, queueing, disconnects), persists the
// run and schedules its durable wait timer. A run waiting for the customer, a timer or a Lambda holds no
// memory here: any node resumes it from the store. Lambda calls happen after commit, never inside a transaction.
import type { ChatContext } from '../chat/chat-context.js';
import { MessageContentType } from '../chat/content-types.js';
import { Outbox } from '../chat/outbox.js';
import { toWireItem } from '../chat/transcript.js';
import type { ContactFlowData, ContactRecord, FlowRecord, Json, Store } from '../storage/store.js';
import { buildFlowData, FlowEnvironmentImpl } from './flow-environment.js';
import { type FlowDocument, parseFlowDocument } from './flow-definition.js';
import { newRunState, stepFlow, type StepResult, type TraceStep } from './flow-step.js';
import { v7 as uuidv7 } from 'uuid';
import { type FlowModuleData, MODULE_RUN_PREFIX } from './flow-modules.js';
import type { FlowEffect, FlowEvent, FlowRunState } from './flow-types.js';
import type { InstanceResources } from '../routing/instance-resources.js';
import { invokeLambda, type LambdaEndpoints } from './lambda-invoker.js';
import type { PersistentChats } from '../chat/persistent-chat.js';
import { flushOutbox } from '../chat/outbox.js';
import type { Contacts } from '../chat/contacts.js';
import { newSegment } from '../chat/contact-chain.js';
import type { ContactLifecycle } from '../routing/contact-lifecycle.js';
import type { Router } from '../routing/router.js';

export type RunKind = 'main' | 'queue';
export const FLOW_WAIT_TIMER = 'flow-wait';

/** Parsed flow documents by flow, kept with the content they came from: a flow is parsed once per version, not at
 * every step of every chat. (Comparing the content is a memory compare; parsing it is not.) */
const parsedFlows = new Map<string, { content: string; doc: FlowDocument }>();
const PARSED_FLOWS_KEPT = 500;

function parsedFlow(key: string, content: string): FlowDocument {
  const hit = parsedFlows.get(key);
  if (hit && hit.content === content) return hit.doc;
  const doc = parseFlowDocument(content);
  parsedFlows.delete(key);
  if (parsedFlows.size >= PARSED_FLOWS_KEPT) parsedFlows.delete(parsedFlows.keys().next().value!);
  parsedFlows.set(key, { content, doc });
  return doc;
}

/** A chat's flow trace keeps at most this many entries (its first ones: where a flow went wrong is usually early). */
export const MAX_TRACE_ENTRIES = 2000;

/** Ends a contact's run of this kind (for routing and the contact lifecycle; the runner owns the flow_runs rows). */
export async function stopRun(tx: Store, contactId: string, kind: RunKind): Promise<void> {
  await tx.deleteFlowRun(contactId, kind);
}

export class FlowRunner {
  constructor(
    private readonly ctx: ChatContext,
    private readonly resources: InstanceResources,
    private readonly lambdas: LambdaEndpoints,
    private readonly persistent: PersistentChats,
    private readonly contacts: Contacts,
    private readonly router: Router,
    private readonly lifecycle: ContactLifecycle,
  ) {}

  async start(tx: Store, contact: ContactRecord, kind: RunKind, flowId: string, outbox: Outbox): Promise<void> {
    await this.advance(tx, contact.id, kind, { type: 'start' }, outbox, newRunState(flowId));
  }

  /** Places the contact in a queue and starts its customer queue flow (the contact's hook, else the default). */
  async enqueue(tx: Store, contact: ContactRecord, queueId: string, outbox: Outbox): Promise<void> {
    const queueFlow = await this.router.enqueue(tx, contact, queueId, outbox);
    if (queueFlow) await this.start(tx, (await tx.getContact(contact.id)) ?? contact, 'queue', queueFlow, outbox);
  }

  /** DequeueContactAndTransferToQueue: "a new contact segment is created with the existing contact as its previous contact". */
  private async queueTransfer(tx: Store, contact: ContactRecord, queueId: string, outbox: Outbox): Promise<void> {
    await this.router.release(tx, contact, outbox);
    await this.contacts.endSegment(tx, contact, null);
    const segment = await newSegment(tx, this.ctx, contact, 'QUEUE_TRANSFER', contact.contactFlowId);
    await this.contacts.scheduleExpiry(tx, segment);
    await this.enqueue(tx, segment, queueId, outbox);
  }

  /** Resumes a waiting run with an event; a run not waiting for it ignores it. */
  async deliver(tx: Store, contactId: string, kind: RunKind, event: FlowEvent, outbox: Outbox): Promise<StepResult['status'] | undefined> {
    return this.advance(tx, contactId, kind, event, outbox);
  }

  async onCustomerMessage(tx: Store, contact: ContactRecord, content: string, contentType: string, outbox: Outbox): Promise<void> {
    // The common case on the message path: no flow is waiting, so nothing to resume.
    if (!(await tx.hasWaitingFlowRun(contact.id))) return;
    for (const kind of ['main', 'queue'] as const) {
      const status = await this.deliver(tx, contact.id, kind, { type: 'customerMessage', content, contentType }, outbox);
      if (status === 'ignored' || status === undefined) await this.deliver(tx, contact.id, kind, { type: 'customerReturned' }, outbox);
    }
  }

  async onBotLeft(tx: Store, contact: ContactRecord, outbox: Outbox): Promise<void> {
    for (const kind of ['main', 'queue'] as const) await this.deliver(tx, contact.id, kind, { type: 'botParticipantDisconnected' }, outbox);
  }

  /** Timer entry point: its own transaction, then the outbox. */
  async onWaitTimer(contactId: string, payload: Json): Promise<void> {
    const { kind, waitId } = payload as { kind: RunKind; waitId: string };
    const outbox = await this.ctx.store.transaction(async (tx) => {
      const box = new Outbox();
      await this.deliver(tx, contactId, kind, { type: 'timeout', waitId }, box);
      return box;
    });
    await flushOutbox(this.ctx, outbox);
  }

  private async advance(tx: Store, contactId: string, kind: RunKind, event: FlowEvent, outbox: Outbox, fresh?: FlowRunState) {
    for (let transfers = 0; transfers < 20; transfers++) {
      const contact = await tx.getContact(contactId);
      if (!contact || contact.state !== 'ACTIVE') return undefined;
      const run = fresh ?? ((await tx.getFlowRun(contactId, kind))?.state as FlowRunState | undefined);
      if (!run) return undefined;
      const doc = await this.runDocument(tx, contact.instanceId, run.flowId);
      if (!doc) return undefined;
      const env = new FlowEnvironmentImpl(tx, this.ctx, this.resources, contact, this.persistent);
      const data = await buildFlowData(tx, this.resources, contact, this.ctx.settings.arn);
      const result = await stepFlow(doc, run, event, data, env);
      if (result.status === 'ignored') return 'ignored';
      await this.recordTrace(tx, contact, run.flowId, result.trace);
      if (result.status === 'waiting') await tx.putFlowRun({ contactId, kind, state: result.state as unknown as Json, waiting: !!result.state.waiting });
      else await tx.deleteFlowRun(contactId, kind);
      const contactData = { ...contact.flow.contactData };
      const storedInput = result.data.storedCustomerInput !== undefined;
      const external = Object.keys(result.data.external).length > 0 || event.type === 'lambdaResult';
      const views = result.data.views.action !== undefined;
      if (storedInput) contactData.storedCustomerInput = result.data.storedCustomerInput!;
      if (external) contactData.external = result.data.external as Json;
      if (views) contactData.views = result.data.views as unknown as Json;
      const dataChanged = storedInput || external || views;
      // A step that set none of them leaves the flow data as it was: only the time is written (the flow data's JSON
      // was written again on every step of every chat).
      const now = this.ctx.clock.now();
      await tx.updateContact(contact.id, dataChanged ? { flow: { ...contact.flow, contactData }, lastUpdatedAt: now } : { lastUpdatedAt: now });
      const ended = await this.apply(tx, contact, kind, result.effects, outbox);
      if (result.status === 'waiting' && result.state.waiting?.deadline !== undefined) {
        await tx.scheduleTimer({
          id: result.state.waiting.waitId, kind: FLOW_WAIT_TIMER, contactId: contact.id, dueAt: result.state.waiting.deadline,
          payload: { kind, waitId: result.state.waiting.waitId },
        });
      }
      if (ended) return result.status;
      if (result.status === 'transferred' && result.transferToFlow) {
        fresh = newRunState(result.transferToFlow);
        event = { type: 'start' };
        continue;
      }
      if (result.status === 'calling' && result.call) {
        // InvokeFlowModule: the module runs in this run, with the caller's state kept to return to.
        const { callStack = [], ...caller } = result.state;
        fresh = { ...newRunState(MODULE_RUN_PREFIX + result.call.moduleId), callStack: [...callStack, { caller, onReturn: result.call.onReturn, onError: result.call.onError }] };
        event = { type: 'start' };
        continue;
      }
      const back = result.status === 'ended' && result.endedBy !== 'disconnect' && result.endedBy !== 'endFlow' ? returnFromModule(run, result.endedBy) : undefined;
      if (back) {
        fresh = back;
        event = { type: 'start' };
        continue;
      }
      if (result.status === 'ended') await this.onRunEnded(tx, contact.id, kind, result, outbox);
      return result.status;
    }
    return undefined;
  }

  /**
   * Appends what this step executed to the chat's flow trace, shaped like Amazon's flow log entries, unless a flow
   * turned logging off (UpdateFlowLoggingBehavior Disabled); at most MAX_TRACE_ENTRIES per chat.
   */
  private async recordTrace(tx: Store, contact: ContactRecord, flowId: string, steps: TraceStep[]): Promise<void> {
    // Logging follows Set logging behavior block by block: the block that turns it off is the last one kept, the
    // one that turns it on the first again.
    let on = contact.flow.record.flowLogging !== 'Disabled';
    const kept = steps.filter((step) => {
      const toggle = step.ContactFlowModuleType === 'UpdateFlowLoggingBehavior' ? step.Parameters.FlowLoggingBehavior : undefined;
      const keep = on || toggle === 'Enabled';
      if (toggle === 'Enabled' || toggle === 'Disabled') on = toggle === 'Enabled';
      return keep;
    });
    if (!kept.length) return;
    const room = MAX_TRACE_ENTRIES - (await tx.countFlowTrace(contact.initialContactId));
    if (room <= 0) return;
    const at = this.ctx.clock.now();
    const source = flowId.startsWith(MODULE_RUN_PREFIX) ? { ContactFlowModuleId: flowId.slice(MODULE_RUN_PREFIX.length) } : { ContactFlowId: flowId };
    await tx.appendFlowTrace(kept.slice(0, room).map((step) => ({
      id: uuidv7(), initialContactId: contact.initialContactId, contactId: contact.id, at,
      entry: { Timestamp: new Date(at).toISOString(), ContactId: contact.id, ...source, ...step } as unknown as Json,
    })));
  }

  /** The document a run executes: its flow, or the flow module it runs (flowId "module:<id>"). */
  private async runDocument(tx: Store, instanceId: string, flowId: string): Promise<FlowDocument | undefined> {
    if (flowId.startsWith(MODULE_RUN_PREFIX)) {
      const module = await this.resources.find<FlowModuleData>(tx, instanceId, 'flow-module', flowId.slice(MODULE_RUN_PREFIX.length));
      return module && parsedFlow(`${instanceId}/${flowId}`, module.data.Content);
    }
    const flow = await tx.getFlow(instanceId, flowId);
    return flow && parsedFlow(`${instanceId}/${flow.id}`, flow.content);
  }

  /** A main flow that ends without queueing the contact ends the contact; a queue flow ending leaves it waiting. */
  private async onRunEnded(tx: Store, contactId: string, kind: RunKind, result: StepResult, outbox: Outbox): Promise<void> {
    const contact = await tx.getContact(contactId);
    if (!contact || contact.state !== 'ACTIVE') return;
    if (kind === 'queue' && result.endedBy !== 'disconnect') return;
    const queued = await tx.getContactRouting(contactId);
    const withAgent = (await tx.listAgentContacts({ contactId })).some((c) => c.state === 'CONNECTED');
    if (kind === 'main' && (queued || withAgent) && result.endedBy !== 'disconnect') return;
    await this.lifecycle.end(tx, contact, null, outbox);
  }

  /** Applies effects in order; returns true when one of them ended the contact. */
  private async apply(tx: Store, contact: ContactRecord, kind: RunKind, effects: FlowEffect[], outbox: Outbox): Promise<boolean> {
    const { transcript } = this.ctx;
    for (const effect of effects) {
      const fresh = (await tx.getContact(contact.id)) ?? contact;
      const flowData = fresh.flow;
      switch (effect.type) {
        case 'message': {
          const system = (await tx.listParticipants(fresh.initialContactId)).find((p) => p.role === 'SYSTEM');
          const contentType = fresh.supportedContentTypes.includes(effect.contentType) ? effect.contentType : MessageContentType.plain;
          const item = await transcript.append(tx, {
            contactId: fresh.id, initialContactId: fresh.initialContactId, type: 'MESSAGE', contentType, content: effect.content,
            from: system ?? { id: 'SYSTEM', displayName: 'BOT', role: 'SYSTEM' },
          });
          outbox.push({ item: toWireItem(item) });
          break;
        }
        case 'setAttributes':
          if (effect.target === 'Current') {
            await tx.updateContact(fresh.id, { attributes: { ...fresh.attributes, ...effect.attributes } });
          } else if (fresh.relatedContactId) {
            const related = await tx.getContact(fresh.relatedContactId);
            if (related) await tx.updateContact(related.id, { attributes: { ...related.attributes, ...effect.attributes } });
          }
          break;
        case 'setEventHook':
          await this.patch(tx, fresh, { eventHooks: { ...flowData.eventHooks, [effect.hook]: effect.flowId } });
          break;
        case 'setTargetQueue':
          await this.patch(tx, fresh, { targetQueue: effect.queueId, targetAgent: null });
          break;
        case 'setTargetAgent':
          await this.patch(tx, fresh, { targetAgent: effect.userId, targetQueue: null });
          break;
        case 'updateContactData': {
          const { CustomerId, ...rest } = effect.fields as { CustomerId?: string };
          await this.patch(tx, fresh, { contactData: { ...flowData.contactData, ...(rest as Record<string, Json>) } });
          if (CustomerId !== undefined) await tx.updateContact(fresh.id, { customerId: CustomerId });
          break;
        }
        case 'record':
          await this.patch(tx, fresh, { record: { ...flowData.record, [effect.key]: effect.value as Json } });
          break;
        case 'routingBehavior':
          await this.router.updatePriority(tx, fresh, effect.queuePriority, effect.queueTimeAdjustmentSeconds);
          break;
        case 'enqueue':
          await this.enqueue(tx, fresh, effect.queueId, outbox);
          break;
        case 'dequeueToQueue':
          await this.queueTransfer(tx, fresh, effect.queueId, outbox);
          return true;
        case 'invokeLambda': {
          const endpoint = this.lambdas[effect.functionArn];
          const contactId = fresh.id;
          outbox.after(async () => {
            const event = await this.lambdaEvent(contactId, effect.payload);
            const started = performance.now();
            const result = { ...(await invokeLambda(endpoint, effect, event)), durationMs: Math.round(performance.now() - started) };
            const box = await this.ctx.store.transaction(async (t2) => {
              const b = new Outbox();
              await this.deliver(t2, contactId, kind, { type: 'lambdaResult', waitId: effect.waitId, ...result }, b);
              return b;
            });
            await flushOutbox(this.ctx, box);
          });
          break;
        }
        case 'showView': {
          // The view token is the customer's key to DescribeView for this view, in this chat, while the block waits.
          const issued = await this.ctx.tokens.issue(tx, 'view', effect.viewId, fresh.id, effect.ttlSeconds * 1000);
          const system = (await tx.listParticipants(fresh.initialContactId)).find((p) => p.role === 'SYSTEM');
          const content = JSON.stringify({
            templateType: 'ViewResource', version: '1.0',
            data: { content: { viewId: effect.viewId, viewToken: issued.token, viewData: effect.viewData } },
          });
          const item = await transcript.append(tx, {
            contactId: fresh.id, initialContactId: fresh.initialContactId, type: 'MESSAGE', contentType: MessageContentType.interactive, content,
            from: system ?? { id: 'SYSTEM', displayName: 'BOT', role: 'SYSTEM' },
          });
          outbox.push({ item: toWireItem(item) });
          break;
        }
        case 'persistentAssociation':
          // Checked by the step; a request racing for the same source may still win first, which leaves this chat unlinked.
          await this.persistent.associateIn(tx, fresh.instanceId, fresh.initialContactId, effect.rehydrationType, effect.sourceContactId, outbox)
            .catch((err: unknown) => this.ctx.logger.warn({ err, contactId: fresh.id }, 'persistent association refused'));
          break;
        case 'disconnect':
          await this.lifecycle.end(tx, fresh, null, outbox);
          return true;
      }
    }
    return false;
  }

  private async patch(tx: Store, contact: ContactRecord, patch: Partial<ContactFlowData>): Promise<void> {
    await tx.updateContact(contact.id, { flow: { ...contact.flow, ...patch } });
  }

  /**
   * UpdateContact: the contact's name, description and references, which flows read as $.Name and $.Description
   * (contact data is this module's; the API writes it through here).
   */
  async updateContactData(tx: Store, contact: ContactRecord, data: Record<string, Json>): Promise<void> {
    await tx.updateContact(contact.id, { flow: { ...contact.flow, contactData: { ...contact.flow.contactData, ...data } }, lastUpdatedAt: this.ctx.clock.now() });
  }

  /** Where an agent's quick-connect transfer sends the new segment (its flow reads them as the working queue or agent). */
  async setTarget(tx: Store, contact: ContactRecord, target: { queueId: string } | { userId: string }): Promise<void> {
    await this.patch(tx, contact, 'queueId' in target ? { targetQueue: target.queueId, targetAgent: null } : { targetQueue: null, targetAgent: target.userId });
  }

  /** Amazon's Lambda event for a flow invocation: Details.ContactData and Details.Parameters. */
  private async lambdaEvent(contactId: string, parameters: Record<string, unknown>) {
    const contact = await this.ctx.store.getContact(contactId);
    return {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: contact && {
          Attributes: contact.attributes, Channel: contact.channel, ContactId: contact.id, InitialContactId: contact.initialContactId,
          PreviousContactId: contact.previousContactId, InitiationMethod: contact.initiationMethod,
          InstanceARN: `arn:aws:connect:${this.ctx.settings.arn.region}:${this.ctx.settings.arn.accountId}:instance/${contact.instanceId}`,
          CustomerId: contact.customerId, SegmentAttributes: contact.segmentAttributes,
        },
        Parameters: parameters,
      },
    };
  }
}

/**
 * A module run that returned (EndFlowModuleExecution) or failed goes back to its caller, at the Invoke module
 * block's Success or Error branch; a failure with no Error branch fails the caller in turn. Undefined when the run
 * was not in a module (or no caller can go on): the run ends as it did.
 */
function returnFromModule(run: FlowRunState, endedBy: StepResult['endedBy']): FlowRunState | undefined {
  const stack = [...(run.callStack ?? [])];
  let failed = endedBy !== 'moduleReturn';
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const resumeAt = failed ? frame.onError : frame.onReturn;
    if (resumeAt) return { ...frame.caller, actionId: resumeAt, callStack: stack.length ? stack : undefined };
    failed = true;
  }
  return undefined;
}
