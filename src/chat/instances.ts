// Amazon Connect instances: create, describe, list, delete, and the resources Amazon gives every new
// instance (BasicQueue, Basic Routing Profile, Basic Hours running 24x7, sample flows) so a chat can be
// started at once.
import { randomUUID } from 'node:crypto';
import { sampleCustomerQueueFlow, sampleDisconnectFlow, sampleInboundChatFlow, sampleTransferFlow } from '../contact-flows/sample-flows.js';
import { type FlowRecord, type InstanceRecord, type Json, type Store, UniqueViolation } from '../storage/store.js';
import { arns, idFromArnOrId } from './arns.js';
import { ChatError } from './chat-errors.js';
import type { ChatContext } from './chat-context.js';
import { recordIdempotent, replayFor, requestHash, withIdempotencyRace } from './idempotency.js';

export interface CreateInstanceRequest {
  identityManagementType: string;
  alias?: string;
  inboundCallsEnabled: boolean;
  outboundCallsEnabled: boolean;
  tags?: Record<string, string>;
  clientToken?: string;
}

export interface InstanceDefaults {
  inboundFlowId: string;
  disconnectFlowId: string;
  customerQueueFlowId: string;
  agentTransferFlowId: string;
  queueTransferFlowId: string;
  basicQueueId: string;
  basicHoursId: string;
  basicRoutingProfileId: string;
}

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

export class Instances {
  constructor(private readonly ctx: ChatContext) {}

  async create(req: CreateInstanceRequest): Promise<{ id: string; arn: string }> {
    const { store, clock } = this.ctx;
    const hash = requestHash({ ...req, clientToken: undefined });
    const replay = await replayFor<{ id: string; arn: string }>(store, 'CreateInstance', req.clientToken, hash);
    if (replay) return replay;
    if (req.alias && (await store.listInstances()).some((i) => i.alias === req.alias)) {
      throw new ChatError('InvalidRequest', `An instance with the alias ${req.alias} already exists.`);
    }
    const id = randomUUID();
    const instance: InstanceRecord = {
      id,
      arn: arns.instance(this.ctx.settings.arn, id),
      alias: req.alias ?? null,
      identityManagementType: req.identityManagementType,
      status: 'ACTIVE',
      inboundCallsEnabled: req.inboundCallsEnabled,
      outboundCallsEnabled: req.outboundCallsEnabled,
      createdAt: clock.now(),
      tags: req.tags ?? {},
    };
    try {
      return await withIdempotencyRace(
        () => store.transaction(async (tx) => {
          await tx.insertInstance(instance);
          await this.seedDefaults(tx, instance);
          if (req.clientToken) {
            await recordIdempotent(tx, 'CreateInstance', req.clientToken, hash, { id, arn: instance.arn }, clock.now());
          }
          return { id, arn: instance.arn };
        }),
        async (winner: { id: string; arn: string }) => winner,
      );
    } catch (err) {
      if (!(err instanceof UniqueViolation)) throw err;
      // The alias's unique index: a racing request with the same ClientToken (two nodes starting together) won and
      // committed first, so its answer is replayed; any other request is refused.
      const winner = await replayFor<{ id: string; arn: string }>(store, 'CreateInstance', req.clientToken, hash);
      if (winner) return winner;
      throw new ChatError('InvalidRequest', `An instance with the alias ${req.alias} already exists.`);
    }
  }

  /** Resolves an "ID or ARN" instance reference, or ResourceNotFound. */
  async get(idOrArn: string, store: Store = this.ctx.store): Promise<InstanceRecord> {
    const instance = await store.getInstance(idFromArnOrId(idOrArn));
    if (!instance) {
      throw new ChatError('NotFound', `Instance ${idOrArn} not found.`, { resourceId: idOrArn, resourceType: 'INSTANCE' });
    }
    return instance;
  }

  async setTags(idOrArn: string, change: (tags: Record<string, string>) => Record<string, string>): Promise<void> {
    await this.ctx.store.transaction(async (tx) => {
      await tx.lockInstance(idFromArnOrId(idOrArn));
      const instance = await this.get(idOrArn, tx);
      await tx.updateInstanceTags(instance.id, change(instance.tags ?? {}));
    });
  }

  list(): Promise<InstanceRecord[]> {
    return this.ctx.store.listInstances();
  }

