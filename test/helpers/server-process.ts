// Runs Switchboard as a real child process (node + tsx, as `npm start` does), so tests can kill it.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectClient, type StartChatContactCommandOutput, StartChatContactCommand } from '@aws-sdk/client-connect';
import { REGION } from './test-server.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  instanceId: string;
  inboundFlowId: string;
  keys: { accessKeyId: string; secretAccessKey: string };
  output: () => string;
}

/** `sources` runs src/main.ts through tsx (the code under test); `bundle` runs what `npm start` runs (scripts/start.mjs). */
export async function spawnServer(env: Record<string, string>, dataDir: string, how: 'sources' | 'bundle' = 'sources'): Promise<ServerProcess> {
  const child = spawn(process.execPath, how === 'bundle' ? ['scripts/start.mjs'] : ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, SWITCHBOARD_PORT: '0', SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 20_000;
  while (!/BasicQueue id/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const pick = (re: RegExp) => re.exec(out)?.[1] ?? '';
  return {
    child,
    url: pick(/listening on (http:\/\/\S+)/),
    instanceId: pick(/Instance id:\s+(\S+)/),
    inboundFlowId: pick(/Inbound chat flow id:\s+(\S+)/),
    keys: env.SWITCHBOARD_ACCESS_KEY_ID
      ? { accessKeyId: env.SWITCHBOARD_ACCESS_KEY_ID, secretAccessKey: env.SWITCHBOARD_SECRET_ACCESS_KEY ?? '' }
      : JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as ServerProcess['keys'],
    output: () => out,
  };
}

export function kill(server: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}

/** A Connect control-plane client for a spawned server, with no SDK retries (a refusal shows as it is). */
export function connectClientFor(server: ServerProcess): ConnectClient {
  return new ConnectClient({ region: REGION, endpoint: server.url, credentials: server.keys, maxAttempts: 1 });
}

/** StartChatContact on a spawned server's default inbound flow. */
export async function startChatOn(server: ServerProcess, displayName: string): Promise<StartChatContactCommandOutput> {
  const connect = connectClientFor(server);
  try {
    return await connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.inboundFlowId, ParticipantDetails: { DisplayName: displayName } }));
  } finally {
    connect.destroy();
  }
}
