// Connect operations on views (CreateView, DescribeView, ListViews): the UI definitions ShowView presents to a
// customer, stored as instance resources.
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import type { ChatContext } from '../../chat/chat-context.js';
import type { Instances } from '../../chat/instances.js';
import type { InstanceResources, Resource } from '../../routing/instance-resources.js';
import { paginate } from './pagination.js';

type Ctx = OperationContext;

export interface ViewData {
  Status: 'PUBLISHED' | 'SAVED';
  Description?: string;
  Content: { Template?: string; Actions?: string[]; InputSchema?: string };
  Version: number;
  CreatedTime: number;
  Tags?: Record<string, string>;
}

export class ViewOperations {
  constructor(private readonly ctx: ChatContext, private readonly instances: Instances, private readonly resources: InstanceResources) {}

  async CreateView(input: C.CreateViewRequest, _ctx: Ctx): Promise<C.CreateViewResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const view = await this.resources.create<ViewData>(this.ctx.store, instance.id, 'view', input.Name!, {
      Status: input.Status!, Description: input.Description, Version: 1, CreatedTime: this.ctx.clock.now(), Tags: input.Tags,
      Content: { Template: input.Content?.Template, Actions: input.Content?.Actions, InputSchema: '{}' },
    });
    return { View: describe(view) };
  }

  async DescribeView(input: C.DescribeViewRequest, _ctx: Ctx): Promise<C.DescribeViewResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    return { View: describe(await this.resources.get<ViewData>(this.ctx.store, instance.id, 'view', input.ViewId!.split(':$')[0]!)) };
  }

  async ListViews(input: C.ListViewsRequest, _ctx: Ctx): Promise<C.ListViewsResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const all = await this.resources.list<ViewData>(this.ctx.store, instance.id, 'view');
    const { page, next } = paginate(all, input.MaxResults ?? 100, input.NextToken);
    return { ViewsSummaryList: page.map((v) => ({ Id: v.id, Arn: v.arn, Name: v.name, Type: 'CUSTOMER_MANAGED', Status: v.data.Status, Description: v.data.Description })), NextToken: next };
  }
}

export function describe(v: Resource<ViewData>): C.View {
  return {
    Id: v.id, Arn: v.arn, Name: v.name, Status: v.data.Status, Type: 'CUSTOMER_MANAGED', Description: v.data.Description,
    Version: v.data.Version, Content: v.data.Content, Tags: v.data.Tags, CreatedTime: new Date(v.data.CreatedTime),
    LastModifiedTime: new Date(((v.data as { LastModifiedTime?: number }).LastModifiedTime) ?? v.data.CreatedTime),
  };
}
