// The composition root: the only module that picks implementations (SQLite or PostgreSQL store,
// in-process or Redis bus, system or manual clock) and wires the protocol layer, services, domain and
// realtime layer together into one server.
import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { OperationDispatcher } from './aws-protocol/operation-dispatcher.js';
import { loadConnectModel, loadParticipantModel } from './aws-protocol/service-model.js';
import { SigV4Verifier } from './aws-protocol/sigv4-verifier.js';
import type { ChatContext, ChatSettings } from './chat/chat-context.js';
import { CHAT_EXPIRY_TIMER, Contacts } from './chat/contacts.js';
import { Instances } from './chat/instances.js';
import { Participants } from './chat/participants.js';
import { ChatStarter } from './chat/start-chat.js';
import { PersistentChats } from './chat/persistent-chat.js';
import { TimerSweeper } from './chat/timers.js';
import { ChatIntegrations } from './chat/chat-integrations.js';
import { ChatStreams } from './chat/chat-streams.js';
import { ContactEvents } from './chat/contact-events.js';
import { HttpContactEventSink } from './messaging/http-contact-event-sink.js';
import { TimeControl } from './chat/time-control.js';
import { FlowModules } from './contact-flows/flow-modules.js';
import { StorePurge } from './chat/store-purge.js';
import { HttpStreamSink } from './messaging/http-stream-sink.js';
import { ServerMetrics } from './http/server-metrics.js';
import { FaultRules } from './testing/fault-rules.js';
import { QuotaEmulation } from './testing/quota-emulation.js';
import { FollowUps } from './chat/follow-ups.js';
import { TokenService } from './chat/tokens.js';
import { EventContentType } from './chat/content-types.js';
import { toWireItem } from './chat/transcript.js';
import { FLOW_WAIT_TIMER, FlowRunner } from './contact-flows/flow-runner.js';
import { AgentContactWork } from './routing/agent-contact-work.js';
import { AgentDesk } from './routing/agent-desk.js';
import { chatActivity } from './routing/chat-activity.js';
import { InstanceResources } from './routing/instance-resources.js';
import { OFFER_TIMER, Router } from './routing/router.js';
import { ContactTransfers } from './routing/contact-transfers.js';
import { ContactLifecycle } from './routing/contact-lifecycle.js';
import { ParticipantTimers, participantTimerKind } from './routing/participant-timers.js';
import { Transcript } from './chat/transcript.js';
import { type Clock, ShiftedClock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { type AccessKeys, loadOrCreateAccessKeys } from './credentials.js';
import { createHttpServer } from './http/http-server.js';
import { RequestLimits } from './http/request-limits.js';
import { createLogger, type Logger } from './logger.js';
import type { EventBus } from './messaging/event-bus.js';
import { InProcessEventBus } from './messaging/in-process-event-bus.js';
import { ParticipantSocketServer } from './realtime/participant-socket.js';
import { AgentSocketServer } from './realtime/agent-socket.js';
import { registerAgentApi } from './services/agent-api/agent-api.js';
import { registerAttachmentRoutes } from './services/attachments/attachment-routes.js';
import { registerWidgetApi } from './services/widget-api/widget-api.js';
import { type FlowTester, registerAdminApi } from './services/admin-api/admin-api.js';
import { registerWebApp } from './http/web-app.js';
import { Widgets } from './routing/widgets.js';
import { QuickResponses } from './routing/quick-responses.js';
import { LiveQueueMetrics } from './routing/live-queue-metrics.js';
import { Attachments } from './chat/attachments.js';
import { FilesystemBlobStore } from './blobs/filesystem-blob-store.js';
import { ConnectService } from './services/connect/connect-service.js';
import { operationHandlers } from './aws-protocol/operation-types.js';
import type { ConnectOperations } from './services/connect/connect-operations.generated.js';
import { ContactOperations } from './services/connect/contact-operations.js';
import type { ParticipantOperations } from './services/participant/participant-operations.generated.js';
import { FlowOperations } from './services/connect/flow-operations.js';
import { ResourceLifecycleOperations } from './services/connect/resource-lifecycle-operations.js';
import { RoutingOperations } from './services/connect/routing-operations.js';
import { IntegrationOperations } from './services/connect/integration-operations.js';
import { MetricsV2Operations } from './services/connect/metrics-v2-operations.js';
import { SearchOperations } from './services/connect/search-operations.js';
import { TagOperations } from './services/connect/tag-operations.js';
import { UserOperations } from './services/connect/user-operations.js';
import { type ViewData, ViewOperations, describe as describeView } from './services/connect/view-operations.js';
import { ContactFlows } from './contact-flows/contact-flows.js';
import { Users } from './routing/users.js';
import { ParticipantService } from './services/participant/participant-service.js';
import { connectValidationError, mapConnectError, mapParticipantError } from './services/service-error-mapping.js';
import { openSqliteStore } from './storage/sqlite/sqlite-store.js';
import type { Store } from './storage/store.js';

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** Sweep timers on an interval (tests with a manual clock sweep by hand). */
  sweepTimers?: boolean;
  /** The flow test runner for the admin console's test panel (given by the entry point: it builds servers itself). */
  flowTester?: FlowTester;
  /** With time control: the time the server's clock starts at (a flow test scenario's `at`); default now. */
  startAt?: number;
}

