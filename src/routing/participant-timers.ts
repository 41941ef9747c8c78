// Chat participant timers (UpdateParticipantRoleConfig), as Amazon's admin guide describes them: customer and
// agent idle and auto-disconnect timers, 2–480 minutes, running only while an agent and the customer are both
// connected; the idle timer runs first and the auto-disconnect timer starts once the participant is idle (alone,
// it starts at once); a message from a participant resets that participant's timers. Idle, returned and
// auto-disconnection notices are pushed but not kept in the transcript. An auto-disconnection disconnects every
// participant but the customer, so the disconnect flow (if set) takes over. The configuration persists across the
// chat's segments; a change applies when the next agent connects.
import { randomUUID } from 'node:crypto';
import type { ChatContext } from '../chat/chat-context.js';
import { ChatError } from '../chat/chat-errors.js';
import type { ChatActivity, Contacts } from '../chat/contacts.js';
import { Outbox, flushOutbox } from '../chat/outbox.js';
import { toWireItem } from '../chat/transcript.js';
import type { ContactRecord, Json, ParticipantRecord, Store } from '../storage/store.js';

export type TimerRole = 'CUSTOMER' | 'AGENT';
type RoleConfig = { IDLE?: number; DISCONNECT_NONCUSTOMER?: number };
export type TimerConfig = Partial<Record<TimerRole, RoleConfig>>;

export const participantTimerKind = (role: TimerRole) => `participant-timer:${role}`;
const EVENT = 'application/vnd.amazonaws.connect.event.participant.';
const MINUTE = 60_000;

export interface TimerSetting {
  role: TimerRole;
  type: 'IDLE' | 'DISCONNECT_NONCUSTOMER';
  minutes?: number;
  unset?: boolean;
}

export class ParticipantTimers {
  constructor(private readonly ctx: ChatContext, private readonly contacts: Contacts) {}

  /** UpdateParticipantRoleConfig: validates and records; applied when the next agent connects. */
  async configure(instanceId: string, contactId: string, settings: TimerSetting[]): Promise<void> {
    const seen = new Set<string>();
    for (const s of settings) {
      const key = `${s.role}/${s.type}`;
      if (seen.has(key)) throw new ChatError('InvalidRequest', `ParticipantTimerConfigList sets the ${s.type} timer of ${s.role} more than once.`);
      seen.add(key);
    }
    await this.ctx.store.transaction(async (tx) => {
      const contact = await this.contacts.get(tx, instanceId, contactId);
      if (contact.channel !== 'CHAT' || contact.state !== 'ACTIVE') throw new ChatError('InvalidRequest', `Contact ${contactId} is not an active chat.`);
      const config: TimerConfig = structuredClone(contact.participantTimers.config);
      for (const s of settings) {
        const role = (config[s.role] ??= {});
        if (s.unset) delete role[s.type];
        else role[s.type] = s.minutes;
      }
      await tx.updateContact(contact.id, { participantTimers: { ...contact.participantTimers, config } });
    });
  }

  /** An agent connected while the customer is there: both roles' timers start. */
  async start(tx: Store, contact: ContactRecord): Promise<void> {
    for (const role of ['CUSTOMER', 'AGENT'] as const) await this.schedule(tx, contact, role, 'idle');
  }

  async stop(tx: Store, contact: ContactRecord): Promise<void> {
    for (const role of ['CUSTOMER', 'AGENT'] as const) await tx.cancelTimers(contact.id, participantTimerKind(role));
  }

  /** A message from this participant: reset its timers, and tell the chat it returned if it was idle. */
  async activity(tx: Store, contact: ContactRecord, participant: ParticipantRecord, outbox: Outbox): Promise<void> {
    if (participant.role !== 'CUSTOMER' && participant.role !== 'AGENT') return;
    const role = participant.role;
    // Idle timers run only while an agent is connected; a segment no agent has accepted (agentInfo is written when
    // one is) has none, and the message path skips the look-up.
    if (!contact.agentInfo) return;
    const connected = (await tx.listAgentContacts({ contactId: contact.id })).some((c) => c.state === 'CONNECTED');
    if (!connected) return;
    const state = this.state(contact);
    await tx.cancelTimers(contact.id, participantTimerKind(role));
    if (state[role]) {
      this.notice(contact, participant, 'returned', outbox);
      await this.setIdle(tx, contact, role, false);
    }
    await this.schedule(tx, contact, role, 'idle');
  }

  /**
   * A participant timer came due. An auto-disconnection hands over to the chat activity (agentLeft), passed in by
   * the timer registration, since the activity itself is built with these timers.
   */
  async onTimer(contactId: string, payload: Json, activity: Pick<ChatActivity, 'agentLeft'>): Promise<void> {
    const { role, stage } = payload as { role: TimerRole; stage: 'idle' | 'disconnect' };
    const outbox = new Outbox();
    await this.ctx.store.transaction(async (tx) => {
      const contact = await tx.getContact(contactId);
      if (!contact || contact.state !== 'ACTIVE') return;
      const participants = await tx.listParticipants(contact.initialContactId);
      const who = participants.find((p) => p.role === role && p.state === 'JOINED' && p.contactId === contact.id);
      if (!who) return;
      if (stage === 'idle') {
        this.notice(contact, who, 'idle', outbox);
        await this.setIdle(tx, contact, role, true);
        await this.schedule(tx, (await tx.getContact(contactId))!, role, 'disconnect');
        return;
      }
      this.notice(contact, who, 'autodisconnection', outbox);
      await this.stop(tx, contact);
      for (const agent of participants.filter((p) => p.role === 'AGENT' && p.state === 'JOINED' && p.contactId === contact.id)) {
        await this.contacts.leave(tx, contact, agent, outbox);
        await activity.agentLeft(tx, (await tx.getContact(contactId))!, agent, outbox);
      }
    });
    await flushOutbox(this.ctx, outbox);
  }

  private async schedule(tx: Store, contact: ContactRecord, role: TimerRole, from: 'idle' | 'disconnect'): Promise<void> {
    const config = contact.participantTimers.config[role] ?? {};
    const stage = from === 'idle' && config.IDLE ? 'idle' : config.DISCONNECT_NONCUSTOMER ? 'disconnect' : undefined;
    if (!stage) return;
    const minutes = stage === 'idle' ? config.IDLE! : config.DISCONNECT_NONCUSTOMER!;
    await tx.scheduleTimer({
      id: randomUUID(), kind: participantTimerKind(role), contactId: contact.id,
      dueAt: this.ctx.clock.now() + minutes * MINUTE, payload: { role, stage },
    });
  }

  private state(contact: ContactRecord): Partial<Record<TimerRole, boolean>> {
    return contact.participantTimers.idle;
  }

  private async setIdle(tx: Store, contact: ContactRecord, role: TimerRole, idle: boolean): Promise<void> {
    const fresh = (await tx.getContact(contact.id)) ?? contact;
    await tx.updateContact(fresh.id, { participantTimers: { ...fresh.participantTimers, idle: { ...this.state(fresh), [role]: idle } } });
  }

  private notice(contact: ContactRecord, who: ParticipantRecord, what: 'idle' | 'returned' | 'autodisconnection', outbox: Outbox): void {
    const item = this.ctx.transcript.create({
      contactId: contact.id, initialContactId: contact.initialContactId, type: 'EVENT', contentType: `${EVENT}${what}`, from: who,
    });
    outbox.push({ item: toWireItem(item) });
  }
}
