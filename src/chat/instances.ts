// Amazon Connect instances: create, describe, list, delete, and the resources Amazon gives every new
// instance (BasicQueue, Basic Routing Profile, Basic Hours running 24x7, sample flows) so a chat can be
// started at once.
import { randomUUID } from 'node:crypto';
import { sampleDisconnectFlow, sampleInboundChatFlow } from '../contact-flows/sample-flows.js';
import type { FlowRecord, InstanceRecord, Store } from '../storage/store.js';
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
  basicQueueId: string;
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
    return withIdempotencyRace(
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
  }

  /** Resolves an "ID or ARN" instance reference, or ResourceNotFound. */
  async get(idOrArn: string): Promise<InstanceRecord> {
    const instance = await this.ctx.store.getInstance(idFromArnOrId(idOrArn));
    if (!instance) {
      throw new ChatError('NotFound', `Instance ${idOrArn} not found.`, { resourceId: idOrArn, resourceType: 'INSTANCE' });
    }
    return instance;
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
    return {
      inboundFlowId: byName('Sample inbound chat flow'),
      disconnectFlowId: byName('Sample disconnect flow'),
      basicQueueId: queues.find((q) => q.name === 'BasicQueue')?.id ?? '',
    };
  }

  private async seedDefaults(tx: Store, instance: InstanceRecord): Promise<void> {
    const arn = this.ctx.settings.arn;
    const now = this.ctx.clock.now();
    const hoursId = randomUUID();
    const queueId = randomUUID();
    const profileId = randomUUID();
    const inboundId = randomUUID();
    const disconnectId = randomUUID();
    const queueArn = arns.child(arn, instance.id, 'queue', queueId);
    const hoursArn = arns.child(arn, instance.id, 'operating-hours', hoursId);
    await tx.insertResource({
      instanceId: instance.id, kind: 'hours-of-operation', id: hoursId, arn: hoursArn, name: 'Basic Hours',
      data: {
        TimeZone: 'UTC',
        Config: DAYS.map((Day) => ({ Day, StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } })),
      },
    });
    await tx.insertResource({
      instanceId: instance.id, kind: 'queue', id: queueId, arn: queueArn, name: 'BasicQueue',
      data: { HoursOfOperationId: hoursId, Status: 'ENABLED', QueueType: 'STANDARD' },
    });
    await tx.insertResource({
      instanceId: instance.id, kind: 'routing-profile', id: profileId,
      arn: arns.child(arn, instance.id, 'routing-profile', profileId), name: 'Basic Routing Profile',
      data: {
        DefaultOutboundQueueId: queueId,
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }],
        Queues: [{ QueueId: queueId, Channel: 'CHAT', Priority: 1, Delay: 0 }],
      },
    });
    const flow = (id: string, name: string, type: string, content: object): FlowRecord => ({
      id, instanceId: instance.id, arn: arns.child(arn, instance.id, 'contact-flow', id), name, type,
      state: 'ACTIVE', status: 'PUBLISHED', description: null, content: JSON.stringify(content), createdAt: now, updatedAt: now,
    });
    const disconnect = flow(disconnectId, 'Sample disconnect flow', 'CONTACT_FLOW', sampleDisconnectFlow());
    await tx.insertFlow(disconnect);
    await tx.insertFlow(flow(inboundId, 'Sample inbound chat flow', 'CONTACT_FLOW', sampleInboundChatFlow({
      inboundFlowArn: arns.child(arn, instance.id, 'contact-flow', inboundId),
      disconnectFlowArn: disconnect.arn,
      basicQueueArn: queueArn,
    })));
  }
}
