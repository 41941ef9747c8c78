// Connect operations on contact flows, their versions and flow modules, thin over contact-flows/contact-flows.ts and
// contact-flows/flow-modules.ts.
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import type { Instances } from '../../chat/instances.js';
import { ChatError } from '../../chat/chat-errors.js';
import { ContactFlows } from '../../contact-flows/contact-flows.js';
import type { FlowModules } from '../../contact-flows/flow-modules.js';
import type { FlowRecord } from '../../storage/store.js';
import { paginate } from './pagination.js';

type Ctx = OperationContext;

export class FlowOperations {
  constructor(private readonly instances: Instances, private readonly flows: ContactFlows, private readonly modules: FlowModules) {}

  async CreateContactFlow(input: C.CreateContactFlowRequest, _ctx: Ctx): Promise<C.CreateContactFlowResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const flow = await this.flows.create(instance.id, {
      name: input.Name!, type: input.Type!, description: input.Description, content: input.Content!, status: input.Status,
    });
    return { ContactFlowId: flow.id, ContactFlowArn: flow.arn, FlowContentSha256: ContactFlows.sha256(flow.content) };
  }

  async DescribeContactFlow(input: C.DescribeContactFlowRequest, _ctx: Ctx): Promise<C.DescribeContactFlowResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    // "<flow id>:<version>" (or a version's ARN) describes that version.
    return { ContactFlow: describe(await this.modules.flowOrVersion(instance.id, input.ContactFlowId!)) };
  }

  async ListContactFlows(input: C.ListContactFlowsRequest, _ctx: Ctx): Promise<C.ListContactFlowsResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const { page, next } = paginate(await this.flows.list(instance.id, input.ContactFlowTypes), input.MaxResults ?? 100, input.NextToken);
    return {
      ContactFlowSummaryList: page.map((f) => ({
        Id: f.id, Arn: f.arn, Name: f.name, ContactFlowType: f.type as C.ContactFlowType,
        ContactFlowState: f.state as C.ContactFlowState, ContactFlowStatus: f.status as C.ContactFlowStatus,
      })),
      NextToken: next,
    };
  }

  async UpdateContactFlowContent(input: C.UpdateContactFlowContentRequest, _ctx: Ctx): Promise<C.UpdateContactFlowContentResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    await this.flows.updateContent(instance.id, input.ContactFlowId!, input.Content!);
    return {};
  }

  async UpdateContactFlowMetadata(input: C.UpdateContactFlowMetadataRequest, _ctx: Ctx): Promise<C.UpdateContactFlowMetadataResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    await this.flows.updateMetadata(instance.id, input.ContactFlowId!, { name: input.Name, description: input.Description, state: input.ContactFlowState });
    return {};
  }

  async UpdateContactFlowName(input: C.UpdateContactFlowNameRequest, _ctx: Ctx): Promise<C.UpdateContactFlowNameResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    await this.flows.updateMetadata(instance.id, input.ContactFlowId!, { name: input.Name, description: input.Description });
    return {};
  }

  async CreateContactFlowVersion(input: C.CreateContactFlowVersionRequest, _ctx: Ctx): Promise<C.CreateContactFlowVersionResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const current = await this.flows.get(instance.id, input.ContactFlowId!);
    // FlowContentSha256 guards against versioning content other than what the caller last read.
    if (input.FlowContentSha256 && input.FlowContentSha256 !== ContactFlows.sha256(current.content)) {
      throw new ChatError('InvalidRequest', 'FlowContentSha256 does not match the flow\'s current content.');
    }
    const { flow, version } = await this.modules.createVersion(instance.id, current.id, input.Description);
    return { ContactFlowArn: `${flow.arn}:${version}`, Version: version };
  }

  async ListContactFlowVersions(input: C.ListContactFlowVersionsRequest, _ctx: Ctx): Promise<C.ListContactFlowVersionsResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const flow = await this.flows.get(instance.id, input.ContactFlowId!);
    const { page, next } = paginate(await this.modules.versions(instance.id, flow.id), input.MaxResults ?? 100, input.NextToken);
    return { ContactFlowVersionSummaryList: page.map((v) => ({ Arn: v.arn, Version: v.data.Version, VersionDescription: v.data.Description })), NextToken: next };
  }

  async DeleteContactFlowVersion(input: C.DeleteContactFlowVersionRequest, _ctx: Ctx): Promise<C.DeleteContactFlowVersionResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    await this.modules.deleteVersion(instance.id, input.ContactFlowId!, input.ContactFlowVersion!);
    return {};
  }

  // Flow modules ---------------------------------------------------------------------------------------------------
  async CreateContactFlowModule(input: C.CreateContactFlowModuleRequest, _ctx: Ctx): Promise<C.CreateContactFlowModuleResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const m = await this.modules.create(instance.id, { name: input.Name!, description: input.Description, content: input.Content!, tags: input.Tags, settings: input.Settings });
    return { Id: m.id, Arn: m.arn };
  }

  async DescribeContactFlowModule(input: C.DescribeContactFlowModuleRequest, _ctx: Ctx): Promise<C.DescribeContactFlowModuleResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const m = await this.modules.get(instance.id, input.ContactFlowModuleId!);
    return {
      ContactFlowModule: {
        Arn: m.arn, Id: m.id, Name: m.name, Content: m.data.Content, Description: m.data.Description, State: m.data.State, Status: m.data.Status,
        Tags: m.data.Tags, Settings: m.data.Settings, FlowModuleContentSha256: ContactFlows.sha256(m.data.Content),
      },
    };
  }

  async ListContactFlowModules(input: C.ListContactFlowModulesRequest, _ctx: Ctx): Promise<C.ListContactFlowModulesResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const { page, next } = paginate(await this.modules.list(instance.id, input.ContactFlowModuleState), input.MaxResults ?? 100, input.NextToken);
    return { ContactFlowModulesSummaryList: page.map((m) => ({ Id: m.id, Arn: m.arn, Name: m.name, State: m.data.State })), NextToken: next };
  }

  async UpdateContactFlowModuleContent(input: C.UpdateContactFlowModuleContentRequest, _ctx: Ctx): Promise<C.UpdateContactFlowModuleContentResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    await this.modules.updateContent(instance.id, input.ContactFlowModuleId!, input.Content, input.Settings);
    return {};
  }

  async UpdateContactFlowModuleMetadata(input: C.UpdateContactFlowModuleMetadataRequest, _ctx: Ctx): Promise<C.UpdateContactFlowModuleMetadataResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    await this.modules.updateMetadata(instance.id, input.ContactFlowModuleId!, { name: input.Name, description: input.Description, state: input.State });
    return {};
  }

  async DeleteContactFlowModule(input: C.DeleteContactFlowModuleRequest, _ctx: Ctx): Promise<C.DeleteContactFlowModuleResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    await this.modules.delete(instance.id, input.ContactFlowModuleId!);
    return {};
  }

  async DeleteContactFlow(input: C.DeleteContactFlowRequest, _ctx: Ctx): Promise<C.DeleteContactFlowResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    await this.flows.delete(instance.id, input.ContactFlowId!);
    return {};
  }
}

function describe(f: FlowRecord): C.ContactFlow {
  return {
    Arn: f.arn, Id: f.id, Name: f.name, Type: f.type as C.ContactFlowType, State: f.state as C.ContactFlowState,
    Status: f.status as C.ContactFlowStatus, Description: f.description ?? undefined, Content: f.content,
    FlowContentSha256: ContactFlows.sha256(f.content), LastModifiedTime: new Date(f.updatedAt),
  };
}
