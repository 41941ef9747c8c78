// Entry point: read the configuration, start the server, create the ready default instance on first
// start, and print what a newcomer needs to start a chat.
import { createApp, ensureDefaultInstance } from './app.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
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

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? `Configuration error: ${err.message}` : String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
