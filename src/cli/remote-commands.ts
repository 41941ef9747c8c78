// The command line's commands on a running server: its clock, its fault rules, and a chat's transcript (printed
// as JSON or CSV, or followed live as it grows).
import { applySeed, type SeedTarget } from '../seed/seed-applier.js';
import { readSeedFile } from '../seed/seed-file.js';
import type { AdminClient } from './admin-client.js';

type Options = Record<string, string | boolean | undefined>;

interface WireItem {
  Id: string;
  AbsoluteTime: string;
  Type: string;
  ContentType: string;
  Content?: string;
  DisplayName?: string;
  ParticipantRole?: string;
  ContactId: string;
}

export async function remoteCommand(client: AdminClient, command: string, args: string[], options: Options, instanceId: string): Promise<number> {
  const out = (value: unknown) => process.stdout.write(typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
  if (command === 'seed') {
    const [file] = args;
    if (!file) throw new Error('usage: switchboard seed <seed.yaml>');
    const result = await applySeed(readSeedFile(file), adminSeedTarget(client));
    out(`${result.created.length} created, ${result.updated.length} updated, ${result.unchanged} unchanged\n`);
    for (const c of result.created) out(`  created ${c}\n`);
    for (const u of result.updated) out(`  updated ${u}\n`);
    return 0;
  }
  if (command === 'clock') {
    if (options.advance !== undefined) out(await client.post('/admin/v1/clock/advance', { seconds: Number(options.advance) }));
    else out(await client.get('/admin/v1/clock'));
    return 0;
  }
  if (command === 'faults') {
    const [sub = 'list', id] = args;
    if (sub === 'list') out(await client.get('/admin/v1/faults'));
    else if (sub === 'remove' && id) out(await client.delete(`/admin/v1/faults/${encodeURIComponent(id)}`));
    else if (sub === 'add') {
      const num = (k: string) => (options[k] === undefined ? undefined : Number(options[k]));
      const rule = Object.fromEntries(Object.entries({
        service: options.service, operation: options.operation, instanceId: options['instance-id'], contactId: options.contact,
        error: options.error, rate: num('rate'), delayMs: num('delay-ms'), remaining: num('remaining'),
        socket: options.socket, pushDelayMs: num('push-delay-ms'),
      }).filter(([, v]) => v !== undefined));
      out(await client.post('/admin/v1/faults', rule));
    } else throw new Error('usage: switchboard faults [list | add --operation Op --error Name [--rate r] [--delay-ms n] [--remaining n] [--contact id] | add --socket drop|stall [--contact id] | add --push-delay-ms n [--contact id] | remove <id>]');
    return 0;
  }
  // transcript
  const [contactId] = args;
  if (!contactId) throw new Error('usage: switchboard transcript <contactId> [--format json|csv] [--follow]');
  const instance = instanceId || (await client.get<{ instances: { id: string }[] }>('/admin/v1/instances')).instances[0]?.id || '';
  const path = `/admin/v1/contacts/${encodeURIComponent(contactId)}/transcript?instanceId=${encodeURIComponent(instance)}`;
  const read = () => client.get<{ transcript: WireItem[]; segments: { state: string }[] }>(path);
  const format = options.format === 'csv' ? 'csv' : options.follow ? 'lines' : 'json';
  let view = await read();
  if (format === 'json') {
    out(view);
    return 0;
  }
  if (format === 'csv') {
    out(`${['time', 'type', 'role', 'name', 'contentType', 'content', 'id', 'contactId'].join(',')}\n`);
    for (const i of view.transcript) out(`${[i.AbsoluteTime, i.Type, i.ParticipantRole ?? '', i.DisplayName ?? '', i.ContentType, i.Content ?? '', i.Id, i.ContactId].map(csv).join(',')}\n`);
    return 0;
  }
  // --follow: print each item once, until every segment of the chat has ended.
  const printed = new Set<string>();
  for (;;) {
    for (const i of view.transcript) {
      if (printed.has(i.Id)) continue;
      printed.add(i.Id);
      out(`${line(i)}\n`);
    }
    if (view.segments.every((s) => s.state !== 'ACTIVE')) return 0;
    await new Promise((r) => setTimeout(r, 500));
    view = await read();
  }
}

function line(i: WireItem): string {
  const who = i.ParticipantRole ? `${i.ParticipantRole}${i.DisplayName ? ` ${i.DisplayName}` : ''}` : 'SYSTEM';
  const what = i.Type === 'MESSAGE' || i.Type === 'ATTACHMENT' ? (i.Content ?? '') : i.ContentType.replace('application/vnd.amazonaws.connect.event.', '');
  return `${i.AbsoluteTime.slice(11, 19)}  ${who}: ${what}`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csv(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A seed applied from the command line: the admin API's proxy to the Connect operations, and its widget endpoints. */
function adminSeedTarget(client: AdminClient): SeedTarget {
  return {
    connect: <T>(operation: string, input: Record<string, unknown>) => client.post<T>(`/admin/v1/connect/${operation}`, input),
    listWidgets: async (instanceId) => (await client.get<{ widgets: { id: string; name: string }[] }>(`/admin/v1/widgets?instanceId=${encodeURIComponent(instanceId)}`)).widgets,
    async createWidget(instanceId, w) {
      await client.post('/admin/v1/widgets', { instanceId, name: w.name, contactFlowId: w.contactFlowId, allowedOrigins: w.allowedOrigins, display: { title: w.title ?? 'Chat with us' } });
    },
  };
}