export interface App {
  widgets: Widgets;
  desk: AgentDesk;
  users: Users;
  work: AgentContactWork;
  router: Router;
  resources: InstanceResources;
  /** The URL clients are told to use (SWITCHBOARD_PUBLIC_URL, or the bound address). */
  url: string;
  purge: StorePurge;
  /** The address actually bound, for local callers and tests. */
  localUrl: string;
  keys: AccessKeys;
  settings: ChatSettings;
  store: Store;
  bus: EventBus;
  instances: Instances;
  timers: TimerSweeper;
  sockets: ParticipantSocketServer;
  /** SWITCHBOARD_MODE: in production no demo agent is created. */
  mode: 'development' | 'production';
  /** Test tooling (src/testing/): the clock's control and the fault rules, each off unless configured. */
  timeControl: TimeControl;
  faults: FaultRules;
  /**
   * Runs an operation of a service in this process, through the same parsing, validation, handler and error shapes
   * as a request over HTTP, minus SigV4 (the flow test runner; a Participant call names its token as the
   * ParticipantToken or ConnectionToken member).
   */
  invoke(service: 'Connect' | 'ConnectParticipant', operation: string, input: Record<string, unknown>): Promise<{ status: number; body: string }>;
  /** Resolves once the follow-up work of every committed change (flow steps, Lambda calls, routing) has run. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Handler objects checked against the models' operations at compile time (aws-protocol/operation-types.ts). */
const connectHandlers = operationHandlers<ConnectOperations>();
const participantHandlers = operationHandlers<ParticipantOperations>();

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // Time control (development and tests): the system clock shifted by what the admin API moves it forward.
  const shifted = !options.clock && config.timeControl ? new ShiftedClock(options.startAt === undefined ? 0 : options.startAt - Date.now()) : undefined;
  const clock = options.clock ?? shifted ?? systemClock;
  // The PostgreSQL and Redis drivers load only when configured: a single node starts without them (cold start).
  const store = config.databaseUrl
    ? await (await import('./storage/postgres/postgres-store.js')).openPostgresStore(config.databaseUrl)
    : await openSqliteStore(join(config.dataDir, 'switchboard.db'));
  const bus: EventBus = config.redisUrl
    ? new (await import('./messaging/redis-event-bus.js')).RedisEventBus(config.redisUrl)
    : new InProcessEventBus();
  const keys = loadOrCreateAccessKeys(config.dataDir, config);
  const settings: ChatSettings = {
    arn: { partition: 'aws', region: config.region, accountId: config.accountId },
    maxActiveChatsPerInstance: config.maxActiveChatsPerInstance,
    websocketBaseUrl: '', // known once the port is bound
    httpBaseUrl: '',
  };
  const tokens = new TokenService(clock);
  const followUps = new FollowUps(logger);
  const contactEvents = new ContactEvents(store, clock, settings.arn,
    new HttpContactEventSink(config.contactEventEndpoints, config.contactEventSecret ?? keys.secretAccessKey), logger);
  const ctx: ChatContext = { logger, store, bus, clock, tokens, transcript: new Transcript(bus, clock), settings, followUps, contactEvents };
  const instances = new Instances(ctx);
  const contacts = new Contacts(ctx);
  const persistent = new PersistentChats(ctx);
  // Built in dependency order, each from its collaborators: no setters, no cycles.
  const resources = new InstanceResources(settings.arn, clock);
  const router = new Router(ctx, resources, { offerTimeoutMs: config.offerTimeoutSeconds * 1000 });
  const participantTimers = new ParticipantTimers(ctx, contacts);
  const lifecycle = new ContactLifecycle(ctx, contacts, router, participantTimers);
  const runner = new FlowRunner(ctx, resources, config.lambdaEndpoints, persistent, contacts, router, lifecycle);
  const activity = chatActivity(ctx, contacts, runner, lifecycle, participantTimers);
  const participants = new Participants(ctx, contacts, persistent, activity);
  const starter = new ChatStarter(ctx, instances, contacts, persistent, activity);
  const attachments = new Attachments(ctx, participants, new FilesystemBlobStore(join(config.dataDir, 'attachments')), keys.secretAccessKey);
  const desk = new AgentDesk(ctx, resources, router, runner, participantTimers);
  const transfers = new ContactTransfers(ctx, resources, contacts, router, runner);
  const streams = new ChatStreams(ctx, contacts, new HttpStreamSink(config.streamingEndpoints));
  const integrations = new ChatIntegrations(ctx, starter, participants, streams, config.integrationDestinations);
  const work = new AgentContactWork(ctx, resources, contacts, router, transfers, activity, runner);
  const users = new Users(ctx, resources, router);
  const widgets = new Widgets(ctx, resources, createHmac('sha256', keys.secretAccessKey).update('switchboard widget continuations').digest(),
    config.widgetContinuationDays * 24 * 60 * 60_000);
  const contactFlows = new ContactFlows(ctx);
  const quickResponses = new QuickResponses(ctx, resources);
  const liveQueues = new LiveQueueMetrics(ctx, resources);
  /** Aborted at shutdown: the faces' live streams end, so they do not hold the HTTP server open. */
  const closing = new AbortController();
  const flowModules = new FlowModules(ctx, resources, contactFlows);

