// Applies a seed (seed-file.ts) through the Connect operations, idempotently: each thing is found by its name and
// created when missing, changed only where it differs from the file, and left alone otherwise — applying the same
// file twice changes nothing. The same code applies a seed at start (in-process, main.ts) and from the command line
// (through the admin API's proxy to the same operations), behind the SeedTarget port.
import { hoursConfig, type Seed, type SeedInstance } from './seed-file.js';
import { YamlFileError } from '../yaml-reader.js';

/** Where a seed is applied: the Connect operations by name, and the widgets (Switchboard's own, not Connect's). */
export interface SeedTarget {
  connect<T>(operation: string, input: Record<string, unknown>): Promise<T>;
  listWidgets(instanceId: string): Promise<{ id: string; name: string }[]>;
  createWidget(instanceId: string, widget: { name: string; contactFlowId: string; allowedOrigins: string[]; title?: string }): Promise<void>;
}

export interface SeedResult {
  created: string[];
  updated: string[];
  unchanged: number;
}

type Named = { Id: string; Name: string; Arn?: string };

export async function applySeed(seed: Seed, target: SeedTarget): Promise<SeedResult> {
  const result: SeedResult = { created: [], updated: [], unchanged: 0 };
  for (const instance of seed.instances) await new InstanceSeeder(seed.file, instance, target, result).apply();
  return result;
}

class InstanceSeeder {
  private instanceId = '';

  constructor(private readonly file: string, private readonly seed: SeedInstance, private readonly target: SeedTarget, private readonly result: SeedResult) {}

  async apply(): Promise<void> {
    await this.instance();
    await this.hours();
    await this.queues();
    await this.flows();
    await this.routingProfiles();
    await this.users();
    await this.quickConnects();
    await this.widgets();
  }

  private async instance(): Promise<void> {
    const { InstanceSummaryList } = await this.call<{ InstanceSummaryList: { Id: string; InstanceAlias?: string }[] }>('ListInstances', {});
    const found = InstanceSummaryList.find((i) => i.InstanceAlias === this.seed.alias);
    if (found) {
      this.instanceId = found.Id;
      this.result.unchanged++;
      return;
    }
    const created = await this.call<{ Id: string }>('CreateInstance', {
      IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: this.seed.alias, InboundCallsEnabled: true, OutboundCallsEnabled: true,
      ClientToken: `seed-${this.seed.alias}`,
    }, this.seed.line);
    this.instanceId = created.Id;
    this.result.created.push(`instance ${this.seed.alias}`);
  }

  private async hours(): Promise<void> {
    const existing = await this.list('ListHoursOfOperations', 'HoursOfOperationSummaryList');
    for (const h of this.seed.hours) {
      const Config = hoursConfig(h);
      const found = existing.find((e) => e.Name === h.name);
      if (!found) {
        await this.call('CreateHoursOfOperation', { InstanceId: this.instanceId, Name: h.name, TimeZone: h.timeZone, Config }, h.line);
        this.created(`hours ${h.name}`);
        continue;
      }
      const { HoursOfOperation: now } = await this.call<{ HoursOfOperation: { TimeZone: string; Config: unknown[] } }>('DescribeHoursOfOperation', { InstanceId: this.instanceId, HoursOfOperationId: found.Id });
      if (now.TimeZone === h.timeZone && sameSet(now.Config, Config)) this.result.unchanged++;
      else {
        await this.call('UpdateHoursOfOperation', { InstanceId: this.instanceId, HoursOfOperationId: found.Id, TimeZone: h.timeZone, Config }, h.line);
        this.updated(`hours ${h.name}`);
      }
    }
  }

