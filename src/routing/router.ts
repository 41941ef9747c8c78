// Queues and offers. A queued contact is offered to an available agent whose routing profile serves the queue
// (after the profile's Delay), who has a free chat slot, choosing contacts by the profile's queue priority, then
// the contact's routing priority, then age, and agents idle longest first. Offers claim the contact with a
// conditional update, so two nodes never offer it twice; an offer not accepted in time returns the contact to the
// queue, counts a miss and sets the agent to the non-routable "Missed" status, as Amazon does.
import type { ChatContext } from '../chat/chat-context.js';
import { Outbox, flushOutbox } from '../chat/outbox.js';
import { stopRun } from '../contact-flows/flow-runner.js';
import type { AgentStateRecord, ContactRecord, ContactRoutingRecord, Json, Store } from '../storage/store.js';
import type { InstanceResources } from './instance-resources.js';
import type { RoutingProfileData, UserData } from './resource-types.js';

export const OFFER_TIMER = 'offer-timeout';
/** Amazon's default routing priority for contacts placed in a queue. */
export const DEFAULT_PRIORITY = 5;
export const AGENT_QUEUE_PREFIX = 'agent:';

export interface RouterSettings {
  offerTimeoutMs: number;
}

export class Router {
  constructor(
    private readonly ctx: ChatContext,
    private readonly resources: InstanceResources,
    private readonly settings: RouterSettings,
  ) {}

  /**
   * Places a contact in a queue (or an agent's own queue "agent:<id>"); returns the customer queue flow the caller
   * starts for it (the contact's CustomerQueue hook, else the instance's default), if any.
   */
  async enqueue(tx: Store, contact: ContactRecord, queueId: string, outbox: Outbox): Promise<string | undefined> {
    const now = this.ctx.clock.now();
    const priority = contact.routing.priority ?? DEFAULT_PRIORITY;
    const adjust = contact.routing.adjustSeconds ?? 0;
    await tx.upsertContactRouting({
      contactId: contact.id, instanceId: contact.instanceId, queueId, priority, enqueuedAt: now,
      routingAgeAt: now - adjust * 1000, state: 'QUEUED', agentId: null, declined: [],
    });
    await tx.updateContact(contact.id, { queueInfo: { queueId, enqueuedAt: now }, lastUpdatedAt: now });
    await this.ctx.contactEvents.record(tx, { ...contact, queueInfo: { queueId, enqueuedAt: now } }, 'QUEUED');
    outbox.after(async () => void (await this.dispatch(contact.instanceId)));
    return contact.flow.eventHooks.CustomerQueue ?? (await this.defaultQueueFlow(tx, contact.instanceId));
  }

  async updatePriority(tx: Store, contact: ContactRecord, priority?: number, adjustSeconds?: number): Promise<void> {
    await tx.updateContact(contact.id, {
      routing: { priority: priority ?? contact.routing.priority, adjustSeconds: adjustSeconds ?? contact.routing.adjustSeconds },
    });
    const queued = await tx.getContactRouting(contact.id);
    if (queued) {
      await tx.upsertContactRouting({
        ...queued, priority: priority ?? queued.priority,
        routingAgeAt: adjustSeconds !== undefined ? queued.enqueuedAt - adjustSeconds * 1000 : queued.routingAgeAt,
      });
    }
  }

  /** Removes every routing trace of a contact (it ended or moved on): queue entry, offers, queue flow. */
  async release(tx: Store, contact: ContactRecord, outbox: Outbox): Promise<void> {
    await tx.deleteContactRouting(contact.id);
    await stopRun(tx, contact.id, 'queue');
    for (const offer of await tx.listAgentContacts({ contactId: contact.id })) {
      if (offer.state === 'OFFERED') {
        await tx.deleteAgentContact(offer.userId, contact.id);
        outbox.notifyAgent(offer.userId, { type: 'offer.withdrawn', contactId: contact.id });
      }
    }
  }