  async delete(idOrArn: string): Promise<void> {
    const instance = await this.get(idOrArn);
    await this.ctx.store.deleteInstance(instance.id);
  }

  /** The ids of the default resources seeded into an instance (for the start-up banner and tests). */
  async defaults(instanceId: string): Promise<InstanceDefaults> {
    const flows = await this.ctx.store.listFlows(instanceId);
    const queues = await this.ctx.store.listResources(instanceId, 'queue');
    const byName = (name: string) => flows.find((f) => f.name === name)?.id ?? '';
    const first = async (kind: string, name: string) => (await this.ctx.store.listResources(instanceId, kind)).find((r) => r.name === name)?.id ?? '';
    return {
      inboundFlowId: byName('Sample inbound chat flow'),
      disconnectFlowId: byName('Sample disconnect flow'),
      customerQueueFlowId: byName('Default customer queue'),
      agentTransferFlowId: byName('Default agent transfer'),
      queueTransferFlowId: byName('Default queue transfer'),
      basicQueueId: queues.find((q) => q.name === 'BasicQueue')?.id ?? '',
      basicHoursId: await first('hours-of-operation', 'Basic Hours'),
      basicRoutingProfileId: await first('routing-profile', 'Basic Routing Profile'),
    };
  }

  private async seedDefaults(tx: Store, instance: InstanceRecord): Promise<void> {
    const arn = this.ctx.settings.arn;
    const now = this.ctx.clock.now();
    const [hoursId, queueId, profileId, quickConnectId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const queueArn = arns.child(arn, instance.id, 'queue', queueId);
    const resource = (kind: string, id: string, arnKind: string, name: string, data: Json) =>
      tx.insertResource({ instanceId: instance.id, kind, id, arn: arns.child(arn, instance.id, arnKind, id), name, data: { ...(data as object), LastModifiedTime: now } });
    await resource('hours-of-operation', hoursId, 'operating-hours', 'Basic Hours', {
      Description: 'Open all day, every day', TimeZone: 'UTC',
      Config: DAYS.map((Day) => ({ Day, StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } })),
    });
    await resource('queue', queueId, 'queue', 'BasicQueue', { Description: 'The default queue', HoursOfOperationId: hoursId, Status: 'ENABLED', QueueType: 'STANDARD', QuickConnectIds: [quickConnectId] });
    await resource('routing-profile', profileId, 'routing-profile', 'Basic Routing Profile', {
      Description: 'The default routing profile', DefaultOutboundQueueId: queueId,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }],
      QueueConfigs: [{ QueueReference: { QueueId: queueId, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
    });
    for (const [name, type, order] of [['Available', 'ROUTABLE', 1], ['Offline', 'OFFLINE', 2]] as const) {
      await resource('agent-status', randomUUID(), 'agent-state', name, { Description: name, Type: type, State: 'ENABLED', DisplayOrder: order });
    }
    const flow = (name: string, type: string, content: object): FlowRecord => {
      const id = randomUUID();
      return {
        id, instanceId: instance.id, arn: arns.child(arn, instance.id, 'contact-flow', id), name, type,
        state: 'ACTIVE', status: 'PUBLISHED', description: null, content: JSON.stringify(content), createdAt: now, updatedAt: now,
      };
    };
    const disconnect = flow('Sample disconnect flow', 'CONTACT_FLOW', sampleDisconnectFlow());
    const queueTransfer = flow('Default queue transfer', 'QUEUE_TRANSFER', sampleTransferFlow('Default queue transfer'));
    for (const f of [
      disconnect,
      flow('Sample inbound chat flow', 'CONTACT_FLOW', sampleInboundChatFlow({ disconnectFlowArn: disconnect.arn, basicQueueArn: queueArn })),
      flow('Default customer queue', 'CUSTOMER_QUEUE', sampleCustomerQueueFlow()),
      flow('Default agent transfer', 'AGENT_TRANSFER', sampleTransferFlow('Default agent transfer')),
      queueTransfer,
    ]) await tx.insertFlow(f);
    // An agent's transfer menu lists the quick connects of their queues; a new instance offers one from the start:
    // back to BasicQueue, for another agent to take.
    await resource('quick-connect', quickConnectId, 'transfer-destination', 'BasicQueue', {
      Description: 'Transfer to BasicQueue', QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: queueId, ContactFlowId: queueTransfer.id } },
    });
  }
}