  private async queues(): Promise<void> {
    const existing = await this.list('ListQueues', 'QueueSummaryList', { QueueTypes: ['STANDARD'] });
    const hours = await this.list('ListHoursOfOperations', 'HoursOfOperationSummaryList');
    for (const q of this.seed.queues) {
      const hoursId = this.find(hours, q.hours, 'hours', q.refLines.hours ?? q.line, `queue "${q.name}" uses`);
      const found = existing.find((e) => e.Name === q.name);
      if (!found) {
        await this.call('CreateQueue', {
          InstanceId: this.instanceId, Name: q.name, HoursOfOperationId: hoursId, ...(q.maxContacts !== undefined ? { MaxContacts: q.maxContacts } : {}),
          ...(q.description ? { Description: q.description } : {}),
        }, q.line);
        this.created(`queue ${q.name}`);
        continue;
      }
      const { Queue: now } = await this.call<{ Queue: { HoursOfOperationId: string; MaxContacts?: number } }>('DescribeQueue', { InstanceId: this.instanceId, QueueId: found.Id });
      let changed = false;
      if (now.HoursOfOperationId !== hoursId) {
        await this.call('UpdateQueueHoursOfOperation', { InstanceId: this.instanceId, QueueId: found.Id, HoursOfOperationId: hoursId }, q.line);
        changed = true;
      }
      if (q.maxContacts !== undefined && (now.MaxContacts ?? 0) !== q.maxContacts) {
        await this.call('UpdateQueueMaxContacts', { InstanceId: this.instanceId, QueueId: found.Id, MaxContacts: q.maxContacts }, q.line);
        changed = true;
      }
      if (changed) this.updated(`queue ${q.name}`);
      else this.result.unchanged++;
    }
  }

  private async flows(): Promise<void> {
    const existing = await this.list('ListContactFlows', 'ContactFlowSummaryList') as (Named & { ContactFlowType?: string })[];
    for (const f of this.seed.flows) {
      const found = existing.find((e) => e.Name === f.name);
      if (!found) {
        await this.call('CreateContactFlow', { InstanceId: this.instanceId, Name: f.name, Type: f.type, Content: f.content }, f.line);
        this.created(`flow ${f.name}`);
        continue;
      }
      if (found.ContactFlowType && found.ContactFlowType !== f.type) {
        throw new YamlFileError(`${this.file}:${f.line}: flow "${f.name}" exists as a ${found.ContactFlowType} flow; a flow's type cannot change`);
      }
      const { ContactFlow: now } = await this.call<{ ContactFlow: { Content: string } }>('DescribeContactFlow', { InstanceId: this.instanceId, ContactFlowId: found.Id });
      if (sameJson(now.Content, f.content)) this.result.unchanged++;
      else {
        await this.call('UpdateContactFlowContent', { InstanceId: this.instanceId, ContactFlowId: found.Id, Content: f.content }, f.line);
        this.updated(`flow ${f.name}`);
      }
    }
  }

