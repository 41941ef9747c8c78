// Flows as Amazon stores them: create, describe, list, update content/metadata/name, delete. PUBLISHED content
// is validated (every problem reported at once); SAVED content is stored unchecked, as the API reference says.
// The console's legacy export format is refused whatever the status.
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { ChatContext } from '../chat/chat-context.js';
import { arns, idFromArnOrId } from '../chat/arns.js';
import { ChatError } from '../chat/chat-errors.js';
import { type FlowRecord, UniqueViolation } from '../storage/store.js';
import { checkFlow } from './flow-checks.js';
import { FlowFormatError, parseFlowDocument } from './flow-definition.js';

export interface NewFlow {
  name: string;
  type: string;
  description?: string;
  content: string;
  status?: 'PUBLISHED' | 'SAVED';
}

export class ContactFlows {
  constructor(private readonly ctx: ChatContext) {}

  async create(instanceId: string, req: NewFlow): Promise<FlowRecord> {
    const status = req.status ?? 'PUBLISHED';
    // Amazon's documented bounds (also in the model overlay, aws-protocol/documented-limits.ts), kept here for
    // callers that do not come through the Connect API (the admin console's upload).
    if (!req.name || req.name.length > 127) throw new ChatError('InvalidParameter', 'The flow name must be 1 to 127 characters.');
    if (req.content.length > 256_000) throw new ChatError('InvalidParameter', 'The flow content must be at most 256,000 characters.');
    this.validate(req.content, status);
    const { store, clock, settings } = this.ctx;
    if (await store.getFlowByName(instanceId, req.name)) {
      throw new ChatError('Duplicate', `A flow named ${req.name} already exists.`);
    }
    const id = randomUUID();
    const now = clock.now();
    const flow: FlowRecord = {
      id, instanceId, arn: arns.child(settings.arn, instanceId, 'contact-flow', id), name: req.name, type: req.type,
      state: 'ACTIVE', status, description: req.description ?? null, content: req.content, createdAt: now, updatedAt: now,
    };
    await store.insertFlow(flow).catch((err: unknown) => {
      throw err instanceof UniqueViolation ? new ChatError('Duplicate', `A flow named ${req.name} already exists.`) : err;
    });
    return flow;
  }

  async get(instanceId: string, idOrArn: string): Promise<FlowRecord> {
    const flow = await this.ctx.store.getFlow(instanceId, idFromArnOrId(idOrArn));
    if (!flow) throw new ChatError('NotFound', `Contact flow ${idOrArn} not found.`, { resourceId: idOrArn, resourceType: 'CONTACT_FLOW' });
    return flow;
  }

  async list(instanceId: string, types?: string[]): Promise<FlowRecord[]> {
    const flows = await this.ctx.store.listFlows(instanceId);
    return types?.length ? flows.filter((f) => types.includes(f.type)) : flows;
  }

  async updateContent(instanceId: string, idOrArn: string, content: string): Promise<void> {
    const flow = await this.get(instanceId, idOrArn);
    this.validate(content, flow.status as 'PUBLISHED' | 'SAVED');
    await this.ctx.store.updateFlow({ ...flow, content, updatedAt: this.ctx.clock.now() });
  }

  async updateMetadata(instanceId: string, idOrArn: string, change: { name?: string; description?: string; state?: string }): Promise<void> {
    const flow = await this.get(instanceId, idOrArn);
    if (change.name && change.name !== flow.name && (await this.ctx.store.getFlowByName(instanceId, change.name))) {
      throw new ChatError('Duplicate', `A flow named ${change.name} already exists.`);
    }
    await this.ctx.store.updateFlow({
      ...flow, name: change.name ?? flow.name, description: change.description ?? flow.description, state: change.state ?? flow.state,
      updatedAt: this.ctx.clock.now(),
    }).catch((err: unknown) => {
      throw err instanceof UniqueViolation ? new ChatError('Duplicate', `A flow named ${change.name} already exists.`) : err;
    });
  }

  async delete(instanceId: string, idOrArn: string): Promise<void> {
    const flow = await this.get(instanceId, idOrArn);
    await this.ctx.store.deleteFlow(instanceId, flow.id);
  }

  static sha256(content: string): string {
    return createHash('sha256').update(content).digest('hex');
  }

  /** Checks flow-language content as CreateContactFlow does for that status (also used for flow modules). */
  validate(content: string, status: 'PUBLISHED' | 'SAVED'): void {
    let problems: string[];
    try {
      const doc = parseFlowDocument(content);
      problems = status === 'PUBLISHED' ? checkFlow(doc) : [];
    } catch (err) {
      if (!(err instanceof FlowFormatError)) throw err;
      const legacy = err.problems.some((p) => p.includes('legacy export format'));
      if (status === 'SAVED' && !legacy) return;
      problems = err.problems;
    }
    if (problems.length) {
      throw new ChatError('InvalidFlow', `The flow content is not valid: ${problems.length} problem${problems.length === 1 ? '' : 's'}. ${problems.join(' ')}`, { problems });
    }
  }
}
