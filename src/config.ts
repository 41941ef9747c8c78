// Typed configuration from the environment. The only module that reads process.env; every variable is
// documented in docs/configuration.md.
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… selects the PostgreSQL store; absent selects embedded SQLite in dataDir. */
  databaseUrl?: string;
  /** redis://… selects the Redis event bus; absent selects the in-process bus (single node). */
  redisUrl?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  accountId: string;
  region: string;
  /** The URL clients reach this server by (https://chat.example.com); websocket URLs are derived from it. */
  publicUrl?: string;
  maxActiveChatsPerInstance: number;
  logLevel: string;
  /** Whether to create the ready default instance on first start. */
  seedDefaultInstance: boolean;
  /** SWITCHBOARD_SEED_FILE: a declarative seed applied at every start (docs/seed.md). */
  seedFile?: string;
  /** How long an agent has to accept an offered contact. */
  offerTimeoutSeconds: number;
  /** InvokeLambdaFunction: Lambda ARN → HTTP endpoint that receives Amazon's ContactFlowEvent. */
  lambdaEndpoints: Record<string, string>;
  /** StartContactStreaming: SNS topic ARN → HTTP endpoint that receives the topic's notifications. */
  streamingEndpoints: Record<string, string>;
  /** SWITCHBOARD_CONTACT_EVENT_ENDPOINTS: URLs that receive contact events (docs/contact-events.md). */
  contactEventEndpoints: string[];
  /** The HMAC key contact events are signed with (default: the secret access key). */
  contactEventSecret?: string;
  /** SendChatIntegrationEvent: DestinationId (the business's number or address) → the contact flow ARN its chats start in. */
  integrationDestinations: Record<string, string>;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); none by default. */
  trustedProxies: string[];
  /** Largest request body on the AWS face and Switchboard's own JSON APIs (attachments have their own 20 MB). */
  maxBodyBytes: number;
  websocket: { maxFrameBytes: number; heartbeatSeconds: number; maxBufferedBytes: number };
  /** Request rate limits (docs/security.md); 0 turns one off. */
  rateLimits: RateLimits;
  /** How long a widget's continuation secret lets a returning customer continue the conversation. */
  widgetContinuationDays: number;
  /** Seconds between purges of expired tokens, sessions and idempotency records. */
  purgeIntervalSeconds: number;
  /** How long a node's claim on a due timer lasts; a node that died holding one leaves it to others after this. */
  timerLeaseSeconds: number;
  /**
   * `production` makes the safe defaults binding: no demo agent on first start, and the development settings (time
   * control, fault injection, quota emulation) refused. Default `development`.
   */
  mode: 'development' | 'production';
  /** Development and tests only: the server's clock can be read and moved forward through the admin API. */
  timeControl: boolean;
  /** Development and tests only: fault rules (errors, delays) can be set on AWS-face calls through the admin API. */
  faultInjection: boolean;
  /** Development and tests only: Amazon Connect's default API rate quotas enforced (ThrottlingException). */
  quotaEmulation: boolean;
}