  private async routingProfiles(): Promise<void> {
    const existing = await this.list('ListRoutingProfiles', 'RoutingProfileSummaryList');
    const queues = await this.list('ListQueues', 'QueueSummaryList', { QueueTypes: ['STANDARD'] });
    for (const r of this.seed.routingProfiles) {
      const queueIds = r.queues.map((name) => this.find(queues, name, 'queue', r.refLines.queues ?? r.line, `routing profile "${r.name}" serves`));
      const outbound = this.find(queues, r.defaultOutboundQueue, 'queue', r.refLines.defaultOutboundQueue ?? r.refLines.queues ?? r.line, `routing profile "${r.name}" sends out through`);
      const found = existing.find((e) => e.Name === r.name);
      const config = (QueueId: string) => ({ QueueReference: { QueueId, Channel: 'CHAT' }, Priority: 1, Delay: 0 });
      if (!found) {
        await this.call('CreateRoutingProfile', {
          InstanceId: this.instanceId, Name: r.name, Description: r.name, DefaultOutboundQueueId: outbound,
          MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: r.concurrency }], QueueConfigs: queueIds.map(config),
        }, r.line);
        this.created(`routing profile ${r.name}`);
        continue;
      }
      let changed = false;
      const served = (await this.call<{ RoutingProfileQueueConfigSummaryList: { QueueId: string; Channel: string }[] }>('ListRoutingProfileQueues', {
        InstanceId: this.instanceId, RoutingProfileId: found.Id, MaxResults: 100,
      })).RoutingProfileQueueConfigSummaryList.filter((c) => c.Channel === 'CHAT').map((c) => c.QueueId);
      const missing = queueIds.filter((id) => !served.includes(id));
      if (missing.length) {
        await this.call('AssociateRoutingProfileQueues', { InstanceId: this.instanceId, RoutingProfileId: found.Id, QueueConfigs: missing.map(config) }, r.line);
        changed = true;
      }
      const { RoutingProfile: now } = await this.call<{ RoutingProfile: { MediaConcurrencies: { Channel: string; Concurrency: number }[] } }>('DescribeRoutingProfile', {
        InstanceId: this.instanceId, RoutingProfileId: found.Id,
      });
      if (now.MediaConcurrencies.find((m) => m.Channel === 'CHAT')?.Concurrency !== r.concurrency) {
        await this.call('UpdateRoutingProfileConcurrency', {
          InstanceId: this.instanceId, RoutingProfileId: found.Id, MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: r.concurrency }],
        }, r.line);
        changed = true;
      }
      if (changed) this.updated(`routing profile ${r.name}`);
      else this.result.unchanged++;
    }
  }

  private async users(): Promise<void> {
    const existing = (await this.call<{ UserSummaryList: { Id: string; Username: string }[] }>('ListUsers', { InstanceId: this.instanceId, MaxResults: 1000 })).UserSummaryList;
    const profiles = await this.list('ListRoutingProfiles', 'RoutingProfileSummaryList');
    for (const u of this.seed.users) {
      const profileId = this.find(profiles, u.routingProfile, 'routing profile', u.refLines.routingProfile ?? u.line, `user "${u.username}" is on`);
      const found = existing.find((e) => e.Username === u.username);
      if (!found) {
        await this.call('CreateUser', {
          InstanceId: this.instanceId, Username: u.username, Password: u.password, RoutingProfileId: profileId, SecurityProfileIds: ['Agent'],
          PhoneConfig: { PhoneType: 'SOFT_PHONE' },
          ...(u.firstName || u.lastName ? { IdentityInfo: { ...(u.firstName ? { FirstName: u.firstName } : {}), ...(u.lastName ? { LastName: u.lastName } : {}) } } : {}),
        }, u.line);
        this.created(`user ${u.username}`);
        continue;
      }
      // A password is set when the user is created; re-applying a seed does not reset one an agent has changed.
      const { User: now } = await this.call<{ User: { RoutingProfileId: string } }>('DescribeUser', { InstanceId: this.instanceId, UserId: found.Id });
      if (now.RoutingProfileId === profileId) this.result.unchanged++;
      else {
        await this.call('UpdateUserRoutingProfile', { InstanceId: this.instanceId, UserId: found.Id, RoutingProfileId: profileId }, u.line);
        this.updated(`user ${u.username}`);
      }
    }
  }

  private async quickConnects(): Promise<void> {
    const existing = await this.list('ListQuickConnects', 'QuickConnectSummaryList');
    const queues = await this.list('ListQueues', 'QueueSummaryList', { QueueTypes: ['STANDARD'] });
    const flows = await this.list('ListContactFlows', 'ContactFlowSummaryList');
    for (const q of this.seed.quickConnects) {
      const queueId = this.find(queues, q.queue, 'queue', q.refLines.queue ?? q.line, `quick connect "${q.name}" goes to`);
      const flowId = this.find(flows, q.flow, 'flow', q.refLines.flow ?? q.line, `quick connect "${q.name}" runs`);
      let id = existing.find((e) => e.Name === q.name)?.Id;
      let changed = false;
      if (!id) {
        id = (await this.call<{ QuickConnectId: string }>('CreateQuickConnect', {
          InstanceId: this.instanceId, Name: q.name, QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: queueId, ContactFlowId: flowId } },
        }, q.line)).QuickConnectId;
        this.created(`quick connect ${q.name}`);
      }
      for (const name of q.offeredIn) {
        const inQueue = this.find(queues, name, 'queue', q.refLines.offeredIn ?? q.line, `quick connect "${q.name}" is offered in`);
        const offered = (await this.call<{ QuickConnectSummaryList: { Id: string }[] }>('ListQueueQuickConnects', { InstanceId: this.instanceId, QueueId: inQueue, MaxResults: 100 }))
          .QuickConnectSummaryList.some((s) => s.Id === id);
        if (!offered) {
          await this.call('AssociateQueueQuickConnects', { InstanceId: this.instanceId, QueueId: inQueue, QuickConnectIds: [id] }, q.line);
          changed = true;
        }
      }
      if (existing.some((e) => e.Id === id)) {
        if (changed) this.updated(`quick connect ${q.name}`);
        else this.result.unchanged++;
      }
    }
  }

  private async widgets(): Promise<void> {
    if (!this.seed.widgets.length) return;
    const existing = await this.target.listWidgets(this.instanceId);
    const flows = await this.list('ListContactFlows', 'ContactFlowSummaryList');
    for (const w of this.seed.widgets) {
      const flowId = this.find(flows, w.flow, 'flow', w.refLines.flow ?? w.line, `widget "${w.name}" starts`);
      if (existing.some((e) => e.name === w.name)) {
        this.result.unchanged++;
        continue;
      }
      try {
        await this.target.createWidget(this.instanceId, { name: w.name, contactFlowId: flowId, allowedOrigins: w.allowedOrigins, ...(w.title ? { title: w.title } : {}) });
      } catch (err) {
        throw new YamlFileError(`${this.file}:${w.line}: widget "${w.name}": ${(err as Error).message}`);
      }
      this.created(`widget ${w.name}`);
    }
  }

  private created(what: string) {
    this.result.created.push(`${what} (instance ${this.seed.alias})`);
  }

  private updated(what: string) {
    this.result.updated.push(`${what} (instance ${this.seed.alias})`);
  }

  /** Every item of a List* operation, page by page. */
  private async list(operation: string, key: string, extra: Record<string, unknown> = {}): Promise<Named[]> {
    const out: Named[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.call<Record<string, unknown> & { NextToken?: string }>(operation, { InstanceId: this.instanceId, MaxResults: 100, ...extra, ...(NextToken ? { NextToken } : {}) });
      out.push(...(page[key] as Named[]));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  private find(items: Named[], name: string, kind: string, line: number, what: string): string {
    const found = items.find((i) => i.Name === name);
    if (!found) {
      throw new YamlFileError(`${this.file}:${line}: ${what} ${kind} "${name}", which instance "${this.seed.alias}" does not have (it has: ${items.map((i) => i.Name).join(', ') || 'none'})`);
    }
    return found.Id;
  }

  /** A Connect operation; a refusal names the seed line it came from. */
  private async call<T>(operation: string, input: Record<string, unknown>, line?: number): Promise<T> {
    try {
      return await this.target.connect<T>(operation, input);
    } catch (err) {
      throw new YamlFileError(`${this.file}:${line ?? this.seed.line}: ${operation} was refused: ${(err as Error).message}`);
    }
  }
}


/** The same items in any order (hours of operation come back in the order they were stored). */
function sameSet(a: unknown[], b: unknown[]): boolean {
  const norm = (list: unknown[]) => list.map((x) => JSON.stringify(sortKeys(x))).sort().join('|');
  return norm(a) === norm(b);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  return value;
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(sortKeys(JSON.parse(a))) === JSON.stringify(sortKeys(JSON.parse(b)));
  } catch {
    return a === b;
  }
}
