// Fault injection for testing a client's error handling (development and tests only, SWITCHBOARD_FAULT_INJECTION):
// rules, scoped by service, operation, instance or contact, that fail a share of matching AWS-face calls with a
// chosen error and/or delay them; and socket rules, scoped by contact, that drop or stall a chat's participant
// websockets or delay the pushes they get. Kept in this process's memory: each node has its own rules.
import { randomUUID } from 'node:crypto';

export interface FaultRule {
  id: string;
  service?: string;
  operation?: string;
  instanceId?: string;
  contactId?: string;
  /** The error to answer with (a modelled error of the operation, or ThrottlingException…); none: only delay. */
  error?: string;
  /** Share of matching calls to fail, 0 to 1 (default 1). */
  rate: number;
  /** Milliseconds to wait before answering (or failing). */
  delayMs: number;
  /** Fail (or delay) at most this many calls, then stop matching. */
  remaining?: number;
  /**
   * A socket rule: `drop` closes the chat's participant sockets abruptly, as a network cut would (those open now and
   * those that open later, each counted against `remaining`); `stall` keeps them open but sends and answers nothing
   * until the rule is removed.
   */
  socket?: 'drop' | 'stall';
  /** A socket rule: pushes to the chat's participant sockets wait this long (in order). */
  pushDelayMs?: number;
  /** How many calls the rule has acted on. */
  hits: number;
}

export type NewFaultRule = Omit<FaultRule, 'id' | 'hits' | 'rate' | 'delayMs'> & { rate?: number; delayMs?: number };

const isSocketRule = (r: Pick<FaultRule, 'socket' | 'pushDelayMs'>) => r.socket !== undefined || r.pushDelayMs !== undefined;

/** What a call meets: an error to answer with, a delay, both, or nothing. */
export interface FaultDecision {
  ruleId: string;
  error?: string;
  delayMs: number;
}

const MAX_RULES = 100;
const MAX_DELAY_MS = 120_000;

export class FaultRules {
  private readonly rules = new Map<string, FaultRule>();
  private readonly listeners: (() => void)[] = [];

  constructor(readonly enabled: boolean, private readonly random: () => number = Math.random) {}

  add(rule: NewFaultRule): FaultRule {
    if (!this.enabled) throw new FaultRuleError('Fault injection is off: start Switchboard with SWITCHBOARD_FAULT_INJECTION=true (development and tests only).');
    const rate = rule.rate ?? 1;
    const delayMs = rule.delayMs ?? 0;
    if (typeof rate !== 'number' || !(rate > 0 && rate <= 1)) throw new FaultRuleError('rate must be more than 0 and at most 1.');
    if (typeof delayMs !== 'number' || delayMs < 0 || delayMs > MAX_DELAY_MS) throw new FaultRuleError('delayMs must be 0 to 120000.');
    if (isSocketRule(rule)) return this.store(this.socketRule(rule));
    if (!rule.error && !delayMs) throw new FaultRuleError('A rule needs an error, a delay, or both.');
    if (rule.error !== undefined && (typeof rule.error !== 'string' || !/^[A-Za-z]+Exception$/.test(rule.error))) throw new FaultRuleError('error must name an exception, such as ThrottlingException.');
    if (rule.remaining !== undefined && (!Number.isInteger(rule.remaining) || rule.remaining < 1)) throw new FaultRuleError('remaining must be a whole number of at least 1.');
    for (const key of ['service', 'operation', 'instanceId', 'contactId'] as const) {
      if (rule[key] !== undefined && typeof rule[key] !== 'string') throw new FaultRuleError(`${key} must be text.`);
    }
    return this.store({ ...rule, id: randomUUID(), rate, delayMs, hits: 0 });
  }

