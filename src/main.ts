// Entry point: read the configuration, start the server, create the ready default instance on first
// start, and print what a newcomer needs to start a chat.
import { type App, createApp, ensureDefaultInstance } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { consoleFlowTester } from './flow-testing/console-flow-tester.js';
import { appSeedTarget } from './seed/app-seed-target.js';
import { applySeed, type SeedResult } from './seed/seed-applier.js';
import { readSeedFile } from './seed/seed-file.js';
import { YamlFileError } from './yaml-reader.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config, { flowTester: consoleFlowTester });
  const lines = [`Switchboard is listening on ${app.localUrl}`];
  if (app.url !== app.localUrl) lines.push(`  Public URL:           ${app.url}`);
  if (config.seedDefaultInstance) {
    const { instance, defaults, demoAgent } = await ensureDefaultInstance(app);
    lines.push(
      `  Region:               ${config.region}`,
      `  Access key id:        ${app.keys.accessKeyId}`,
      app.keys.source === 'configured'
        ? '  Secret access key:    (as configured in SWITCHBOARD_SECRET_ACCESS_KEY)'
        : `  Secret access key:    ${app.keys.secretAccessKey}   (kept in ${config.dataDir}/credentials.json)`,
      `  Instance id:          ${instance.id}`,
      `  Inbound chat flow id: ${defaults.inboundFlowId}`,
      `  Disconnect flow id:   ${defaults.disconnectFlowId}`,
      `  BasicQueue id:        ${defaults.basicQueueId}`,
      demoAgent
        ? `  Demo agent:           ${demoAgent.username} / ${demoAgent.password}   (shown once; log in at ${app.url}/workspace)`
        : config.mode === 'production' ? '  Demo agent:           none (production mode)' : '  Demo agent:           demo-agent (password shown at first start)',
      `  Agent workspace:      ${app.url}/workspace`,
      `  Admin console:        ${app.url}/admin   (log in with the access key pair)`,
      '',
      `  Try: new ConnectClient({ region: '${config.region}', endpoint: '${app.url}', credentials: {...} })`,
    );
  }
  if (config.seedFile) lines.push(describeSeed(config.seedFile, await seed(app, config.seedFile)));
  process.stdout.write(`${lines.join('\n')}\n`);
  const shutdown = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/**
 * Applies the seed file. Nodes of a cluster that start together may race to create the same thing (one of them is
 * refused by the name's unique index); the seed is idempotent, so the loser applies it once more and finds it done.
 */
async function seed(app: App, file: string): Promise<SeedResult> {
  const parsed = readSeedFile(file);
  try {
    return await applySeed(parsed, appSeedTarget(app));
  } catch (err) {
    if (!(err instanceof YamlFileError) || !/already exists|Duplicate/i.test(err.message)) throw err;
    await new Promise((r) => setTimeout(r, 500));
    return applySeed(parsed, appSeedTarget(app));
  }
}

function describeSeed(file: string, r: SeedResult): string {
  return `  Seed ${file}: ${r.created.length} created, ${r.updated.length} updated, ${r.unchanged} unchanged${[...r.created.map((c) => `\n    created ${c}`), ...r.updated.map((u) => `\n    updated ${u}`)].join('')}`;
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError ? `Configuration error: ${err.message}` : err instanceof YamlFileError ? `Seed file error: ${err.message}` : undefined;
  process.stderr.write(`${known ?? String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
