// What an agent does: log in (CONNECT_MANAGED username and password), set a status, accept or reject offers,
// and see their contacts. Accepting joins the agent to the chat as an AGENT participant with a participant
// token, used with the Participant Service like any other participant's. Transfers, ending and after-contact
// work live in agent-contact-work.ts.
import { v7 as uuidv7 } from 'uuid';
import { idFromArnOrId } from '../chat/arns.js';
import type { ChatContext } from '../chat/chat-context.js';
import { ChatError } from '../chat/chat-errors.js';
import { EventContentType } from '../chat/content-types.js';
import { Outbox, flushOutbox } from '../chat/outbox.js';
import { toWireItem } from '../chat/transcript.js';
import type { AgentStateRecord, Json, ParticipantRecord, Store } from '../storage/store.js';
import { type FlowRunner, stopRun } from '../contact-flows/flow-runner.js';
import type { InstanceResources, Resource } from './instance-resources.js';
import { verifyPassword } from './passwords.js';
import type { AgentStatusData, UserData } from './resource-types.js';
import type { ParticipantTimers } from './participant-timers.js';
import type { Router } from './router.js';

export const AGENT_SESSION_TTL_MS = 12 * 60 * 60_000;

export interface AgentSession {
  userId: string;
  instanceId: string;
}

export class AgentDesk {
  constructor(
    private readonly ctx: ChatContext,
    private readonly resources: InstanceResources,
    private readonly router: Router,
    private readonly runner: FlowRunner,
    private readonly timers: ParticipantTimers,
  ) {}

  async login(instanceId: string, username: string, password: string) {
    const { store, clock, tokens } = this.ctx;
    const users = await this.resources.list<UserData>(store, instanceId, 'user');
    const user = users.find((u) => u.data.Username === username);
    // verifyPassword runs even for an unknown username, so the answer takes as long as for a wrong password.
    if (!(await verifyPassword(password, user?.data.PasswordHash)) || !user) {
      throw new ChatError('AccessDenied', 'The username or password is not correct.');
    }
    const session = await tokens.issue(store, 'agent-session', user.id, instanceId, AGENT_SESSION_TTL_MS);
    const existing = await store.getAgentState(user.id);
    const now = clock.now();
    await store.upsertAgentState(existing ? { ...existing, online: true } : {
      userId: user.id, instanceId, status: 'Offline', routable: false, since: now, idleSince: now, missed: 0, online: true,
    });
    return { token: session.token, expiresAt: new Date(session.expiresAt!).toISOString(), user: this.describeUser(user) };
  }

  async session(token: string): Promise<AgentSession> {
    const record = await this.ctx.tokens.resolve(this.ctx.store, token, 'agent-session');
    return { userId: record.participantId, instanceId: record.contactId };
  }

  /** Sets the agent Offline and ends the session: its token (also the agent websocket's) stops working at once. */
  async logout(s: AgentSession, token: string): Promise<void> {
    await this.setStatus(s, 'Offline');
    const state = await this.ctx.store.getAgentState(s.userId);
    if (state) await this.ctx.store.upsertAgentState({ ...state, online: false });
    await this.ctx.tokens.consume(this.ctx.store, token, 'agent-session').catch(() => undefined);
  }

  /** Sets the agent's status by name (Available, Offline or a custom status). Routable statuses get offers. */
  async setStatus(s: AgentSession, statusName: string): Promise<AgentStateRecord> {
    const { store, clock } = this.ctx;
    const statuses = await this.resources.list<AgentStatusData>(store, s.instanceId, 'agent-status');
    const status = statuses.find((st) => st.name === statusName || st.id === idFromArnOrId(statusName));
    if (!status || status.data.State === 'DISABLED') throw new ChatError('NotFound', `Agent status ${statusName} not found.`);
    const outbox = new Outbox();
    const next = await store.transaction(async (tx) => {
      const current = await tx.getAgentState(s.userId);
      const now = clock.now();
      const state: AgentStateRecord = {
        userId: s.userId, instanceId: s.instanceId, status: status.name, routable: status.data.Type === 'ROUTABLE', since: now,
        idleSince: current?.idleSince ?? now, missed: current?.missed ?? 0, online: current?.online ?? true,
      };
      await tx.upsertAgentState(state);
      if (!state.routable) {
        for (const offer of (await tx.listAgentContacts({ userId: s.userId })).filter((c) => c.state === 'OFFERED')) {
          await this.router.returnToQueue(tx, offer.contactId, s.userId, false);
          outbox.notifyAgent(s.userId, { type: 'offer.withdrawn', contactId: offer.contactId });
        }
      }
      outbox.notifyAgent(s.userId, { type: 'status', status: state.status, routable: state.routable });
      return state;
    });
    await flushOutbox(this.ctx, outbox);
    if (next.routable) await this.router.dispatch(s.instanceId);
    return next;
  }

