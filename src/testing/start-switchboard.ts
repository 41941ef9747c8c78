// The test helper for users' own suites: `import { startSwitchboard } from 'switchboard/testing'` starts a
// Switchboard in the test's process, on a throwaway data directory and a free loopback port, with time control and
// fault injection on, and hands back what a test needs: endpoint, credentials, the default instance's ids, the
// clock and the fault rules. stop() closes it and removes its data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, ensureDefaultInstance } from '../app.js';
import type { InstanceDefaults } from '../chat/instances.js';
import { loadConfig } from '../config.js';
import { consoleFlowTester } from '../flow-testing/console-flow-tester.js';
import { createLogger } from '../logger.js';
import type { FaultRule, NewFaultRule } from './fault-rules.js';

export interface StartOptions {
  /** More SWITCHBOARD_* settings (docs/configuration.md). */
  env?: Record<string, string>;
  /** The region the endpoint claims (default us-east-1). */
  region?: string;
}

export interface RunningSwitchboard {
  /** Give this to the AWS SDK clients and to chatjs as `endpoint`. */
  endpoint: string;
  region: string;
  /** Sign Connect calls with these (the Participant Service authenticates by token). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  instanceId: string;
  /** The default instance's flows, queue, hours and routing profile. */
  defaults: InstanceDefaults;
  clock: {
    now(): Date;
    /** Moves the server's clock forward; every timer due on the way fires at its own moment (docs/testing.md). */
    advance(seconds: number): Promise<{ timersFired: number }>;
  };
  faults: {
    add(rule: NewFaultRule): FaultRule;
    list(): FaultRule[];
    remove(id: string): boolean;
  };
  stop(): Promise<void>;
}

export async function startSwitchboard(options: StartOptions = {}): Promise<RunningSwitchboard> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-'));
  const region = options.region ?? 'us-east-1';
  const config = loadConfig({
    SWITCHBOARD_PORT: '0', SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_REGION: region,
    SWITCHBOARD_TIME_CONTROL: 'true', SWITCHBOARD_FAULT_INJECTION: 'true', ...options.env,
  });
  const app = await createApp(config, { logger: createLogger('silent'), flowTester: consoleFlowTester });
  const { instance, defaults } = await ensureDefaultInstance(app);
  return {
    endpoint: app.localUrl, region, credentials: { accessKeyId: app.keys.accessKeyId, secretAccessKey: app.keys.secretAccessKey },
    instanceId: instance.id, defaults,
    clock: {
      now: () => new Date(app.timeControl.read().now),
      advance: async (seconds) => ({ timersFired: (await app.timeControl.advance(seconds * 1000)).fired }),
    },
    faults: { add: (rule) => app.faults.add(rule), list: () => app.faults.list(), remove: (id) => app.faults.remove(id) },
    async stop() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