  /**
   * Offers queued contacts to free agents until no more match. Safe to call from any node at any time. Calls for an
   * instance whose dispatch is running share one more run after it (which sees everything the running one could
   * not): a burst of chats entering a queue costs a few dispatches, not one each (at 750 starts a second every start
   * ran its own).
   */
  dispatch(instanceId: string): Promise<number> {
    const running = this.dispatches.get(instanceId);
    if (running) return (running.again ??= deferred<number>()).promise;
    return this.runDispatch(instanceId);
  }

  private readonly dispatches = new Map<string, { again?: Deferred<number> }>();

  private async runDispatch(instanceId: string): Promise<number> {
    const state: { again?: Deferred<number> } = {};
    this.dispatches.set(instanceId, state);
    try {
      return await this.dispatchRounds(instanceId);
    } finally {
      this.dispatches.delete(instanceId);
      const again = state.again;
      if (again) this.runDispatch(instanceId).then(again.resolve, again.reject);
    }
  }

  private async dispatchRounds(instanceId: string): Promise<number> {
    let offered = 0;
    for (let round = 0; round < 1000; round++) {
      const outbox = new Outbox();
      const made = await this.ctx.store.transaction((tx) => this.offerOne(tx, instanceId, outbox));
      await flushOutbox(this.ctx, outbox);
      if (!made) return offered;
      offered++;
    }
    return offered;
  }

  private async offerOne(tx: Store, instanceId: string, outbox: Outbox): Promise<boolean> {
    // Agents first: with nobody routable (a queue building up) a round costs one small query, not a queue scan.
    const agents = (await tx.listAgentStates(instanceId)).filter((a) => a.online && a.routable).sort((a, b) => a.idleSince - b.idleSince);
    if (!agents.length) return false;
    const queued = await tx.listQueuedContacts(instanceId, 200);
    if (!queued.length) return false;
    const now = this.ctx.clock.now();
    for (const listed of agents) {
      // Held until commit (PostgreSQL: FOR UPDATE): another node offering to this agent at the same moment waits,
      // then sees this offer in the agent's slots — an agent never gets more offers than free slots.
      const agent = await tx.getAgentState(listed.userId);
      if (!agent?.online || !agent.routable) continue;
      const pick = await this.bestContactFor(tx, agent, queued, now);
      if (!pick) continue;
      if (!(await tx.claimQueuedContact(pick.contactId, agent.userId))) continue;
      const expiresAt = now + this.settings.offerTimeoutMs;
      await tx.upsertAgentContact({ userId: agent.userId, contactId: pick.contactId, instanceId, state: 'OFFERED', since: now, expiresAt });
      await tx.scheduleTimer({
        id: `${OFFER_TIMER}:${pick.contactId}:${agent.userId}:${now}`, kind: OFFER_TIMER, contactId: pick.contactId, dueAt: expiresAt,
        payload: { userId: agent.userId },
      });
      const contact = await tx.getContact(pick.contactId, { lock: false });
      // What an agent needs to decide: who, from which queue, waiting how long, and until when the offer stands.
      const customer = contact && (await tx.listParticipants(contact.initialContactId)).find((p) => p.role === 'CUSTOMER');
      const queue = pick.queueId.startsWith(AGENT_QUEUE_PREFIX) ? undefined : await this.resources.find(tx, instanceId, 'queue', pick.queueId);
      outbox.notifyAgent(agent.userId, {
        type: 'offer', contactId: pick.contactId, initialContactId: contact?.initialContactId, queueId: pick.queueId,
        queueName: queue?.name ?? (pick.queueId.startsWith(AGENT_QUEUE_PREFIX) ? 'Your queue' : undefined),
        customerName: customer?.displayName, enqueuedAt: new Date(pick.enqueuedAt).toISOString(),
        channel: 'CHAT', attributes: contact?.attributes ?? {}, expiresAt: new Date(expiresAt).toISOString(),
      });
      return true;
    }
    return false;
  }

