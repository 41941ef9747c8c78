// TagResource, UntagResource and ListTagsForResource on the ARNs Switchboard keeps: instances and their routing
// resources (queues, hours, routing profiles, users, quick connects, agent statuses, views, widgets).
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import type { ChatContext } from '../../chat/chat-context.js';
import { ChatError } from '../../chat/chat-errors.js';
import type { Instances } from '../../chat/instances.js';
import { type InstanceResources, kindOfArnSegment } from '../../routing/instance-resources.js';

type Ctx = OperationContext;
type Tags = Record<string, string>;

/** Where an ARN's tags live: the instance row, or a resource document's Tags. */
interface TagHome {
  read(): Promise<Tags>;
  write(change: (tags: Tags) => Tags): Promise<void>;
}

export class TagOperations {
  constructor(private readonly ctx: ChatContext, private readonly instances: Instances, private readonly resources: InstanceResources) {}

  async TagResource(input: C.TagResourceRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const tags = input.tags ?? {};
    // Tagging docs: "The aws: prefix is reserved for AWS use" in keys.
    const reserved = Object.keys(tags).find((k) => k.toLowerCase().startsWith('aws:'));
    if (reserved) throw new ChatError('InvalidParameter', `Tag key ${reserved}: the aws: prefix is reserved for AWS use.`);
    await (await this.home(input.resourceArn!)).write((current) => ({ ...current, ...tags }));
    return {};
  }

  async UntagResource(input: C.UntagResourceRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const gone = new Set(input.tagKeys ?? []);
    await (await this.home(input.resourceArn!)).write((current) => Object.fromEntries(Object.entries(current).filter(([k]) => !gone.has(k))));
    return {};
  }

  async ListTagsForResource(input: C.ListTagsForResourceRequest, _ctx: Ctx): Promise<C.ListTagsForResourceResponse> {
    return { tags: await (await this.home(input.resourceArn!)).read() };
  }

  private async home(arn: string): Promise<TagHome> {
    const { partition, region, accountId } = this.ctx.settings.arn;
    const prefix = `arn:${partition}:connect:${region}:${accountId}:instance/`;
    const [instanceId, segment, id, ...rest] = arn.startsWith(prefix) ? arn.slice(prefix.length).split('/') : [];
    const notFound = () => new ChatError('NotFound', `Resource ${arn} not found.`, { resourceId: arn });
    if (!instanceId || rest.length || (segment !== undefined && !id)) throw notFound();
    const instance = await this.instances.get(instanceId).catch(() => {
      throw notFound();
    });
    if (segment === undefined) {
      return {
        read: async () => (await this.instances.get(instance.id)).tags ?? {},
        write: (change) => this.instances.setTags(instance.id, change),
      };
    }
    const kind = kindOfArnSegment(segment);
    const resource = kind && (await this.resources.find<{ Tags?: Tags }>(this.ctx.store, instance.id, kind, id!));
    if (!kind || !resource) throw notFound();
    return {
      read: async () => (await this.resources.get<{ Tags?: Tags }>(this.ctx.store, instance.id, kind, resource.id)).data.Tags ?? {},
      write: async (change) => void (await this.resources.update<{ Tags?: Tags }>(this.ctx.store, instance.id, kind, resource.id, (r) => ({ Tags: change(r.data.Tags ?? {}) }))),
    };
  }
}