export interface RateLimits {
  /** Signed Connect API requests per second per access key. */
  connectPerKeyPerSecond: number;
  /** Participant Service requests per second per participant or connection token. */
  participantPerTokenPerSecond: number;
  /** Widget chat starts per minute per client address, and per widget from all addresses. */
  widgetStartsPerAddressPerMinute: number;
  widgetStartsPerWidgetPerMinute: number;
  /** Agent and admin login attempts per minute per client address. */
  loginsPerAddressPerMinute: number;
  /** Consecutive failed logins of one username from one address before that pair is locked out for 15 minutes. */
  loginFailuresBeforeLockout: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
    return n;
  };
  const str = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const flag = (name: string) => {
    const value = str(name);
    if (value === undefined || value === 'false' || value === '0') return false;
    if (value === 'true' || value === '1') return true;
    throw new ConfigError(`${name} must be true or false`);
  };
  const accessKeyId = str('SWITCHBOARD_ACCESS_KEY_ID');
  const secretAccessKey = str('SWITCHBOARD_SECRET_ACCESS_KEY');
  if (!!accessKeyId !== !!secretAccessKey) {
    throw new ConfigError('SWITCHBOARD_ACCESS_KEY_ID and SWITCHBOARD_SECRET_ACCESS_KEY must be set together');
  }
  const accountId = str('SWITCHBOARD_ACCOUNT_ID') ?? '123456789012';
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError('SWITCHBOARD_ACCOUNT_ID must be 12 digits');
  const databaseUrl = str('SWITCHBOARD_DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('SWITCHBOARD_DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite store)');
  }
  const publicUrl = str('SWITCHBOARD_PUBLIC_URL')?.replace(/\/+$/, '');
  if (publicUrl && !/^https?:\/\//.test(publicUrl)) throw new ConfigError('SWITCHBOARD_PUBLIC_URL must start with http:// or https://');
  return checkProductionSafe({
    host: str('SWITCHBOARD_HOST') ?? '127.0.0.1',
    port: int('SWITCHBOARD_PORT', 8080, 0, 65535),
    dataDir: resolve(str('SWITCHBOARD_DATA_DIR') ?? './data'),
    databaseUrl,
    redisUrl: str('SWITCHBOARD_REDIS_URL'),
    accessKeyId,
    secretAccessKey,
    accountId,
    region: str('SWITCHBOARD_REGION') ?? 'us-east-1',
    publicUrl,
    maxActiveChatsPerInstance: int('SWITCHBOARD_MAX_ACTIVE_CHATS', 100, 1, 1_000_000),
    logLevel: str('SWITCHBOARD_LOG_LEVEL') ?? 'info',
    seedDefaultInstance: str('SWITCHBOARD_SEED_DEFAULT_INSTANCE') !== 'false',
    ...(str('SWITCHBOARD_SEED_FILE') ? { seedFile: resolve(str('SWITCHBOARD_SEED_FILE')!) } : {}),
    offerTimeoutSeconds: int('SWITCHBOARD_OFFER_TIMEOUT_SECONDS', 30, 5, 3600),
    lambdaEndpoints: arnEndpoints('SWITCHBOARD_LAMBDA_ENDPOINTS', 'Lambda ARN', str('SWITCHBOARD_LAMBDA_ENDPOINTS')),
    streamingEndpoints: arnEndpoints('SWITCHBOARD_STREAMING_ENDPOINTS', 'SNS topic ARN', str('SWITCHBOARD_STREAMING_ENDPOINTS')),
    contactEventEndpoints: urlList('SWITCHBOARD_CONTACT_EVENT_ENDPOINTS', str('SWITCHBOARD_CONTACT_EVENT_ENDPOINTS')),
    ...(str('SWITCHBOARD_CONTACT_EVENT_SECRET') ? { contactEventSecret: str('SWITCHBOARD_CONTACT_EVENT_SECRET')! } : {}),
    integrationDestinations: integrationDestinations(str('SWITCHBOARD_INTEGRATION_DESTINATIONS')),
    trustedProxies: (str('SWITCHBOARD_TRUSTED_PROXIES') ?? '').split(',').map((p) => p.trim()).filter(Boolean),
    maxBodyBytes: int('SWITCHBOARD_MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    websocket: {
      maxFrameBytes: int('SWITCHBOARD_WS_MAX_FRAME_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
      heartbeatSeconds: int('SWITCHBOARD_WS_HEARTBEAT_SECONDS', 30, 1, 3600),
      maxBufferedBytes: int('SWITCHBOARD_WS_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    },
    rateLimits: {
      connectPerKeyPerSecond: int('SWITCHBOARD_RATE_CONNECT_PER_KEY', 2000, 0, 1_000_000),
      participantPerTokenPerSecond: int('SWITCHBOARD_RATE_PARTICIPANT_PER_TOKEN', 2000, 0, 1_000_000),
      widgetStartsPerAddressPerMinute: int('SWITCHBOARD_RATE_WIDGET_PER_ADDRESS', 30, 0, 1_000_000),
      widgetStartsPerWidgetPerMinute: int('SWITCHBOARD_RATE_WIDGET_PER_WIDGET', 600, 0, 1_000_000),
      loginsPerAddressPerMinute: int('SWITCHBOARD_RATE_LOGIN_PER_ADDRESS', 30, 0, 1_000_000),
      loginFailuresBeforeLockout: int('SWITCHBOARD_LOGIN_LOCKOUT_FAILURES', 5, 0, 1000),
    },
    widgetContinuationDays: int('SWITCHBOARD_WIDGET_CONTINUATION_DAYS', 30, 1, 3650),
    purgeIntervalSeconds: int('SWITCHBOARD_PURGE_INTERVAL_SECONDS', 300, 1, 86_400),
    timerLeaseSeconds: int('SWITCHBOARD_TIMER_LEASE_SECONDS', 60, 1, 3600),
    mode: mode(str('SWITCHBOARD_MODE')),
    timeControl: flag('SWITCHBOARD_TIME_CONTROL'),
    faultInjection: flag('SWITCHBOARD_FAULT_INJECTION'),
    quotaEmulation: flag('SWITCHBOARD_QUOTA_EMULATION'),
  });
}

function mode(raw: string | undefined): Config['mode'] {
  if (raw === undefined || raw === 'development') return 'development';
  if (raw === 'production') return 'production';
  throw new ConfigError('SWITCHBOARD_MODE must be development or production');
}

/** In production the development settings are refused rather than silently ignored. */
function checkProductionSafe(config: Config): Config {
  if (config.mode === 'production') {
    for (const [name, on] of [['SWITCHBOARD_TIME_CONTROL', config.timeControl], ['SWITCHBOARD_FAULT_INJECTION', config.faultInjection], ['SWITCHBOARD_QUOTA_EMULATION', config.quotaEmulation]] as const) {
      if (on) throw new ConfigError(`${name} is a development setting: SWITCHBOARD_MODE=production refuses it`);
    }
  }
  return config;
}

/** A JSON object of destination id → contact flow ARN. */
function integrationDestinations(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('SWITCHBOARD_INTEGRATION_DESTINATIONS must be a JSON object of destination id → contact flow ARN');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('SWITCHBOARD_INTEGRATION_DESTINATIONS must be a JSON object');
  for (const [destination, arn] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof arn !== 'string' || !/^arn:[\w-]+:connect:[\w-]+:\d{12}:instance\/[\w-]+\/contact-flow\/[\w-]+$/.test(arn)) {
      throw new ConfigError(`SWITCHBOARD_INTEGRATION_DESTINATIONS: ${destination} must map to a contact flow ARN`);
    }
  }
  return parsed as Record<string, string>;
}

/** A JSON object of ARN → http(s) URL (Lambda functions, SNS topics), from the variable `name`. */
function urlList(name: string, raw: string | undefined): string[] {
  const urls = (raw ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  for (const u of urls) if (!/^https?:\/\/[^\s]+$/.test(u)) throw new ConfigError(`${name}: ${u} is not an http(s) URL`);
  return [...new Set(urls)];
}

function arnEndpoints(name: string, what: string, raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name} must be a JSON object of ${what} → http(s) URL`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`${name} must be a JSON object`);
  for (const [arn, url] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new ConfigError(`${name}: the endpoint for ${arn} must be an http(s) URL`);
  }
  return parsed as Record<string, string>;
}

/** What the `switchboard` command line needs to reach a running server (docs/cli.md). */
export interface CliConfig {
  endpoint: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  instanceId?: string;
}

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  return {
    endpoint: env.SWITCHBOARD_ENDPOINT || `http://127.0.0.1:${env.SWITCHBOARD_PORT || 8080}`,
    accessKeyId: env.AWS_ACCESS_KEY_ID || env.SWITCHBOARD_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY || env.SWITCHBOARD_SECRET_ACCESS_KEY || undefined,
    instanceId: env.SWITCHBOARD_INSTANCE_ID || undefined,
  };
}