  async state(s: AgentSession) {
    const { store } = this.ctx;
    const user = await this.resources.get<UserData>(store, s.instanceId, 'user', s.userId);
    const agent = await store.getAgentState(s.userId);
    const contacts = await store.listAgentContacts({ userId: s.userId });
    return { user: this.describeUser(user), status: agent?.status ?? 'Offline', routable: agent?.routable ?? false, missed: agent?.missed ?? 0, contacts };
  }

  /** Accepts an offer: the agent joins the chat (participant.joined) and gets a participant token. */
  async accept(s: AgentSession, contactId: string) {
    const { store, clock, tokens, transcript } = this.ctx;
    const outbox = new Outbox();
    const result = await store.transaction(async (tx) => {
      const offer = (await tx.listAgentContacts({ userId: s.userId, contactId }))[0];
      if (!offer || offer.state !== 'OFFERED') throw new ChatError('Conflict', `Contact ${contactId} is not offered to you.`);
      const contact = await tx.getContact(contactId);
      if (!contact || contact.state !== 'ACTIVE') throw new ChatError('Conflict', `Contact ${contactId} is no longer active.`);
      const now = clock.now();
      await tx.deleteContactRouting(contactId);
      await stopRun(tx, contact.id, 'queue');
      const user = await this.resources.get<UserData>(tx, s.instanceId, 'user', s.userId);
      const agent: ParticipantRecord = {
        id: uuidv7(), contactId, initialContactId: contact.initialContactId, role: 'AGENT',
        displayName: user.data.IdentityInfo?.FirstName || user.data.Username, state: 'JOINED', connected: true, joinedAt: now, leftAt: null,
      };
      await tx.insertParticipant(agent);
      const issued = await tokens.issue(tx, 'participant', agent.id, contactId, null);
      const joined = await transcript.append(tx, {
        contactId, initialContactId: contact.initialContactId, type: 'EVENT', contentType: EventContentType.participantJoined, from: agent,
      });
      outbox.push({ item: toWireItem(joined) });
      await tx.upsertAgentContact({ ...offer, state: 'CONNECTED', since: now, expiresAt: null });
      await tx.updateContact(contactId, { agentInfo: { userId: s.userId, participantId: agent.id, acceptedAt: now, connectedAt: now }, lastUpdatedAt: now });
      const connected = (await tx.getContact(contactId))!;
      await this.ctx.contactEvents.record(tx, connected, 'CONNECTED_TO_AGENT');
      await this.timers.start(tx, connected);
      outbox.notifyAgent(s.userId, { type: 'contact.connected', contactId });
      const customer = (await tx.listParticipants(contact.initialContactId)).find((p) => p.role === 'CUSTOMER');
      return {
        contactId, initialContactId: contact.initialContactId, participantId: agent.id, participantToken: issued.token,
        customerName: customer?.displayName,
      };
    });
    await flushOutbox(this.ctx, outbox);
    return result;
  }

  async reject(s: AgentSession, contactId: string): Promise<void> {
    await this.ctx.store.transaction(async (tx) => {
      const offer = (await tx.listAgentContacts({ userId: s.userId, contactId }))[0];
      if (!offer || offer.state !== 'OFFERED') throw new ChatError('Conflict', `Contact ${contactId} is not offered to you.`);
      await this.router.returnToQueue(tx, contactId, s.userId, true);
    });
    await this.router.dispatch(s.instanceId);
  }

  describeUser(user: Resource<UserData>) {
    const { PasswordHash: _hidden, ...data } = user.data;
    return { Id: user.id, Arn: user.arn, ...data };
  }
}
