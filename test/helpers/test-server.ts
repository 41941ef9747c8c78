// Starts a real Switchboard on a free loopback port with its own data directory, and hands out the real
// AWS SDK clients pointed at it (Connect signed with the server's keys; Participant with the dummy
// credentials the SDK insists on, since the Participant Service authenticates by X-Amz-Bearer).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';
import { type App, createApp, ensureDefaultInstance } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { InstanceDefaults } from '../../src/chat/instances.js';
import { createLogger } from '../../src/logger.js';
import { consoleFlowTester } from '../../src/flow-testing/console-flow-tester.js';

export interface TestServer {
  app: App;
  connect: ConnectClient;
  participant: ConnectParticipantClient;
  instanceId: string;
  defaults: InstanceDefaults;
  dataDir: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: Clock;
  sweepTimers?: boolean;
}

export const REGION = 'us-east-1';

/**
 * A Connect client signed with the server's keys. One attempt by default, so that a test sees each refusal; a test
 * that must get through a rate limit's window asks for the SDK's retries instead of sleeping it out.
 */
export function connectClient(app: Pick<App, 'localUrl' | 'keys'>, maxAttempts = 1): ConnectClient {
  return new ConnectClient({
    region: REGION, endpoint: app.localUrl, maxAttempts,
    credentials: { accessKeyId: app.keys.accessKeyId, secretAccessKey: app.keys.secretAccessKey },
  });
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const config = loadConfig({ SWITCHBOARD_PORT: '0', SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_REGION: REGION, ...options.env });
  const app = await createApp(config, { clock: options.clock, sweepTimers: options.sweepTimers, logger: createLogger('silent'), flowTester: consoleFlowTester });
  const { instance, defaults } = await ensureDefaultInstance(app);
  const connect = connectClient(app);
  const participant = participantClient(app.localUrl);
  return {
    app, connect, participant, instanceId: instance.id, defaults, dataDir,
    async close() {
      connect.destroy();
      participant.destroy();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function participantClient(endpoint: string): ConnectParticipantClient {
  return new ConnectParticipantClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    maxAttempts: 1,
  });
}