  private async bestContactFor(tx: Store, agent: AgentStateRecord, queued: ContactRoutingRecord[], now: number) {
    const user = await this.resources.find<UserData>(tx, agent.instanceId, 'user', agent.userId);
    if (!user) return undefined;
    const profile = await this.resources.find<RoutingProfileData>(tx, agent.instanceId, 'routing-profile', user.data.RoutingProfileId);
    const concurrency = profile?.data.MediaConcurrencies.find((m) => m.Channel === 'CHAT')?.Concurrency ?? 0;
    const held = await tx.listAgentContacts({ userId: agent.userId });
    if (held.length >= concurrency) return undefined;
    const candidates: { r: ContactRoutingRecord; queuePriority: number }[] = [];
    for (const r of queued) {
      if (r.declined.includes(agent.userId)) continue;
      if (r.queueId.startsWith(AGENT_QUEUE_PREFIX)) {
        if (r.queueId === AGENT_QUEUE_PREFIX + agent.userId) candidates.push({ r, queuePriority: 0 });
        continue;
      }
      const config = profile?.data.QueueConfigs.find((q) => q.QueueReference.QueueId === r.queueId && q.QueueReference.Channel === 'CHAT');
      if (!config || now - r.enqueuedAt < config.Delay * 1000) continue;
      candidates.push({ r, queuePriority: config.Priority });
    }
    candidates.sort((a, b) => a.queuePriority - b.queuePriority || a.r.priority - b.r.priority || a.r.routingAgeAt - b.r.routingAgeAt);
    return candidates[0]?.r;
  }

  /** The offer timer: still offered to that agent → back to the queue, a miss, and the agent set to Missed. */
  async offerExpired(contactId: string, payload: Json): Promise<void> {
    const { userId } = payload as { userId: string };
    const outbox = new Outbox();
    let instanceId: string | undefined;
    await this.ctx.store.transaction(async (tx) => {
      const offer = (await tx.listAgentContacts({ userId, contactId }))[0];
      if (!offer || offer.state !== 'OFFERED') return;
      instanceId = offer.instanceId;
      // A miss does not exclude the agent: Connect routes a missed contact again, to this agent too once routable.
      await this.returnToQueue(tx, contactId, userId, false);
      const agent = await tx.getAgentState(userId);
      if (agent) await tx.upsertAgentState({ ...agent, status: 'Missed', routable: false, missed: agent.missed + 1, since: this.ctx.clock.now() });
      outbox.notifyAgent(userId, { type: 'offer.missed', contactId });
      outbox.notifyAgent(userId, { type: 'status', status: 'Missed', routable: false });
    });
    await flushOutbox(this.ctx, outbox);
    if (instanceId) await this.dispatch(instanceId);
  }

  /** An offered contact goes back in line; after a rejection (`exclude`), not to be offered to this agent again. */
  async returnToQueue(tx: Store, contactId: string, userId: string, exclude: boolean): Promise<void> {
    await tx.deleteAgentContact(userId, contactId);
    const routing = await tx.getContactRouting(contactId);
    const declined = exclude ? [...new Set([...routing?.declined ?? [], userId])] : routing?.declined ?? [];
    if (routing) await tx.upsertContactRouting({ ...routing, state: 'QUEUED', agentId: null, declined });
  }

  /**
   * Ends every offer of the instance past its expiry, as its timer would have: no offer outlives its expiry even
   * if the timer row was lost. Runs on the routing beat.
   */
  async expireStaleOffers(instanceId: string): Promise<void> {
    const now = this.ctx.clock.now();
    const stale = (await this.ctx.store.listAgentContacts({ instanceId }))
      .filter((o) => o.state === 'OFFERED' && o.expiresAt !== null && o.expiresAt <= now);
    for (const offer of stale) await this.offerExpired(offer.contactId, { userId: offer.userId });
  }

  private async defaultQueueFlow(tx: Store, instanceId: string): Promise<string | undefined> {
    const flow = await tx.getFlowByName(instanceId, 'Default customer queue');
    return flow?.type === 'CUSTOMER_QUEUE' ? flow.id : undefined;
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
