// The flow test runner (docs/flow-testing.md): runs a flow in Amazon's export format through scenarios of customer
// turns, headless, each in a Switchboard of its own on a virtual clock — the same interpreter, store and
// operations a live chat uses, driven through the Connect and Participant operations — and reports what the
// customer saw, the final attributes, where the contact ended, its flow trace, and block and branch coverage.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type App, createApp, ensureDefaultInstance } from '../app.js';
import { loadConfig } from '../config.js';
import { type FlowDocument, parseFlowDocument } from '../contact-flows/flow-definition.js';
import { createLogger } from '../logger.js';
import { type FlowCoverage, type TraceEntry, flowCoverage } from './flow-coverage.js';
import { checkExpectations, type SeenMessage } from './flow-expectations.js';
import { LambdaStubs, type LambdaCall } from './lambda-stubs.js';
import { hoursConfig, type SeedHours } from '../seed/seed-file.js';
import { type Scenario, toMatcher, type Turn } from './scenario.js';

/** The flow under test: its export (Amazon's flow language, with the designer's Metadata) and a name for reports. */
export interface FlowUnderTest {
  name: string;
  content: string;
  /**
   * Names of the queues its ARNs point to, where known beyond the export's metadata (a flow of a running instance,
   * tested from the admin console, names its own queues by ARN).
   */
  queueNames?: Record<string, string>;
  /** Flows it names (transfers, event hooks), by the reference written in it → their content; a scenario's `flows` win. */
  referencedFlows?: Record<string, string>;
}

export interface ScenarioReport {
  scenario: string;
  file: string;
  line: number;
  passed: boolean;
  /** Each names the scenario line and, for a block, its type, text and identifier. */
  failures: string[];
  contactId?: string;
  /** Messages from the flow (and any agent) in the order the customer saw them. */
  messages: SeenMessage[];
  attributes: Record<string, string>;
  ended: { state: 'queue' | 'disconnected' | 'flow'; queue?: string; reason?: string };
  /** The contact's flow trace, every flow it ran (entries shaped like Amazon's flow logs). */
  trace: (TraceEntry & Record<string, unknown>)[];
  lambdaCalls: LambdaCall[];
}

export interface FlowTestReport {
  flow: string;
  passed: boolean;
  scenarios: ScenarioReport[];
  /** Blocks and branches of the flow under test exercised by all the scenarios together. */
  coverage: FlowCoverage;
}

export function readFlowFile(path: string): FlowUnderTest {
  return { name: basename(path), content: readFileSync(path, 'utf8') };
}

export async function runFlowTests(flow: FlowUnderTest, scenarios: Scenario[]): Promise<FlowTestReport> {
  const doc = parseFlowDocument(flow.content);
  const reports: ScenarioReport[] = [];
  const traced: TraceEntry[] = [];
  for (const scenario of scenarios) {
    const { report, flowId } = await runScenario(flow, doc, scenario);
    reports.push(report);
    traced.push(...report.trace.filter((e) => e.ContactFlowId === flowId));
  }
  return { flow: flow.name, passed: reports.every((r) => r.passed), scenarios: reports, coverage: flowCoverage(doc, traced) };
}

