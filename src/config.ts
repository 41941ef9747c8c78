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
  /** How long an agent has to accept an offered contact. */
  offerTimeoutSeconds: number;
  /** InvokeLambdaFunction: Lambda ARN → HTTP endpoint that receives Amazon's ContactFlowEvent. */
  lambdaEndpoints: Record<string, string>;
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
  return {
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
    offerTimeoutSeconds: int('SWITCHBOARD_OFFER_TIMEOUT_SECONDS', 30, 5, 3600),
    lambdaEndpoints: lambdaEndpoints(str('SWITCHBOARD_LAMBDA_ENDPOINTS')),
  };
}

function lambdaEndpoints(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('SWITCHBOARD_LAMBDA_ENDPOINTS must be a JSON object of Lambda ARN → http(s) URL');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('SWITCHBOARD_LAMBDA_ENDPOINTS must be a JSON object');
  for (const [arn, url] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new ConfigError(`SWITCHBOARD_LAMBDA_ENDPOINTS: the endpoint for ${arn} must be an http(s) URL`);
  }
  return parsed as Record<string, string>;
}
