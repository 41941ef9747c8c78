// What a flow step may read: the contact's data ($.Attributes, $.External, $.Queue…) and read-only answers
// about hours, queues, agents, flows and queue metrics, all from the store inside the caller's transaction.
import { randomUUID } from 'node:crypto';
import type { ChatContext } from '../chat/chat-context.js';
import type { InstanceResources } from '../routing/instance-resources.js';
import { isOpen } from '../routing/hours-of-operation.js';
import { flowMetric, queueMetrics } from '../routing/queue-metrics.js';
import type { HoursOfOperationData, QueueData, UserData } from '../routing/resource-types.js';
import { type ArnContext, arns, idFromArnOrId } from '../chat/arns.js';
import type { ContactRecord, Store } from '../storage/store.js';
import type { FlowData, FlowEnvironment } from './flow-types.js';
import type { PersistentChats } from '../chat/persistent-chat.js';

export async function buildFlowData(tx: Store, resources: InstanceResources, contact: ContactRecord, arn: ArnContext): Promise<FlowData> {
  const { contactData, targetQueue, targetAgent } = contact.flow;
  const queue = targetQueue ? await resources.find<QueueData>(tx, contact.instanceId, 'queue', targetQueue) : undefined;
  const agent = targetAgent ? await resources.find<UserData>(tx, contact.instanceId, 'user', targetAgent) : undefined;
  const related = contact.relatedContactId ? await tx.getContact(contact.relatedContactId) : undefined;
  return {
    instanceId: contact.instanceId,
    instanceArn: arns.instance(arn, contact.instanceId),
    contactId: contact.id,
    initialContactId: contact.initialContactId,
    channel: contact.channel,
    initiationMethod: contact.initiationMethod,
    name: contactData.Name as string | undefined,
    description: contactData.Description as string | undefined,
    languageCode: contactData.LanguageCode as string | undefined,
    customerId: contact.customerId ?? undefined,
    attributes: { ...contact.attributes },
    relatedAttributes: related ? { ...related.attributes } : undefined,
    external: { ...((contactData.external as Record<string, string>) ?? {}) },
    lex: { slots: {}, sessionAttributes: {} },
    storedCustomerInput: contactData.storedCustomerInput as string | undefined,
    queue: queue && { id: queue.id, arn: queue.arn, name: queue.name },
    agent: agent && { id: agent.id, arn: agent.arn, username: agent.data.Username },
    segmentAttributes: (contact.segmentAttributes ?? {}) as Record<string, unknown>,
    views: { action: (contactData.views as { action?: string } | undefined)?.action, resultData: { ...((contactData.views as { resultData?: Record<string, string> } | undefined)?.resultData ?? {}) } },
    supportsInteractive: contact.supportedContentTypes.includes('application/vnd.amazonaws.connect.message.interactive'),
    activeBots: (await tx.listParticipants(contact.initialContactId)).filter((p) => p.role === 'CUSTOM_BOT' && p.state === 'JOINED').length,
  };
}

export class FlowEnvironmentImpl implements FlowEnvironment {
  constructor(
    private readonly tx: Store,
    private readonly ctx: ChatContext,
    private readonly resources: InstanceResources,
    private readonly contact: ContactRecord,
    private readonly persistent: PersistentChats,
  ) {}

  now(): number {
    return this.ctx.clock.now();
  }

  random(): number {
    return Math.random();
  }

  newId(): string {
    return randomUUID();
  }

  async hoursOpen(hoursIdOrArn: string | undefined, data: FlowData): Promise<boolean | undefined> {
    let ref = hoursIdOrArn;
    if (!ref) {
      if (!data.queue) return undefined;
      const queue = await this.resources.find<QueueData>(this.tx, this.contact.instanceId, 'queue', data.queue.id);
      ref = queue?.data.HoursOfOperationId;
    }
    if (!ref) return undefined;
    const hours = await this.resources.find<HoursOfOperationData>(this.tx, this.contact.instanceId, 'hours-of-operation', ref);
    return hours ? isOpen(hours.data, this.now()) : undefined;
  }

  async queue(idOrArn: string) {
    const q = await this.resources.find<QueueData>(this.tx, this.contact.instanceId, 'queue', idOrArn);
    if (!q || q.data.Status === 'DISABLED') return undefined;
    const waiting = q.data.MaxContacts ? (await this.tx.listContactRoutingInQueue(this.contact.instanceId, q.id)).length : 0;
    return { id: q.id, arn: q.arn, name: q.name, atCapacity: !!q.data.MaxContacts && waiting >= q.data.MaxContacts };
  }

  async agent(idOrArn: string) {
    const u = await this.resources.find<UserData>(this.tx, this.contact.instanceId, 'user', idOrArn);
    return u && { id: u.id, arn: u.arn, username: u.data.Username };
  }

  async flow(idOrArn: string) {
    const f = await this.tx.getFlow(this.contact.instanceId, idFromArnOrId(idOrArn));
    return f && { id: f.id };
  }

  async flowModule(idOrArn: string) {
    const m = await this.resources.find<{ State: string }>(this.tx, this.contact.instanceId, 'flow-module', idOrArn);
    return m && m.data.State === 'ACTIVE' ? { id: m.id } : undefined;
  }

  async view(idOrArn: string) {
    const v = await this.resources.find(this.tx, this.contact.instanceId, 'view', idOrArn);
    return v && { id: v.id };
  }

  async persistentSource(type: 'ENTIRE_PAST_SESSION' | 'FROM_SEGMENT', sourceContactId: string): Promise<string | undefined> {
    try {
      const from = await this.persistent.resolveSource(this.tx, this.contact.instanceId, type, sourceContactId);
      if (from.initialContactId === this.contact.initialContactId) return undefined;
      if (await this.tx.getPersistentLinkForChat(this.contact.initialContactId)) return undefined;
      if (await this.tx.getPersistentLinkFrom(from.id)) return undefined;
      return from.id;
    } catch {
      return undefined;
    }
  }

  async metric(queueId: string, metric: string): Promise<number | undefined> {
    return flowMetric(await queueMetrics(this.tx, this.resources, this.contact.instanceId, queueId, this.now()), metric);
  }
}
