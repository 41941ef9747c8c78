// Users (agents) of an instance: CONNECT_MANAGED usernames with scrypt-hashed passwords, a routing profile
// and security profiles. Deleting a user logs them out and returns their offers to the queue.
import type { ChatContext } from '../chat/chat-context.js';
import { ChatError } from '../chat/chat-errors.js';
import type { InstanceResources, Resource } from './instance-resources.js';
import { hashPassword } from './passwords.js';
import type { UserData } from './resource-types.js';
import type { Router } from './router.js';

export interface NewUser {
  username: string;
  password?: string;
  routingProfileId: string;
  securityProfileIds: string[];
  identityInfo?: UserData['IdentityInfo'];
  phoneConfig?: unknown;
  hierarchyGroupId?: string;
  tags?: Record<string, string>;
}

export class Users {
  constructor(private readonly ctx: ChatContext, private readonly resources: InstanceResources, private readonly router: Router) {}

  async create(instanceId: string, identityManagementType: string, req: NewUser): Promise<Resource<UserData>> {
    const { store } = this.ctx;
    if (identityManagementType === 'CONNECT_MANAGED' && !req.password) {
      throw new ChatError('InvalidParameter', 'Password is required for users of an instance with CONNECT_MANAGED identity management.');
    }
    const profile = await this.resources.get(store, instanceId, 'routing-profile', req.routingProfileId);
    const users = await this.resources.list<UserData>(store, instanceId, 'user');
    if (users.some((u) => u.data.Username === req.username)) throw new ChatError('Duplicate', `A user named ${req.username} already exists.`);
    return this.resources.create<UserData>(store, instanceId, 'user', req.username, {
      Username: req.username,
      PasswordHash: req.password ? await hashPassword(req.password) : undefined,
      RoutingProfileId: profile.id,
      SecurityProfileIds: req.securityProfileIds,
      IdentityInfo: req.identityInfo,
      PhoneConfig: req.phoneConfig,
      HierarchyGroupId: req.hierarchyGroupId,
      Tags: req.tags,
    });
  }

  /**
   * Changes what UpdateUser* operations change. A new routing profile takes effect for the next offer (contacts the
   * agent holds stay), so routing runs again: the agent may now serve queues with contacts waiting.
   */
  async update(instanceId: string, idOrArn: string, change: Partial<Pick<UserData, 'RoutingProfileId' | 'IdentityInfo' | 'PhoneConfig' | 'SecurityProfileIds' | 'HierarchyGroupId'>>): Promise<void> {
    const { store } = this.ctx;
    if (change.RoutingProfileId) change = { ...change, RoutingProfileId: (await this.resources.get(store, instanceId, 'routing-profile', change.RoutingProfileId)).id };
    await this.resources.update<UserData>(store, instanceId, 'user', idOrArn, () => change);
    if (change.RoutingProfileId) await this.router.dispatch(instanceId);
  }

  async delete(instanceId: string, idOrArn: string): Promise<void> {
    const { store } = this.ctx;
    const user = await this.resources.get<UserData>(store, instanceId, 'user', idOrArn);
    await store.transaction(async (tx) => {
      for (const held of await tx.listAgentContacts({ userId: user.id })) {
        if (held.state === 'OFFERED') await this.router.returnToQueue(tx, held.contactId, user.id, false);
        else await tx.deleteAgentContact(user.id, held.contactId);
      }
      const state = await tx.getAgentState(user.id);
      if (state) await tx.upsertAgentState({ ...state, online: false, routable: false, status: 'Offline' });
      await tx.deleteResource(instanceId, 'user', user.id);
    });
  }
}
