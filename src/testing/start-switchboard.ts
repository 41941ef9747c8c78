// The test helper for users' own suites: `import { startSwitchboard } from 'switchboard/testing'` starts a
// Switchboard in the test's process, on a throwaway data directory and a free loopback port, with time control and
// fault injection on, and hands back what a test needs: endpoint, credentials, the default instance's ids, the
// clock and the fault rules, and state control — snapshots of the whole store, restored under the same endpoint,
// and a reset to the state it started in. stop() closes it and removes its data.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp, ensureDefaultInstance } from '../app.js';
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

/** A copy of the whole store, taken by snapshot(). */
export interface Snapshot {
  readonly file: string;
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
  /** Copies the whole store as it is now (chats, transcripts, resources, flows), while it runs. */
  snapshot(): Promise<Snapshot>;
  /**
   * Puts the store back as it was at the snapshot. The server restarts on the same endpoint (open websockets are
   * closed with 1012, and clients reconnect); the clock's advance and the fault rules start afresh.
   */
  restore(snapshot: Snapshot): Promise<void>;
  /** Restores the state it started in: the default instance as seeded, nothing else. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSwitchboard(options: StartOptions = {}): Promise<RunningSwitchboard> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-'));
  const snapshots = join(dataDir, 'snapshots');
  mkdirSync(snapshots);
  const region = options.region ?? 'us-east-1';
  const env = {
    SWITCHBOARD_PORT: '0', SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_REGION: region,
    SWITCHBOARD_TIME_CONTROL: 'true', SWITCHBOARD_FAULT_INJECTION: 'true', ...options.env,
  };
  const open = (port: string) => createApp(loadConfig({ ...env, SWITCHBOARD_PORT: port }), { logger: createLogger('silent'), flowTester: consoleFlowTester });
  let app: App = await open(env.SWITCHBOARD_PORT);
  const { instance, defaults } = await ensureDefaultInstance(app);
  let taken = 0;
  const snapshot = async (): Promise<Snapshot> => {
    const file = join(snapshots, `${++taken}.db`);
    await app.store.snapshotTo(file);
    return { file };
  };
  const initial = await snapshot();
  const port = new URL(app.localUrl).port;
  const restore = async (s: Snapshot) => {
    await app.close();
    const db = join(dataDir, 'switchboard.db');
    for (const f of [`${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    copyFileSync(s.file, db);
    // The same port, so the endpoint the test's clients hold stays right.
    app = await open(port);
  };
  return {
    endpoint: app.localUrl, region, credentials: { accessKeyId: app.keys.accessKeyId, secretAccessKey: app.keys.secretAccessKey },
    instanceId: instance.id, defaults,
    clock: {
      now: () => new Date(app.timeControl.read().now),
      advance: async (seconds) => ({ timersFired: (await app.timeControl.advance(seconds * 1000)).fired }),
    },
    faults: { add: (rule) => app.faults.add(rule), list: () => app.faults.list(), remove: (id) => app.faults.remove(id) },
    snapshot,
    restore,
    reset: () => restore(initial),
    async stop() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
