// Named resources of an instance — queues, hours of operation, routing profiles, users, quick connects, agent
// statuses — kept as JSON documents shaped like their Connect API descriptions, addressed by id or ARN.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { type ArnContext, arns, idFromArnOrId } from '../chat/arns.js';
import { ChatError } from '../chat/chat-errors.js';
import { type InstanceResourceRecord, type Json, type Store, UniqueViolation } from '../storage/store.js';

export type ResourceKind = 'queue' | 'hours-of-operation' | 'routing-profile' | 'user' | 'quick-connect' | 'agent-status' | 'view' | 'widget'
  | 'flow-module' | 'flow-version' | 'quick-response';

/** The ARN path segment Amazon uses for each kind. */
const ARN_SEGMENT: Record<ResourceKind, string> = {
  queue: 'queue',
  'hours-of-operation': 'operating-hours',
  'routing-profile': 'routing-profile',
  user: 'agent',
  'quick-connect': 'transfer-destination',
  'agent-status': 'agent-state',
  view: 'view',
  widget: 'widget',
  'flow-module': 'flow-module',
  // A flow version's ARN is its flow's ARN with ":<version>" (the resource id is "<flow id>:<version>").
  'flow-version': 'contact-flow',
  'quick-response': 'quick-response',
};

const LABEL: Record<ResourceKind, string> = {
  queue: 'Queue', 'hours-of-operation': 'Hours of operation', 'routing-profile': 'Routing profile', user: 'User',
  'quick-connect': 'Quick connect', 'agent-status': 'Agent status', view: 'View', widget: 'Widget',
  'flow-module': 'Flow module', 'flow-version': 'Flow version', 'quick-response': 'Quick response',
};

/** The kind of resource an ARN segment names (…/instance/<id>/<segment>/<id>), if it is one kept here. */
export function kindOfArnSegment(segment: string): ResourceKind | undefined {
  return (Object.keys(ARN_SEGMENT) as ResourceKind[]).find((k) => ARN_SEGMENT[k] === segment);
}

export interface Resource<T> {
  id: string;
  arn: string;
  name: string;
  data: T;
}

export class InstanceResources {
  constructor(private readonly arnContext: ArnContext, private readonly clock: Clock) {}

  async create<T>(store: Store, instanceId: string, kind: ResourceKind, name: string, data: T, id: string = randomUUID()): Promise<Resource<T>> {
    const existing = await store.listResources(instanceId, kind);
    if (existing.some((r) => r.name === name)) {
      throw new ChatError('Duplicate', `${LABEL[kind]} with the name ${name} already exists.`);
    }
    const record: InstanceResourceRecord = {
      instanceId, kind, id, arn: arns.child(this.arnContext, instanceId, ARN_SEGMENT[kind], id), name,
      data: { ...(data as object), LastModifiedTime: this.clock.now() } as Json,
    };
    await store.insertResource(record).catch((err: unknown) => {
      throw err instanceof UniqueViolation ? new ChatError('Duplicate', `${LABEL[kind]} with the name ${name} already exists.`) : err;
    });
    return { id, arn: record.arn, name, data: record.data as T };
  }

  async find<T>(store: Store, instanceId: string, kind: ResourceKind, idOrArn: string): Promise<Resource<T> | undefined> {
    const r = await store.getResource(instanceId, kind, idFromArnOrId(idOrArn));
    return r && { id: r.id, arn: r.arn, name: r.name, data: r.data as T };
  }

  async get<T>(store: Store, instanceId: string, kind: ResourceKind, idOrArn: string): Promise<Resource<T>> {
    const found = await this.find<T>(store, instanceId, kind, idOrArn);
    if (!found) throw new ChatError('NotFound', `${LABEL[kind]} ${idOrArn} not found.`, { resourceId: idOrArn, resourceType: kind });
    return found;
  }

  async list<T>(store: Store, instanceId: string, kind: ResourceKind): Promise<Resource<T>[]> {
    return (await store.listResources(instanceId, kind)).map((r) => ({ id: r.id, arn: r.arn, name: r.name, data: r.data as T }));
  }

  async update<T>(store: Store, instanceId: string, kind: ResourceKind, idOrArn: string, change: (current: Resource<T>) => Partial<T> & { Name?: string }): Promise<Resource<T>> {
    const current = await this.get<T>(store, instanceId, kind, idOrArn);
    const { Name, ...patch } = change(current);
    const next = { ...current, name: Name ?? current.name, data: { ...current.data, ...patch, LastModifiedTime: this.clock.now() } as T };
    await store.updateResource({ instanceId, kind, id: current.id, arn: current.arn, name: next.name, data: next.data as Json }).catch((err: unknown) => {
      throw err instanceof UniqueViolation ? new ChatError('Duplicate', `${LABEL[kind]} with the name ${next.name} already exists.`) : err;
    });
    return next;
  }

  async delete(store: Store, instanceId: string, kind: ResourceKind, idOrArn: string): Promise<void> {
    const current = await this.get(store, instanceId, kind, idOrArn);
    await store.deleteResource(instanceId, kind, current.id);
  }
}
