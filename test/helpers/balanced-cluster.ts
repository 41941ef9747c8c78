// A production-shaped topology on one machine: three Switchboard processes sharing a fresh PostgreSQL database and
// Redis, behind nginx (Debian's package) terminating TLS with a certificate generated for the run, so clients —
// the AWS SDKs and chatjs — use https:// and wss:// through the balancer, as they would in production.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REDIS_URL, createTestDatabase } from './postgres.js';
import { type ServerProcess, kill, spawnServer } from './server-process.js';

export interface BalancedCluster {
  /** https://127.0.0.1:<port>, nginx's address. */
  url: string;
  nodes: ServerProcess[];
  instanceId: string;
  inboundFlowId: string;
  keys: { accessKeyId: string; secretAccessKey: string };
  /** Restarts a node that was killed, on the same port (nginx's upstream list stays right). */
  restart(index: number): Promise<ServerProcess>;
  close(): Promise<void>;
}

const KEYS = { accessKeyId: 'AKIABALANCEDCLUSTER1', secretAccessKey: 'balanced-cluster-secret' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startBalancedCluster(size = 3, extraEnv: Record<string, string> = {}): Promise<BalancedCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-'));
  const db = await createTestDatabase();
  const nginxPort = await freePort();
  const url = `https://127.0.0.1:${nginxPort}`;
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const envFor = (i: number) => ({
    SWITCHBOARD_DATABASE_URL: db.url, SWITCHBOARD_REDIS_URL: REDIS_URL, SWITCHBOARD_PUBLIC_URL: url,
    SWITCHBOARD_ACCESS_KEY_ID: KEYS.accessKeyId, SWITCHBOARD_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
    SWITCHBOARD_TRUSTED_PROXIES: '127.0.0.1', SWITCHBOARD_PORT: String(ports[i]), SWITCHBOARD_TIMER_LEASE_SECONDS: '3', ...extraEnv,
  });
  const nodes: ServerProcess[] = [];
  // One after another: the first creates the default instance, the others find it.
  for (let i = 0; i < size; i++) {
    mkdirSync(join(dir, `node${i}`));
    nodes.push(await spawnServer(envFor(i), join(dir, `node${i}`)));
  }

  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, nginxPort, ports));
  const nginx: ChildProcess = spawn('/usr/sbin/nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir, '-g', 'daemon off;'], { stdio: 'ignore' });
  await waitForPort(nginxPort);

  const first = nodes[0]!;
  return {
    url, nodes, instanceId: first.instanceId, inboundFlowId: first.inboundFlowId, keys: KEYS,
    async restart(index: number) {
      mkdirSync(join(dir, `node${index}-again`), { recursive: true });
      nodes[index] = await spawnServer(envFor(index), join(dir, `node${index}-again`));
      return nodes[index]!;
    },
    async close() {
      for (const node of nodes) await kill(node, 'SIGKILL');
      nginx.kill('SIGTERM');
      await new Promise((r) => (nginx.exitCode !== null ? r(undefined) : nginx.once('exit', r)));
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function nginxConfig(dir: string, port: number, upstreams: number[]): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream switchboard {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    client_max_body_size 25m;
    location / {
      proxy_pass http://switchboard;
      proxy_http_version 1.1;
      # SigV4 signs Host: keep it as the client sent it.
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 3600s;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
`;
}

async function waitForPort(port: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
