// The declarative seed (docs/seed.md), used as an operator and a test suite would: SWITCHBOARD_SEED_FILE applied at
// start by the real server process (and again at a restart, changing nothing), and `switchboard seed` applied to a
// running server — twice without change, then a changed file updating only what changed; mistakes named by line.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConnectClient, DescribeQueueCommand, DescribeRoutingProfileCommand, ListInstancesCommand, ListQueueQuickConnectsCommand, ListQueuesCommand,
  ListRoutingProfilesCommand, ListUsersCommand, StartChatContactCommand, ListContactFlowsCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall } from '../helpers/admin-client.js';
import { kill, spawnServer } from '../helpers/server-process.js';
import { REGION, type TestServer, startTestServer } from '../helpers/test-server.js';

const root = join(import.meta.dirname, '../..');
const seeds = join(root, 'test/fixtures/seed');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function seededInstance(connect: ConnectClient, alias: string) {
  const instance = (await connect.send(new ListInstancesCommand({}))).InstanceSummaryList!.find((i) => i.InstanceAlias === alias);
  expect(instance, `instance ${alias}`).toBeDefined();
  return instance!.Id!;
}

async function expectSeeded(connect: ConnectClient, id: string, billingMax: number, concurrency: number) {
  const queues = (await connect.send(new ListQueuesCommand({ InstanceId: id, QueueTypes: ['STANDARD'] }))).QueueSummaryList!;
  expect(queues.map((q) => q.Name).sort()).toEqual(['BasicQueue', 'Billing', 'Returns']);
  const billing = queues.find((q) => q.Name === 'Billing')!;
  expect((await connect.send(new DescribeQueueCommand({ InstanceId: id, QueueId: billing.Id! }))).Queue!.MaxContacts).toBe(billingMax);
  const profile = (await connect.send(new ListRoutingProfilesCommand({ InstanceId: id }))).RoutingProfileSummaryList!.find((r) => r.Name === 'Billing agents')!;
  expect((await connect.send(new DescribeRoutingProfileCommand({ InstanceId: id, RoutingProfileId: profile.Id! }))).RoutingProfile!.MediaConcurrencies)
    .toEqual([expect.objectContaining({ Channel: 'CHAT', Concurrency: concurrency })]);
  expect((await connect.send(new ListUsersCommand({ InstanceId: id }))).UserSummaryList!.map((u) => u.Username)).toContain('ada');
  const offered = (await connect.send(new ListQueueQuickConnectsCommand({ InstanceId: id, QueueId: billing.Id! }))).QuickConnectSummaryList!;
  expect(offered.map((q) => q.Name)).toContain('To returns');
  const flow = (await connect.send(new ListContactFlowsCommand({ InstanceId: id }))).ContactFlowSummaryList!.find((f) => f.Name === 'Straight to billing')!;
  // The seeded flow runs: a chat starts on it.
  await expect(connect.send(new StartChatContactCommand({ InstanceId: id, ContactFlowId: flow.Id!, ParticipantDetails: { DisplayName: 'Seeded' } }))).resolves.toHaveProperty('ContactId');
}

describe('SWITCHBOARD_SEED_FILE at start', () => {
  it('seeds the instance on first start and changes nothing at the next', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-seed-'));
    dirs.push(dataDir);
    const env = { SWITCHBOARD_SEED_FILE: join(seeds, 'contact-center.yaml') };
    const first = await spawnServer(env, dataDir, 'bundle');
    try {
      expect(first.output()).toMatch(/Seed .*contact-center\.yaml: 10 created, 0 updated, 0 unchanged/);
      expect(first.output()).toContain('created widget Website (instance acme-support)');
      const connect = new ConnectClient({ region: REGION, endpoint: first.url, credentials: first.keys });
      await expectSeeded(connect, await seededInstance(connect, 'acme-support'), 20, 3);
      connect.destroy();
    } finally {
      await kill(first, 'SIGTERM');
    }
    const second = await spawnServer(env, dataDir, 'bundle');
    try {
      expect(second.output()).toMatch(/Seed .*contact-center\.yaml: 0 created, 0 updated, 10 unchanged/);
    } finally {
      await kill(second, 'SIGTERM');
    }
  }, 90_000);

  it('refuses to start with a seed that names something missing, naming the line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-seed-'));
    dirs.push(dataDir);
    await expect(spawnServer({ SWITCHBOARD_SEED_FILE: join(seeds, 'broken-reference.yaml') }, dataDir, 'bundle'))
      .rejects.toThrow(/Seed file error: .*broken-reference\.yaml:5: queue "Billing" uses hours "Ofice hours", which instance "acme-broken" does not have \(it has: Basic Hours\)/);
  }, 60_000);
});

describe('switchboard seed (the command)', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await startTestServer();
    env = { ...process.env, SWITCHBOARD_ENDPOINT: server.app.localUrl, AWS_ACCESS_KEY_ID: server.app.keys.accessKeyId, AWS_SECRET_ACCESS_KEY: server.app.keys.secretAccessKey };
  });
  afterAll(async () => {
    await server?.close();
  });
  const seed = (file: string) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [join(root, 'bin/switchboard.mjs'), 'seed', file], { cwd: root, env, encoding: 'utf8', timeout: 60_000 }, (err, out, errOut) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, out, err: errOut });
    });
  });

  it('applies a seed, changes nothing the second time, and updates only what a changed file changes', async () => {
    const first = await seed(join(seeds, 'contact-center.yaml'));
    expect(first.err).toBe('');
    expect(first.out).toContain('10 created, 0 updated, 0 unchanged');
    const id = await seededInstance(server.connect, 'acme-support');
    await expectSeeded(server.connect, id, 20, 3);

    expect((await seed(join(seeds, 'contact-center.yaml'))).out).toContain('0 created, 0 updated, 10 unchanged');

    const changed = await seed(join(seeds, 'changed/contact-center.yaml'));
    expect(changed.out).toContain('0 created, 3 updated, 7 unchanged');
    expect(changed.out).toContain('updated hours Office hours (instance acme-support)');
    expect(changed.out).toContain('updated queue Billing (instance acme-support)');
    expect(changed.out).toContain('updated routing profile Billing agents (instance acme-support)');
    await expectSeeded(server.connect, id, 35, 2);
    const hours = await adminCall(server, 'POST', '/connect/ListHoursOfOperations', { InstanceId: id });
    expect(hours.body.HoursOfOperationSummaryList.map((h: { Name: string }) => h.Name)).toContain('Office hours');
  }, 90_000);

  it('names the file and line of a mistake, with exit code 2', async () => {
    const run = await seed(join(seeds, 'broken-reference.yaml'));
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/broken-reference\.yaml:5: queue "Billing" uses hours "Ofice hours"/);
  }, 60_000);
});