  const limits = new RequestLimits(config.rateLimits);
  const faults = new FaultRules(config.faultInjection);
  const quotas = new QuotaEmulation(config.quotaEmulation);
  /** What a validated call meets before its handler: an emulated quota (ThrottlingException), then fault rules. */
  const testFaults = (service: 'Connect' | 'ConnectParticipant') => async (operation: string, input: Record<string, unknown>) => {
    const retryAfterSeconds = await quotas.check(service, operation, input);
    if (retryAfterSeconds !== undefined) return { error: 'ThrottlingException', delayMs: 0, retryAfterSeconds };
    return faults.decide({ service, operation, input });
  };
  // Signature freshness is wall-clock time, not domain time: a test that moves the domain clock still signs now.
  const verifier = new SigV4Verifier((id) => (id === keys.accessKeyId ? keys.secretAccessKey : undefined), 'connect');
  const dispatcher = new OperationDispatcher(
    [
      {
        model: loadParticipantModel(),
        handlers: participantHandlers(new ParticipantService(participants, async (instanceId, viewId) => {
          const v = describeView(await resources.get<ViewData>(store, instanceId, 'view', viewId));
          return { Id: v.Id, Arn: v.Arn, Name: v.Name, Version: v.Version, Content: v.Content };
        }, attachments)),
        throttle: async (req) => {
          const bearer = req.headers['x-amz-bearer'];
          return (await limits.participantCall(Array.isArray(bearer) ? bearer.join(',') : bearer ?? ''))?.retryAfterSeconds;
        },
        validationErrorName: () => 'ValidationException',
        faults: testFaults('ConnectParticipant'),
        internalErrorName: 'InternalServerException',
        mapError: mapParticipantError,
      },
      {
        model: loadConnectModel(),
        handlers: [
          connectHandlers(new ConnectService({ store, settings, instances, contacts, lifecycle, participants, starter, participantTimers, persistent })),
          connectHandlers(new ContactOperations(ctx, instances, contacts, transfers, router, runner, streams)),
          connectHandlers(new FlowOperations(instances, contactFlows, flowModules)),
          connectHandlers(new RoutingOperations(ctx, instances, resources)),
          connectHandlers(new ResourceLifecycleOperations(ctx, instances, resources, router)),
          connectHandlers(new TagOperations(ctx, instances, resources)),
          connectHandlers(new SearchOperations(ctx, instances, resources)),
          connectHandlers(new MetricsV2Operations(ctx, instances, resources)),
          connectHandlers(new IntegrationOperations(instances, integrations)),
          connectHandlers(new UserOperations(ctx, instances, resources, users, desk)),
          connectHandlers(new ViewOperations(ctx, instances, resources)),
        ],
        authenticate: (req) => verifier.verify(req),
        // After authentication: only a caller who holds the key can spend its budget.
        throttle: async (_req, caller) => (await limits.connectCall((caller as { accessKeyId: string }).accessKeyId))?.retryAfterSeconds,
        validationErrorName: connectValidationError,
        faults: testFaults('Connect'),
        internalErrorName: 'InternalServiceException',
        mapError: mapConnectError,
      },
    ],
    logger,
  );

