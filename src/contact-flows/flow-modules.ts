// Flow modules (reusable sections a flow runs with InvokeFlowModule) and flow versions (immutable snapshots of a
// flow's content, addressed as "<flow id>:<version>"). Both are kept as instance resources; their content is the
// flow language and is validated as flows are.
import { ChatError } from '../chat/chat-errors.js';
import type { ChatContext } from '../chat/chat-context.js';
import { idFromArnOrId } from '../chat/arns.js';
import type { InstanceResources, Resource } from '../routing/instance-resources.js';
import type { FlowRecord, Store } from '../storage/store.js';
import { ContactFlows } from './contact-flows.js';

export interface FlowModuleData {
  Description?: string;
  Content: string;
  State: 'ACTIVE' | 'ARCHIVED';
  Status: 'PUBLISHED' | 'SAVED';
  Tags?: Record<string, string>;
  Settings?: string;
}

export interface FlowVersionData {
  FlowId: string;
  Version: number;
  Description?: string;
  Content: string;
}

/** The prefix of a flow run's flowId when it runs a module instead of a flow. */
export const MODULE_RUN_PREFIX = 'module:';

export class FlowModules {
  constructor(private readonly ctx: ChatContext, private readonly resources: InstanceResources, private readonly flows: ContactFlows) {}

  async create(instanceId: string, req: { name: string; description?: string; content: string; tags?: Record<string, string>; settings?: string }) {
    this.flows.validate(req.content, 'PUBLISHED');
    return this.resources.create<FlowModuleData>(this.ctx.store, instanceId, 'flow-module', req.name, {
      Description: req.description, Content: req.content, State: 'ACTIVE', Status: 'PUBLISHED', Tags: req.tags, Settings: req.settings,
    });
  }

  get(instanceId: string, idOrArn: string, store: Store = this.ctx.store): Promise<Resource<FlowModuleData>> {
    return this.resources.get<FlowModuleData>(store, instanceId, 'flow-module', idOrArn);
  }

  async list(instanceId: string, state?: string): Promise<Resource<FlowModuleData>[]> {
    return (await this.resources.list<FlowModuleData>(this.ctx.store, instanceId, 'flow-module')).filter((m) => !state || m.data.State === state);
  }

  async updateContent(instanceId: string, idOrArn: string, content: string | undefined, settings: string | undefined): Promise<void> {
    if (content !== undefined) this.flows.validate(content, 'PUBLISHED');
    await this.resources.update<FlowModuleData>(this.ctx.store, instanceId, 'flow-module', idOrArn, (m) => ({
      Content: content ?? m.data.Content, Settings: settings ?? m.data.Settings,
    }));
  }

  async updateMetadata(instanceId: string, idOrArn: string, change: { name?: string; description?: string; state?: string }): Promise<void> {
    await this.resources.update<FlowModuleData>(this.ctx.store, instanceId, 'flow-module', idOrArn, (m) => ({
      Name: change.name, Description: change.description ?? m.data.Description, State: (change.state as FlowModuleData['State']) ?? m.data.State,
    }));
  }

  async delete(instanceId: string, idOrArn: string): Promise<void> {
    await this.resources.delete(this.ctx.store, instanceId, 'flow-module', idOrArn);
  }

  // Versions of flows ------------------------------------------------------------------------------------------------
  /** Snapshots the flow's content as its next version (1, 2, …). */
  async createVersion(instanceId: string, flowIdOrArn: string, description?: string): Promise<{ flow: FlowRecord; version: number }> {
    const flow = await this.flows.get(instanceId, flowIdOrArn);
    const version = Math.max(0, ...(await this.versions(instanceId, flow.id)).map((v) => v.data.Version)) + 1;
    await this.resources.create<FlowVersionData>(this.ctx.store, instanceId, 'flow-version', `${flow.id}:${version}`,
      { FlowId: flow.id, Version: version, Description: description, Content: flow.content }, `${flow.id}:${version}`);
    return { flow, version };
  }

  async versions(instanceId: string, flowId: string): Promise<Resource<FlowVersionData>[]> {
    return (await this.resources.list<FlowVersionData>(this.ctx.store, instanceId, 'flow-version'))
      .filter((v) => v.data.FlowId === flowId).sort((a, b) => a.data.Version - b.data.Version);
  }

  async deleteVersion(instanceId: string, flowIdOrArn: string, version: number): Promise<void> {
    const flow = await this.flows.get(instanceId, flowIdOrArn);
    await this.resources.delete(this.ctx.store, instanceId, 'flow-version', `${flow.id}:${version}`);
  }

  /** A flow, or one version of it when the id (or the ARN's last part) is "<flow id>:<version>". */
  async flowOrVersion(instanceId: string, idOrArn: string): Promise<FlowRecord> {
    const id = idFromArnOrId(idOrArn);
    const [flowId, version] = id.split(':');
    if (version === undefined) return this.flows.get(instanceId, id);
    const flow = await this.flows.get(instanceId, flowId!);
    const v = await this.resources.find<FlowVersionData>(this.ctx.store, instanceId, 'flow-version', id);
    if (!v) throw new ChatError('NotFound', `Version ${version} of contact flow ${flowId} not found.`, { resourceId: idOrArn, resourceType: 'CONTACT_FLOW' });
    return { ...flow, arn: `${flow.arn}:${v.data.Version}`, content: v.data.Content, description: v.data.Description ?? flow.description };
  }
}
