// `switchboard chat`: chat as a customer from the terminal. The chat starts through the admin API's proxy to
// StartChatContact; the customer then speaks the Participant Service and its websocket exactly as chatjs does
// (CreateParticipantConnection, the aws/subscribe frame, GetTranscript for what came before the socket opened,
// SendMessage, DisconnectParticipant). Each line typed is
// sent; what others say is printed as it arrives; /quit (or the end of input) leaves, and the command ends when the
// chat does.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import type { AdminClient } from './admin-client.js';

interface Item {
  Id: string;
  Type: string;
  ContentType: string;
  Content?: string;
  DisplayName?: string;
  ParticipantRole?: string;
  AbsoluteTime: string;
}

export async function customerChat(client: AdminClient, endpoint: string, options: { instanceId: string; flowId?: string; name: string }): Promise<number> {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const instanceId = options.instanceId || (await client.get<{ instances: { id: string }[] }>('/admin/v1/instances')).instances[0]?.id || '';
  const flowId = options.flowId ?? (await client.get<{ flows: { id: string; name: string }[] }>(`/admin/v1/flows?instanceId=${encodeURIComponent(instanceId)}`))
    .flows.find((f) => f.name === 'Sample inbound chat flow')?.id;
  if (!flowId) throw new Error('no flow to start the chat on: name one with --flow <contact flow id>');
  const started = await client.post<{ ContactId: string; ParticipantToken: string }>('/admin/v1/connect/StartChatContact', {
    InstanceId: instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: options.name },
  });
  const participant = async <T>(path: string, token: string, body: unknown): Promise<T> => {
    const res = await fetch(new URL(path, endpoint), { method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-bearer': token }, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
  const connection = await participant<{ Websocket: { Url: string }; ConnectionCredentials: { ConnectionToken: string } }>(
    '/participant/connection', started.ParticipantToken, { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true },
  );
  const token = connection.ConnectionCredentials.ConnectionToken;
  write(`Chat ${started.ContactId} started as ${options.name}. Type a message and press Enter; /quit leaves.`);

  const ws = new WebSocket(connection.Websocket.Url);
  const printed = new Set<string>();
  const early: Item[] = [];
  let backlogShown = false;
  const ended = new Promise<void>((resolve) => {
    /** Prints an item once (the transcript and the socket can both bring it); resolves at chat.ended. */
    const show = (item: Item) => {
      if (printed.has(item.Id)) return;
      printed.add(item.Id);
      const at = item.AbsoluteTime.slice(11, 19);
      const who = item.ParticipantRole === 'CUSTOMER' ? 'You' : item.DisplayName ?? item.ParticipantRole ?? 'SYSTEM';
      if (item.Type === 'MESSAGE') write(`[${at}] ${who}: ${item.Content ?? ''}`);
      else if (item.ContentType.endsWith('participant.joined') && item.ParticipantRole !== 'CUSTOMER') write(`[${at}] ${who} joined`);
      else if (item.ContentType.endsWith('participant.left') && item.ParticipantRole !== 'CUSTOMER') write(`[${at}] ${who} left`);
      else if (item.ContentType.endsWith('chat.ended')) {
        write(`[${at}] The chat has ended.`);
        resolve();
      }
    };
    ws.on('open', () => ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } })));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { topic?: string; content?: string };
      // Subscribed: what the flow said before the socket opened comes from the transcript, as chatjs fetches it.
      // Pushes that arrive meanwhile wait, so lines print in the chat's order.
      if (frame.topic === 'aws/subscribe') {
        void participant<{ Transcript: Item[] }>('/participant/transcript', token, { SortOrder: 'ASCENDING', MaxResults: 100 })
          .then((t) => t.Transcript.forEach(show), (err: Error) => write(`(transcript not read: ${err.message})`))
          .finally(() => {
            early.splice(0).forEach(show);
            backlogShown = true;
          });
      }
      if (frame.topic === 'aws/chat' && frame.content) {
        const item = JSON.parse(frame.content) as Item;
        if (backlogShown) show(item);
        else early.push(item);
      }
    });
    ws.on('close', () => resolve());
  });

  const input = createInterface({ input: process.stdin });
  let leaving = false;
  const leave = async () => {
    if (leaving) return;
    leaving = true;
    await participant('/participant/disconnect', token, { ClientToken: randomUUID() }).catch(() => {});
  };
  input.on('line', (line) => {
    const text = line.trim();
    if (!text) return;
    if (text === '/quit') void leave();
    else void participant('/participant/message', token, { ContentType: 'text/plain', Content: text, ClientToken: randomUUID() })
      .catch((err: Error) => write(`(not sent: ${err.message})`));
  });
  input.on('close', () => void leave());
  await ended;
  input.close();
  ws.close();
  return 0;
}