  const timers = new TimerSweeper(store, clock, logger, config.timerLeaseSeconds * 1000);
  timers.on(CHAT_EXPIRY_TIMER, (contactId) => lifecycle.expire(contactId));
  timers.on(FLOW_WAIT_TIMER, (contactId, payload) => runner.onWaitTimer(contactId, payload));
  timers.on(OFFER_TIMER, (contactId, payload) => router.offerExpired(contactId, payload));
  for (const role of ['CUSTOMER', 'AGENT'] as const) {
    timers.on(participantTimerKind(role), (contactId, payload) => participantTimers.onTimer(contactId, payload, activity));
  }
  // Routing also runs on a beat: queue Delay settings come due with time, and a node that died mid-dispatch is covered.
  timers.every(async () => {
    for (const instance of await instances.list()) {
      await router.expireStaleOffers(instance.id);
      await router.dispatch(instance.id);
    }
  });
  const timeControl = new TimeControl(shifted, store, () => timers.sweep());

  const metrics = new ServerMetrics({
    sockets: () => ({ participant: sockets.counts.sockets, agent: agentSockets.count }),
    activeChats: async () => Object.fromEntries(await Promise.all((await instances.list()).map(async (i) => [i.id, await store.countActiveContacts(i.id)] as const))),
    overdueTimers: async () => (await store.dueTimers(clock.now(), 10_000)).length,
    queueSizes: async () => {
      const sizes = [];
      for (const instance of await instances.list()) {
        for (const queue of await resources.list(store, instance.id, 'queue')) {
          const waiting = (await store.listContactRoutingInQueue(instance.id, queue.id)).filter((r) => r.state === 'QUEUED').length;
          sizes.push({ instance: instance.id, queue: queue.name, waiting });
        }
      }
      return sizes;
    },
  });
  const sockets = new ParticipantSocketServer(
    bus,
    async (token) => {
      const { participant, contact } = await participants.session(store, token, 'websocket');
      return { participantId: participant.id, initialContactId: contact.initialContactId };
    },
    config.websocket,
    // chatjs learns a chat is persistent from a chat.rehydrated event on its socket (onChatRehydrated).
    async (session) => {
      if (!(await store.getPersistentLinkForChat(session.initialContactId))) return [];
      const items = await store.listTranscriptItems({ initialContactId: session.initialContactId, order: 'asc', limit: 20 });
      return items.filter((i) => i.contentType === EventContentType.chatRehydrated).map((i) => toWireItem(i));
    },
    faults.enabled ? faults : undefined,
  );
  const agentSockets = new AgentSocketServer(bus, (token) => desk.session(token), config.websocket);
  const http = createHttpServer(
    dispatcher,
    logger,
    [(req, socket, head) => sockets.handleUpgrade(req, socket, head), (req, socket, head) => agentSockets.handleUpgrade(req, socket, head)],
    {
      maxBodyBytes: config.maxBodyBytes, trustedProxies: config.trustedProxies, metrics,
      ready: async () => {
        await store.listInstances();
        await bus.publish('health', {});
      },
    },
    (app) => {
      registerAgentApi(app, { store, clock, instances, resources, desk, work, limits, quickResponses, liveQueues, closing: closing.signal });
      registerAttachmentRoutes(app, attachments);
      registerWidgetApi(app, { widgets, starter, limits, region: config.region, endpoint: () => settings.httpBaseUrl });
      registerAdminApi(app, { ctx, instances, widgets, flows: contactFlows, resources, keys, limits, attachments, timeControl, faults, quickResponses, liveQueues, closing: closing.signal, flowTester: options.flowTester, connect: (op, input) => dispatcher.invoke('Connect', op, input) });
      registerWebApp(app);
    },
  );