async function runScenario(flow: FlowUnderTest, doc: FlowDocument, scenario: Scenario): Promise<{ report: ScenarioReport; flowId?: string }> {
  const report: ScenarioReport = {
    scenario: scenario.name, file: scenario.file, line: scenario.line, passed: false, failures: [], messages: [], attributes: {},
    ended: { state: 'flow' }, trace: [], lambdaCalls: [],
  };
  const flowFiles = { ...flow.referencedFlows, ...Object.fromEntries(Object.entries(scenario.flows).map(([ref, path]) => [ref, readFileSync(path, 'utf8')])) };
  const stubs = await LambdaStubs.start([...Object.keys(scenario.lambdas), ...lambdaArns([flow.content, ...Object.values(flowFiles)])]);
  let session: ScenarioSession | undefined;
  stubs.use(scenario.lambdas, (contactId, name) => session!.addBot(contactId, name));
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-flow-test-'));
  const app = await createApp(loadConfig({
    SWITCHBOARD_PORT: '0', SWITCHBOARD_HOST: '127.0.0.1', SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_TIME_CONTROL: 'true',
    SWITCHBOARD_LAMBDA_ENDPOINTS: JSON.stringify(stubs.endpoints),
  }), { logger: createLogger('silent'), sweepTimers: false, ...(scenario.startAt !== undefined ? { startAt: scenario.startAt } : {}) });
  try {
    session = new ScenarioSession(app, (await ensureDefaultInstance(app)).instance.id);
    const flowId = await session.install(flow, flowFiles, scenario);
    await session.start(flowId, scenario);
    await session.play(scenario.turns, report);
    await session.finish(report);
    report.lambdaCalls = [...stubs.calls];
    report.failures.push(...checkExpectations(doc, flowId, scenario, report));
    report.passed = !report.failures.length;
    return { report, flowId };
  } catch (err) {
    report.failures.push(err instanceof ScenarioFailure ? err.message : `${scenario.file}:${scenario.line}: ${(err as Error).message}`);
    return { report };
  } finally {
    await app.close();
    await stubs.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

class ScenarioFailure extends Error {}

/** One scenario's chat, driven through the operations a client would call. */
class ScenarioSession {
  private connectionToken = '';
  private contactId = '';
  private botConnectionToken = '';
  private readonly queueNames = new Map<string, string>();
  /** How many of the customer's seen messages earlier `expect` turns have gone past. */
  private cursor = 0;

  constructor(private readonly app: App, private readonly instanceId: string) {}

  /** Creates the flows (and the queues they name) in the scenario's instance; answers the tested flow's id. */
  async install(flow: FlowUnderTest, flowFiles: Record<string, string>, scenario: Scenario): Promise<string> {
    const refs = new Map<string, string>();
    for (const [ref, file] of Object.entries(flowFiles)) {
      const created = await this.createFlow(`Referenced ${Object.keys(flowFiles).indexOf(ref) + 1}`, await this.withQueues(file, flow.queueNames), ref);
      refs.set(ref, created.Arn);
    }
    let main = await this.withQueues(flow.content, flow.queueNames);
    for (const [ref, arn] of refs) main = replaceAll(main, ref, arn);
    const flowId = (await this.createFlow('Flow under test', main, 'the flow under test')).Id;
    for (const h of scenario.hours) await this.setHours(h);
    for (const [name, { agentsAvailable }] of Object.entries(scenario.queues)) await this.staff(name, agentsAvailable, scenario);
    return flowId;
  }

  async start(flowId: string, scenario: Scenario): Promise<void> {
    const started = await this.call<{ ContactId: string; ParticipantToken: string }>('Connect', 'StartChatContact', {
      InstanceId: this.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: scenario.customer.displayName },
      ...(Object.keys(scenario.attributes).length ? { Attributes: scenario.attributes } : {}),
    });
    this.contactId = started.ContactId;
    // The flow runs from StartChatContact on; one that ends the chat at once leaves the customer nothing to connect to.
    if (await this.active()) {
      const connection = await this.call<{ ConnectionCredentials: { ConnectionToken: string } }>('ConnectParticipant', 'CreateParticipantConnection', {
        ParticipantToken: started.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true,
      });
      this.connectionToken = connection.ConnectionCredentials.ConnectionToken;
    }
    await this.app.settle();
  }

  async play(turns: Turn[], report: ScenarioReport): Promise<void> {
    report.contactId = this.contactId;
    for (const turn of turns) {
      const at = `line ${turn.line}`;
      if ('wait' in turn) await this.app.timeControl.advance(turn.wait * 1000);
      else if ('bot' in turn) {
        if (!this.botConnectionToken) throw new ScenarioFailure(`${at}: no bot is in the chat (a Lambda answer adds one with addBot)`);
        await this.call('ConnectParticipant', 'DisconnectParticipant', { ConnectionToken: this.botConnectionToken });
      }
      else if ('say' in turn) await this.send('text/plain', turn.say, at);
      else if ('choose' in turn) {
        await this.send('application/vnd.amazonaws.connect.message.interactive.response',
          JSON.stringify({ templateType: 'QuickReply', version: '1.0', data: { content: { title: turn.choose } } }), at);
      } else {
        const seen = await this.seen();
        const matches = toMatcher(turn.expect);
        const found = seen.findIndex((m, i) => i >= this.cursor && matches(m.content));
        if (found < 0) {
          const since = seen.slice(this.cursor).map((m) => JSON.stringify(short(m.content))).join(', ') || 'nothing';
          throw new ScenarioFailure(`${at}: expected a message matching ${JSON.stringify(turn.expect)}; since the last match the customer saw ${since}`);
        }
        this.cursor = found + 1;
      }
      await this.app.settle();
    }
  }

  async finish(report: ScenarioReport): Promise<void> {
    report.messages = await this.seen();
    const { Contact: c } = await this.call<{ Contact: { DisconnectTimestamp?: number; DisconnectReason?: string; QueueInfo?: { Id: string } } }>(
      'Connect', 'DescribeContact', { InstanceId: this.instanceId, ContactId: this.contactId });
    report.ended = c.DisconnectTimestamp !== undefined
      ? { state: 'disconnected', ...(c.DisconnectReason ? { reason: c.DisconnectReason } : {}) }
      : c.QueueInfo ? { state: 'queue', queue: await this.queueName(c.QueueInfo.Id) } : { state: 'flow' };
    report.attributes = (await this.call<{ Attributes: Record<string, string> }>('Connect', 'GetContactAttributes', {
      InstanceId: this.instanceId, InitialContactId: this.contactId,
    })).Attributes;
    report.trace = (await this.app.store.listFlowTrace(this.contactId, 2000)).map((t) => t.entry as unknown as ScenarioReport['trace'][number]);
  }

  /**
   * What the customer saw: every message not their own, from the chat's transcript. Read from the store, not through
   * the customer's GetTranscript, which refuses once the chat has ended — and a flow's last words come just before.
   */
  private async seen(): Promise<SeenMessage[]> {
    const out: SeenMessage[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await this.app.store.listTranscriptItems({ initialContactId: this.contactId, order: 'asc', limit: 500, ...(afterId ? { afterId } : {}) });
      for (const item of page) {
        if (item.type !== 'MESSAGE' || item.participantRole === 'CUSTOMER') continue;
        out.push({ role: item.participantRole ?? '', from: item.displayName ?? '', contentType: item.contentType, content: item.content ?? '' });
      }
      if (page.length < 500) return out;
      afterId = page[page.length - 1]!.id;
    }
  }

  private async active(): Promise<boolean> {
    const { Contact } = await this.call<{ Contact: { DisconnectTimestamp?: number } }>('Connect', 'DescribeContact', { InstanceId: this.instanceId, ContactId: this.contactId });
    return Contact.DisconnectTimestamp === undefined;
  }

  private async send(contentType: string, content: string, at: string): Promise<void> {
    if (!this.connectionToken) throw new ScenarioFailure(`${at}: the customer cannot send ${JSON.stringify(short(content))}: the chat ended before they connected`);
    try {
      await this.call('ConnectParticipant', 'SendMessage', { ConnectionToken: this.connectionToken, ContentType: contentType, Content: content });
    } catch (err) {
      throw new ScenarioFailure(`${at}: the customer could not send ${JSON.stringify(short(content))}: ${(err as Error).message}`);
    }
  }

  /** A custom bot joins the chat, as a Lambda adds one: CreateParticipant (CUSTOM_BOT), then its connection. */
  async addBot(contactId: string, displayName: string): Promise<void> {
    const created = await this.call<{ ParticipantCredentials: { ParticipantToken: string } }>('Connect', 'CreateParticipant', {
      InstanceId: this.instanceId, ContactId: contactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: displayName },
    });
    const connection = await this.call<{ ConnectionCredentials: { ConnectionToken: string } }>('ConnectParticipant', 'CreateParticipantConnection', {
      ParticipantToken: created.ParticipantCredentials.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'],
    });
    this.botConnectionToken = connection.ConnectionCredentials.ConnectionToken;
  }

  /** Queues the flow names by ARN: the instance's queue of the name the export shows, or a new one of that name. */
  private async withQueues(content: string, known: Record<string, string> = {}): Promise<string> {
    let out = content;
    for (const arn of new Set(content.match(/arn:aws[\w-]*:connect:[^"\\\s]*:instance\/[^/"\\]+\/queue\/[^"\\\s]+/g) ?? [])) {
      const name = known[arn] ?? queueNameInExport(content, arn) ?? `Queue ${arn.split('/').pop()!.slice(0, 8)}`;
      out = replaceAll(out, arn, await this.queueArn(name));
    }
    return out;
  }

  private async queueArn(name: string): Promise<string> {
    const list = await this.call<{ QueueSummaryList: { Id: string; Arn: string; Name: string }[] }>('Connect', 'ListQueues', { InstanceId: this.instanceId, QueueTypes: ['STANDARD'] });
    for (const q of list.QueueSummaryList) this.queueNames.set(q.Id, q.Name);
    const existing = list.QueueSummaryList.find((q) => q.Name === name);
    if (existing) return existing.Arn;
    const hours = (await this.call<{ HoursOfOperationSummaryList: { Id: string }[] }>('Connect', 'ListHoursOfOperations', { InstanceId: this.instanceId })).HoursOfOperationSummaryList[0]!;
    const created = await this.call<{ QueueId: string; QueueArn: string }>('Connect', 'CreateQueue', { InstanceId: this.instanceId, Name: name, HoursOfOperationId: hours.Id });
    this.queueNames.set(created.QueueId, name);
    return created.QueueArn;
  }

  private async queueName(id: string): Promise<string> {
    if (!this.queueNames.has(id)) await this.queueArn('BasicQueue');
    return this.queueNames.get(id) ?? id;
  }

  /** Hours of operation as the scenario sets them: the named hours changed (Basic Hours serves BasicQueue), or new. */
  private async setHours(h: SeedHours): Promise<void> {
    const Config = hoursConfig(h);
    const existing = (await this.call<{ HoursOfOperationSummaryList: { Id: string; Name: string }[] }>('Connect', 'ListHoursOfOperations', { InstanceId: this.instanceId }))
      .HoursOfOperationSummaryList.find((e) => e.Name === h.name);
    if (existing) await this.call('Connect', 'UpdateHoursOfOperation', { InstanceId: this.instanceId, HoursOfOperationId: existing.Id, TimeZone: h.timeZone, Config });
    else await this.call('Connect', 'CreateHoursOfOperation', { InstanceId: this.instanceId, Name: h.name, TimeZone: h.timeZone, Config });
  }

  /** Agents logged in and Available on a routing profile that serves the queue (queue states for metric checks). */
  private async staff(queueName: string, agents: number, scenario: Scenario): Promise<void> {
    if (!agents) return;
    const queueId = (await this.queueArn(queueName)).split('/').pop()!;
    const profile = await this.call<{ RoutingProfileId: string }>('Connect', 'CreateRoutingProfile', {
      InstanceId: this.instanceId, Name: `Agents of ${queueName}`, Description: `Flow test agents (${scenario.name})`, DefaultOutboundQueueId: queueId,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }], QueueConfigs: [{ QueueReference: { QueueId: queueId, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
    });
    const instance = await this.app.instances.get(this.instanceId);
    for (let i = 1; i <= agents; i++) {
      const username = `agent-${i}-${queueId.slice(0, 8)}`;
      const password = `Flow-test-${i}a`;
      await this.app.users.create(this.instanceId, instance.identityManagementType, {
        username, password, routingProfileId: profile.RoutingProfileId, securityProfileIds: ['Agent'], identityInfo: { FirstName: 'Agent', LastName: String(i) },
      });
      const { token } = await this.app.desk.login(this.instanceId, username, password);
      await this.app.desk.setStatus(await this.app.desk.session(token), 'Available');
    }
  }

  private async createFlow(name: string, content: string, what: string): Promise<{ Id: string; Arn: string }> {
    try {
      const out = await this.call<{ ContactFlowId: string; ContactFlowArn: string }>('Connect', 'CreateContactFlow', {
        InstanceId: this.instanceId, Name: name, Type: 'CONTACT_FLOW', Content: content, Status: 'PUBLISHED',
      });
      return { Id: out.ContactFlowId, Arn: out.ContactFlowArn };
    } catch (err) {
      throw new ScenarioFailure(`${what} does not publish: ${(err as Error).message}`);
    }
  }

  private async call<T>(service: 'Connect' | 'ConnectParticipant', operation: string, input: Record<string, unknown>): Promise<T> {
    const res = await this.app.invoke(service, operation, input);
    const body = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
    if (res.status >= 300) {
      const problems = Array.isArray(body.problems) ? ` ${(body.problems as { message?: string }[]).map((p) => p.message).join(' ')}` : '';
      throw new Error(`${operation} answered ${res.status} ${String(body.Message ?? body.message ?? '')}${problems}`);
    }
    return body as T;
  }
}

/** The queue name the flow designer stored beside a block that uses the queue ARN. */
function queueNameInExport(content: string, arn: string): string | undefined {
  const doc = JSON.parse(content) as { Actions?: { Identifier: string; Parameters?: Record<string, unknown> }[]; Metadata?: { ActionMetadata?: Record<string, Record<string, unknown>> } };
  for (const a of doc.Actions ?? []) {
    if (a.Parameters?.QueueId !== arn) continue;
    const meta = doc.Metadata?.ActionMetadata?.[a.Identifier] as { queue?: { text?: unknown }; parameters?: { QueueId?: { displayName?: unknown } } } | undefined;
    const name = meta?.queue?.text ?? meta?.parameters?.QueueId?.displayName;
    if (typeof name === 'string' && name) return name;
  }
  return undefined;
}

/** Lambda functions the flows name statically (dynamic ones are served when the scenario stubs them). */
function lambdaArns(contents: string[]): string[] {
  return contents.flatMap((c) => (JSON.parse(c) as { Actions?: { Type: string; Parameters?: { LambdaFunctionARN?: unknown } }[] }).Actions ?? [])
    .filter((a) => a.Type === 'InvokeLambdaFunction' && typeof a.Parameters?.LambdaFunctionARN === 'string' && !a.Parameters.LambdaFunctionARN.startsWith('$.'))
    .map((a) => a.Parameters!.LambdaFunctionARN as string);
}

/** Replaces a reference everywhere in a flow's JSON text, as written there (JSON-escaped). */
function replaceAll(json: string, from: string, to: string): string {
  return json.split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(to).slice(1, -1));
}

const short = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
