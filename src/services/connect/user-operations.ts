// Connect operations on users (agents) and their status, thin over routing/users.ts and routing/agent-desk.ts.
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import type { ChatContext } from '../../chat/chat-context.js';
import type { Instances } from '../../chat/instances.js';
import type { AgentDesk } from '../../routing/agent-desk.js';
import type { InstanceResources } from '../../routing/instance-resources.js';
import type { UserData } from '../../routing/resource-types.js';
import type { Users } from '../../routing/users.js';
import { paginate } from './pagination.js';

type Ctx = OperationContext;

export class UserOperations {
  constructor(
    private readonly ctx: ChatContext,
    private readonly instances: Instances,
    private readonly resources: InstanceResources,
    private readonly users: Users,
    private readonly desk: AgentDesk,
  ) {}

  async CreateUser(input: C.CreateUserRequest, _ctx: Ctx): Promise<C.CreateUserResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const user = await this.users.create(instance.id, instance.identityManagementType, {
      username: input.Username!, password: input.Password, routingProfileId: input.RoutingProfileId!,
      securityProfileIds: input.SecurityProfileIds ?? [], identityInfo: input.IdentityInfo, phoneConfig: input.PhoneConfig,
      hierarchyGroupId: input.HierarchyGroupId, tags: input.Tags,
    });
    return { UserId: user.id, UserArn: user.arn };
  }

  async DescribeUser(input: C.DescribeUserRequest, _ctx: Ctx): Promise<C.DescribeUserResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const u = await this.resources.get<UserData>(this.ctx.store, instance.id, 'user', input.UserId!);
    return {
      User: {
        Id: u.id, Arn: u.arn, Username: u.data.Username, IdentityInfo: u.data.IdentityInfo, PhoneConfig: u.data.PhoneConfig as C.UserPhoneConfig,
        SecurityProfileIds: u.data.SecurityProfileIds, RoutingProfileId: u.data.RoutingProfileId, HierarchyGroupId: u.data.HierarchyGroupId,
        Tags: u.data.Tags, LastModifiedTime: new Date(((u.data as { LastModifiedTime?: number }).LastModifiedTime) ?? 0),
      },
    };
  }

  async ListUsers(input: C.ListUsersRequest, _ctx: Ctx): Promise<C.ListUsersResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const all = await this.resources.list<UserData>(this.ctx.store, instance.id, 'user');
    const { page, next } = paginate(all, input.MaxResults ?? 100, input.NextToken);
    return { UserSummaryList: page.map((u) => ({ Id: u.id, Arn: u.arn, Username: u.data.Username })), NextToken: next };
  }

  async DeleteUser(input: C.DeleteUserRequest, _ctx: Ctx): Promise<Record<string, never>> {
    const instance = await this.instances.get(input.InstanceId!);
    await this.users.delete(instance.id, input.UserId!);
    return {};
  }

  async UpdateUserRoutingProfile(input: C.UpdateUserRoutingProfileRequest, _ctx: Ctx): Promise<Record<string, never>> {
    await this.users.update((await this.instances.get(input.InstanceId!)).id, input.UserId!, { RoutingProfileId: input.RoutingProfileId! });
    return {};
  }

  async UpdateUserIdentityInfo(input: C.UpdateUserIdentityInfoRequest, _ctx: Ctx): Promise<Record<string, never>> {
    await this.users.update((await this.instances.get(input.InstanceId!)).id, input.UserId!, { IdentityInfo: input.IdentityInfo });
    return {};
  }

  async UpdateUserPhoneConfig(input: C.UpdateUserPhoneConfigRequest, _ctx: Ctx): Promise<Record<string, never>> {
    await this.users.update((await this.instances.get(input.InstanceId!)).id, input.UserId!, { PhoneConfig: input.PhoneConfig });
    return {};
  }

  async UpdateUserSecurityProfiles(input: C.UpdateUserSecurityProfilesRequest, _ctx: Ctx): Promise<Record<string, never>> {
    await this.users.update((await this.instances.get(input.InstanceId!)).id, input.UserId!, { SecurityProfileIds: input.SecurityProfileIds ?? [] });
    return {};
  }

  /** No hierarchy groups exist here to check against: the id is kept as given (empty removes it, as Amazon's does). */
  async UpdateUserHierarchy(input: C.UpdateUserHierarchyRequest, _ctx: Ctx): Promise<Record<string, never>> {
    await this.users.update((await this.instances.get(input.InstanceId!)).id, input.UserId!, { HierarchyGroupId: input.HierarchyGroupId || undefined });
    return {};
  }

  async PutUserStatus(input: C.PutUserStatusRequest, _ctx: Ctx): Promise<C.PutUserStatusResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const user = await this.resources.get<UserData>(this.ctx.store, instance.id, 'user', input.UserId!);
    await this.desk.setStatus({ userId: user.id, instanceId: instance.id }, input.AgentStatusId!);
    return {};
  }
}