  if (options.sweepTimers ?? true) timers.start();
  const purge = new StorePurge(store, clock, logger);
  purge.start(config.purgeIntervalSeconds * 1000);
  streams.begin();
  await contactEvents.begin();

  await http.listen({ host: config.host, port: config.port });
  const { port } = http.server.address() as AddressInfo;
  const localHost = ['0.0.0.0', '::', 'localhost', '127.0.0.1'].includes(config.host) ? '127.0.0.1' : config.host;
  const localUrl = `http://${localHost}:${port}`;
  const url = config.publicUrl ?? localUrl;
  // chatjs accepts only wss://… or ws://127.0.0.1:… websocket URLs.
  settings.websocketBaseUrl = url.replace(/^http/, 'ws');
  settings.httpBaseUrl = url;

  return {
    url, localUrl, keys, settings, store, purge, bus, instances, timers, sockets, desk, work, router, resources, users, widgets, timeControl, faults,
    mode: config.mode,
    invoke: (service, operation, input) => dispatcher.invoke(service, operation, input),
    settle: () => followUps.idle(),
    /**
     * Graceful stop (SIGTERM): stop accepting requests and sweeping timers, let in-flight requests and follow-up
     * work finish, close websockets with 1012 (service restart: chatjs and the workspace reconnect, to another node
     * behind a balancer), then close the bus and the store.
     */
    async close() {
      purge.stop();
      closing.abort();
      liveQueues.close();
      const closingHttp = http.close();
      await timers.stop();
      await streams.end();
      await contactEvents.end();
      await followUps.drain();
      await sockets.close();
      await agentSockets.close();
      await closingHttp;
      await bus.close();
      await store.close();
    },
  };
}

/** Creates the ready default instance on first start; returns it (or the existing first instance). */
export async function ensureDefaultInstance(app: App) {
  const existing = await app.instances.list();
  // A fixed ClientToken makes nodes of a cluster that start together agree on one default instance.
  const instance = existing[0] ?? (await app.instances.get((await app.instances.create({
    identityManagementType: 'CONNECT_MANAGED', alias: 'switchboard', inboundCallsEnabled: true, outboundCallsEnabled: true,
    clientToken: 'switchboard-default-instance',
  })).id));
  const defaults = await app.instances.defaults(instance.id);
  // A demo agent on first start, so a newcomer can take the chat they start; its password is shown once. Never in
  // production mode: an account with a printed password is no default for a real deployment.
  let demoAgent: { username: string; password: string } | undefined;
  const existingUsers = await app.resources.list(app.store, instance.id, 'user');
  if (app.mode !== 'production' && !existing.length && !existingUsers.length) {
    const password = `Demo-${randomBytes(6).toString('base64url')}1a`;
    await app.users.create(instance.id, instance.identityManagementType, {
      username: 'demo-agent', password, routingProfileId: defaults.basicRoutingProfileId, securityProfileIds: ['Agent'],
      identityInfo: { FirstName: 'Demo', LastName: 'Agent' },
    });
    demoAgent = { username: 'demo-agent', password };
  }
  return { instance, defaults, demoAgent };
}
