// What `npm start` runs — the prebuilt bundle (scripts/start.mjs, dist/server) — serves a whole chat and the web
// faces: the bundling (dependencies inlined, drivers loaded lazily) must not lose anything the sources do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatSocket } from '../helpers/chat-socket.js';
import { createTestDatabase, REDIS_URL } from '../helpers/postgres.js';
import { kill, spawnServer, startChatOn } from '../helpers/server-process.js';
import { participantClient } from '../helpers/test-server.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function chatThrough(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bundle-'));
  dirs.push(dataDir);
  const server = await spawnServer(env, dataDir, 'bundle');
  try {
    const started = await startChatOn(server, 'Bundled');
    const participant = participantClient(server.url);
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    const socket = await ChatSocket.open(conn.Websocket!.Url!);
    const sent = await participant.send(new SendMessageCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, ContentType: 'text/plain', Content: 'from the bundle' }));
    expect((await socket.next((i) => i.Id === sent.Id)).Content).toBe('from the bundle');
    const transcript = await participant.send(new GetTranscriptCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken! }));
    expect(transcript.Transcript!.map((i) => i.Id)).toContain(sent.Id);
    socket.close();
    participant.destroy();
    expect((await fetch(`${server.url}/web/vendor/amazon-connect-chat.js`)).status).toBe(200);
    expect((await fetch(`${server.url}/workspace`, { redirect: 'manual' })).status).toBe(302);
  } finally {
    await kill(server, 'SIGKILL');
  }
}

describe('the npm start bundle', () => {
  it('serves a chat on SQLite, and the web faces', () => chatThrough({}), 60_000);

  it('serves a chat on PostgreSQL and Redis (drivers loaded on demand)', async () => {
    const db = await createTestDatabase();
    try {
      await chatThrough({ SWITCHBOARD_DATABASE_URL: db.url, SWITCHBOARD_REDIS_URL: REDIS_URL });
    } finally {
      await db.drop();
    }
  }, 60_000);
});
