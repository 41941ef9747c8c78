// SIGTERM stops Switchboard gracefully: sockets are closed with 1012 (service restart, so chatjs reconnects —
// behind a balancer, to another node), in-flight requests are answered, and the process exits 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { kill, spawnServer, startChatOn } from '../helpers/server-process.js';
import { participantClient } from '../helpers/test-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-shutdown-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('SIGTERM', () => {
  it('closes sockets with 1012 and exits 0', async () => {
    const server = await spawnServer({}, dataDir);
    try {
      const started = await startChatOn(server, 'Leaving');
      const participant = participantClient(server.url);
      const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET'] }));
      participant.destroy();
      const ws = new WebSocket(conn.Websocket!.Url!);
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill('SIGTERM');
      expect(await closed).toBe(1012);
      expect(await exited).toBe(0);
    } finally {
      await kill(server, 'SIGKILL');
    }
  }, 30_000);
});