  private socketRule(rule: NewFaultRule): FaultRule {
    if (rule.socket !== undefined && rule.socket !== 'drop' && rule.socket !== 'stall') throw new FaultRuleError('socket must be drop or stall.');
    if (rule.socket !== undefined && rule.pushDelayMs !== undefined) throw new FaultRuleError('A socket rule either drops or stalls sockets, or delays pushes; not both.');
    if (rule.pushDelayMs !== undefined && (typeof rule.pushDelayMs !== 'number' || rule.pushDelayMs < 1 || rule.pushDelayMs > MAX_DELAY_MS)) {
      throw new FaultRuleError('pushDelayMs must be 1 to 120000.');
    }
    for (const key of ['error', 'delayMs', 'service', 'operation', 'instanceId', 'rate'] as const) {
      if (rule[key] !== undefined) throw new FaultRuleError(`A socket rule is scoped by contactId only; ${key} belongs to rules on API calls.`);
    }
    if (rule.contactId !== undefined && typeof rule.contactId !== 'string') throw new FaultRuleError('contactId must be text.');
    if (rule.remaining !== undefined && (!Number.isInteger(rule.remaining) || rule.remaining < 1)) throw new FaultRuleError('remaining must be a whole number of at least 1.');
    if (rule.socket === 'stall' && rule.remaining !== undefined) throw new FaultRuleError('A stall lasts until the rule is removed; remaining counts dropped sockets or delayed pushes.');
    return { ...rule, id: randomUUID(), rate: 1, delayMs: 0, hits: 0 };
  }

  private store(rule: FaultRule): FaultRule {
    if (this.rules.size >= MAX_RULES) throw new FaultRuleError(`At most ${MAX_RULES} rules.`);
    this.rules.set(rule.id, rule);
    this.changed();
    return rule;
  }

  list(): FaultRule[] {
    return [...this.rules.values()];
  }

  remove(id: string): boolean {
    const removed = this.rules.delete(id);
    if (removed) this.changed();
    return removed;
  }

  /** Called after every change of the rules (the participant socket server applies socket rules to open sockets). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The first drop or stall rule for this chat, counted as acting on one socket. */
  dropOrStall(initialContactId: string): { action: 'drop' | 'stall'; ruleId: string } | undefined {
    const rule = this.socketRules(initialContactId).find((r) => r.socket);
    if (!rule) return undefined;
    this.hit(rule);
    return { action: rule.socket!, ruleId: rule.id };
  }

  /** Whether a stall rule still holds (a removed rule frees the sockets it stalled). */
  holds(ruleId: string): boolean {
    return this.rules.has(ruleId);
  }

  /** How long a push to this chat's sockets waits (counted as acting on one push). */
  pushDelay(initialContactId: string): number {
    const rule = this.socketRules(initialContactId).find((r) => r.pushDelayMs);
    if (!rule) return 0;
    this.hit(rule);
    return rule.pushDelayMs!;
  }

  private socketRules(initialContactId: string): FaultRule[] {
    if (!this.enabled || !this.rules.size) return [];
    return [...this.rules.values()].filter((r) => isSocketRule(r) && (!r.contactId || r.contactId === initialContactId));
  }

  private hit(rule: FaultRule): void {
    rule.hits++;
    if (rule.remaining !== undefined && --rule.remaining <= 0) this.rules.delete(rule.id);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** The first rule that matches this call and fires (by its rate), counted against its remaining calls. */
  decide(call: { service: string; operation: string; input: Record<string, unknown> }): FaultDecision | undefined {
    if (!this.enabled || !this.rules.size) return undefined;
    const instanceId = typeof call.input.InstanceId === 'string' ? call.input.InstanceId : undefined;
    const contacts = [call.input.ContactId, call.input.InitialContactId].filter((v) => typeof v === 'string');
    for (const rule of this.rules.values()) {
      if (isSocketRule(rule)) continue;
      if (rule.service && rule.service !== call.service) continue;
      if (rule.operation && rule.operation !== call.operation) continue;
      if (rule.instanceId && rule.instanceId !== instanceId) continue;
      if (rule.contactId && !contacts.includes(rule.contactId)) continue;
      if (this.random() >= rule.rate) continue;
      this.hit(rule);
      return { ruleId: rule.id, error: rule.error, delayMs: rule.delayMs };
    }
    return undefined;
  }
}

export class FaultRuleError extends Error {}
