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
    // First the chats and their websocket URLs, then the sockets: the two costs are reported apart as well.
    const urls: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < count) {
        next++;
        const started = await sb.connect.send(new StartChatContactCommand({
          InstanceId: sb.instanceId, ContactFlowId: sb.inboundFlowId, ParticipantDetails: { DisplayName: 'idle' },
        }));
        const res = await fetch(`${sb.url}/participant/connection`, { method: 'POST',
          headers: { 'content-type': 'application/json', 'x-amz-bearer': started.ParticipantToken! }, body: '{"Type":["WEBSOCKET"]}' });
        urls.push(((await res.json()) as { Websocket: { Url: string } }).Websocket.Url);
      }
    }));
    await gc();
    const withChats = rssKiB(pid);
    next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < urls.length) {
        const ws = new WebSocket(urls[next++]!, { perMessageDeflate: false });
        await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
        ws.send('{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}');
        sockets.push(ws);
      }
    }));
    await gc();
    const after = rssKiB(pid);
    const perSocketKiB = (after - before) / count;
    const socketOnlyKiB = (after - withChats) / count;
    log(`idle sockets: ${count} open, server RSS ${Math.round(before / 1024)} → ${Math.round(withChats / 1024)} (chats) → ${Math.round(after / 1024)} MiB (sockets): ${perSocketKiB.toFixed(1)} KiB per socket with its chat, ${socketOnlyKiB.toFixed(1)} KiB for the socket alone`);
    return { sockets: count, rssBeforeMiB: before / 1024, rssWithChatsMiB: withChats / 1024, rssAfterMiB: after / 1024, perSocketKiB, socketOnlyKiB };
  } finally {
    for (const ws of sockets) ws.terminate();
    await sb.stop();
  }
}
