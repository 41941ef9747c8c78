// Connect operations on contact flows, thin over contact-flows/contact-flows.ts.
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import type { Instances } from '../../chat/instances.js';
import { ContactFlows } from '../../contact-flows/contact-flows.js';
import type { FlowRecord } from '../../storage/store.js';
import { paginate } from './pagination.js';

type Ctx = OperationContext;

export class FlowOperations {
  constructor(private readonly instances: Instances, private readonly flows: ContactFlows) {}

  async CreateContactFlow(input: C.CreateContactFlowRequest, _ctx: Ctx): Promise<C.CreateContactFlowResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const flow = await this.flows.create(instance.id, {
      name: input.Name!, type: input.Type!, description: input.Description, content: input.Content!, status: input.Status,
    });
    return { ContactFlowId: flow.id, ContactFlowArn: flow.arn, FlowContentSha256: ContactFlows.sha256(flow.content) };
  }

  async DescribeContactFlow(input: C.DescribeContactFlowRequest, _ctx: Ctx): Promise<C.DescribeContactFlowResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    return { ContactFlow: describe(await this.flows.get(instance.id, input.ContactFlowId!)) };
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
