// Configuration from the environment: defaults, every documented variable, and clear refusals.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadOrCreateAccessKeys } from '../../src/credentials.js';

describe('loadConfig', () => {
  it('runs a single embedded node by default', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, accountId: '123456789012', region: 'us-east-1', maxActiveChatsPerInstance: 100 });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
  });

  it('reads every documented variable', () => {
    const c = loadConfig({
      SWITCHBOARD_HOST: '0.0.0.0', SWITCHBOARD_PORT: '9000', SWITCHBOARD_DATA_DIR: '/var/lib/sb',
      SWITCHBOARD_DATABASE_URL: 'postgres://db/sb', SWITCHBOARD_REDIS_URL: 'redis://r:6379',
      SWITCHBOARD_ACCESS_KEY_ID: 'AKIA1', SWITCHBOARD_SECRET_ACCESS_KEY: 's', SWITCHBOARD_ACCOUNT_ID: '111122223333',
      SWITCHBOARD_REGION: 'eu-west-2', SWITCHBOARD_PUBLIC_URL: 'https://chat.example.com/', SWITCHBOARD_MAX_ACTIVE_CHATS: '500',
    });
    expect(c).toMatchObject({
      host: '0.0.0.0', port: 9000, dataDir: '/var/lib/sb', databaseUrl: 'postgres://db/sb', redisUrl: 'redis://r:6379',
      accessKeyId: 'AKIA1', secretAccessKey: 's', accountId: '111122223333', region: 'eu-west-2',
      publicUrl: 'https://chat.example.com', maxActiveChatsPerInstance: 500,
    });
  });

  it('maps streaming topics to endpoints and messaging destinations to flows', () => {
    const flow = 'arn:aws:connect:us-east-1:123456789012:instance/i-1/contact-flow/f-1';
    const c = loadConfig({
      SWITCHBOARD_STREAMING_ENDPOINTS: '{"arn:aws:sns:us-east-1:123456789012:t":"http://127.0.0.1:9/sns"}',
      SWITCHBOARD_INTEGRATION_DESTINATIONS: JSON.stringify({ '+15550001111': flow }),
    });
    expect(c.streamingEndpoints).toEqual({ 'arn:aws:sns:us-east-1:123456789012:t': 'http://127.0.0.1:9/sns' });
    expect(c.integrationDestinations).toEqual({ '+15550001111': flow });
  });

  it.each([
    [{ SWITCHBOARD_PORT: 'eighty' }, /SWITCHBOARD_PORT/],
    [{ SWITCHBOARD_PORT: '70000' }, /SWITCHBOARD_PORT/],
    [{ SWITCHBOARD_ACCESS_KEY_ID: 'AKIA1' }, /set together/],
    [{ SWITCHBOARD_ACCOUNT_ID: '12' }, /12 digits/],
    [{ SWITCHBOARD_DATABASE_URL: 'mysql://x' }, /postgres/],
    [{ SWITCHBOARD_PUBLIC_URL: 'chat.example.com' }, /http/],
    [{ SWITCHBOARD_STREAMING_ENDPOINTS: '{"arn:aws:sns:us-east-1:123456789012:t":"ftp://x"}' }, /SWITCHBOARD_STREAMING_ENDPOINTS.*http/],
    [{ SWITCHBOARD_INTEGRATION_DESTINATIONS: '{"+15550001111":"not-an-arn"}' }, /contact flow ARN/],
    [{ SWITCHBOARD_INTEGRATION_DESTINATIONS: '[1]' }, /JSON object/],
    [{ SWITCHBOARD_MODE: 'staging' }, /development or production/],
    [{ SWITCHBOARD_MODE: 'production', SWITCHBOARD_TIME_CONTROL: 'true' }, /SWITCHBOARD_TIME_CONTROL is a development setting/],
    [{ SWITCHBOARD_MODE: 'production', SWITCHBOARD_FAULT_INJECTION: '1' }, /SWITCHBOARD_FAULT_INJECTION is a development setting/],
    [{ SWITCHBOARD_MODE: 'production', SWITCHBOARD_QUOTA_EMULATION: 'true' }, /SWITCHBOARD_QUOTA_EMULATION is a development setting/],
    [{ SWITCHBOARD_TIME_CONTROL: 'yes' }, /true or false/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('access keys', () => {
  it('generates a pair once, keeps it private in the data directory, and prefers configured keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-keys-'));
    try {
      const first = loadOrCreateAccessKeys(dir);
      expect(first.source).toBe('generated');
      expect(first.accessKeyId).toMatch(/^AKIA[0-9A-F]{16}$/);
      expect(statSync(join(dir, 'credentials.json')).mode & 0o777).toBe(0o600);
      const again = loadOrCreateAccessKeys(dir);
      expect(again).toMatchObject({ accessKeyId: first.accessKeyId, secretAccessKey: first.secretAccessKey, source: 'data-dir' });
      expect(loadOrCreateAccessKeys(dir, { accessKeyId: 'AKIAMINE', secretAccessKey: 'mine' }).accessKeyId).toBe('AKIAMINE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
