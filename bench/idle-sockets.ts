// Idle participant websockets: N chats, each with its customer's socket open and subscribed, and nothing said.
// Reported as the server's resident memory per socket (/proc/<pid>/status VmRSS after minus before), which
// includes each chat's state on the server (its bus subscription and socket registry entries).
import { readFileSync } from 'node:fs';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import WebSocket from 'ws';
import { startSwitchboard } from './targets.js';

const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

export async function idleSockets(count: number, log: (line: string) => void) {
  const sb = await startSwitchboard();
  const pid = sb.process.pid!;
  const sockets: WebSocket[] = [];
  try {
    const gc = async () => new Promise((r) => setTimeout(r, 1500));
    await gc();
    const before = rssKiB(pid);
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < count) {
        next++;
        const started = await sb.connect.send(new StartChatContactCommand({
          InstanceId: sb.instanceId, ContactFlowId: sb.inboundFlowId, ParticipantDetails: { DisplayName: 'idle' },
        }));
        const res = await fetch(`${sb.url}/participant/connection`, { method: 'POST',
          headers: { 'content-type': 'application/json', 'x-amz-bearer': started.ParticipantToken! }, body: '{"Type":["WEBSOCKET"]}' });
        const { Websocket } = (await res.json()) as { Websocket: { Url: string } };
        const ws = new WebSocket(Websocket.Url, { perMessageDeflate: false });
        await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
        ws.send('{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}');
        sockets.push(ws);
      }
    }));
    await gc();
    const after = rssKiB(pid);
    const perSocketKiB = (after - before) / count;
    log(`idle sockets: ${count} open, server RSS ${Math.round(before / 1024)} → ${Math.round(after / 1024)} MiB, ${perSocketKiB.toFixed(1)} KiB per socket`);
    return { sockets: count, rssBeforeMiB: before / 1024, rssAfterMiB: after / 1024, perSocketKiB };
  } finally {
    for (const ws of sockets) ws.terminate();
    await sb.stop();
  }
}
