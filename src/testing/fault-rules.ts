// Fault injection for testing a client's error handling (development and tests only, SWITCHBOARD_FAULT_INJECTION):
// rules, scoped by service, operation, instance or contact, that fail a share of matching AWS-face calls with a
// chosen error and/or delay them. Kept in this process's memory: each node has its own rules.
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
  /** How many calls the rule has acted on. */
  hits: number;
}

export type NewFaultRule = Omit<FaultRule, 'id' | 'hits' | 'rate' | 'delayMs'> & { rate?: number; delayMs?: number };

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

  constructor(readonly enabled: boolean, private readonly random: () => number = Math.random) {}

  add(rule: NewFaultRule): FaultRule {
    if (!this.enabled) throw new FaultRuleError('Fault injection is off: start Switchboard with SWITCHBOARD_FAULT_INJECTION=true (development and tests only).');
    const rate = rule.rate ?? 1;
    const delayMs = rule.delayMs ?? 0;
    if (typeof rate !== 'number' || !(rate > 0 && rate <= 1)) throw new FaultRuleError('rate must be more than 0 and at most 1.');
    if (typeof delayMs !== 'number' || delayMs < 0 || delayMs > MAX_DELAY_MS) throw new FaultRuleError('delayMs must be 0 to 120000.');
    if (!rule.error && !delayMs) throw new FaultRuleError('A rule needs an error, a delay, or both.');
    if (rule.error !== undefined && (typeof rule.error !== 'string' || !/^[A-Za-z]+Exception$/.test(rule.error))) throw new FaultRuleError('error must name an exception, such as ThrottlingException.');
    if (rule.remaining !== undefined && (!Number.isInteger(rule.remaining) || rule.remaining < 1)) throw new FaultRuleError('remaining must be a whole number of at least 1.');
    for (const key of ['service', 'operation', 'instanceId', 'contactId'] as const) {
      if (rule[key] !== undefined && typeof rule[key] !== 'string') throw new FaultRuleError(`${key} must be text.`);
    }
    if (this.rules.size >= MAX_RULES) throw new FaultRuleError(`At most ${MAX_RULES} rules.`);
    const created: FaultRule = { ...rule, id: randomUUID(), rate, delayMs, hits: 0 };
    this.rules.set(created.id, created);
    return created;
  }

  list(): FaultRule[] {
    return [...this.rules.values()];
  }

  remove(id: string): boolean {
    return this.rules.delete(id);
  }

  /** The first rule that matches this call and fires (by its rate), counted against its remaining calls. */
  decide(call: { service: string; operation: string; input: Record<string, unknown> }): FaultDecision | undefined {
    if (!this.enabled || !this.rules.size) return undefined;
    const instanceId = typeof call.input.InstanceId === 'string' ? call.input.InstanceId : undefined;
    const contacts = [call.input.ContactId, call.input.InitialContactId].filter((v) => typeof v === 'string');
    for (const rule of this.rules.values()) {
      if (rule.service && rule.service !== call.service) continue;
      if (rule.operation && rule.operation !== call.operation) continue;
      if (rule.instanceId && rule.instanceId !== instanceId) continue;
      if (rule.contactId && !contacts.includes(rule.contactId)) continue;
      if (this.random() >= rule.rate) continue;
      rule.hits++;
      if (rule.remaining !== undefined && --rule.remaining <= 0) this.rules.delete(rule.id);
      return { ruleId: rule.id, error: rule.error, delayMs: rule.delayMs };
    }
    return undefined;
  }
}

export class FaultRuleError extends Error {}
