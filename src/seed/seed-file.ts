// The declarative seed (docs/seed.md): a YAML or JSON file naming instances and what each holds — hours, queues,
// flows (inline or a path to an exported flow), routing profiles, users, quick connects and widgets — read with
// line numbers so that each problem names the file, the line and what is wrong.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseYamlDocuments, readYamlFile, YamlFileError, type YamlPath, type YamlReader } from '../yaml-reader.js';

/** Every seeded thing keeps the line it was written on, and its references theirs, for errors found when applied. */
interface Placed {
  line: number;
  /** The line of each reference to another seeded thing (hours, queue, flow, routingProfile, queues, offeredIn…). */
  refLines: Record<string, number>;
}

export interface SeedHours extends Placed {
  name: string;
  timeZone: string;
  /** Per day: start and end as HH:MM. */
  days: { day: string; start: string; end: string }[];
}

export interface SeedQueue extends Placed {
  name: string;
  hours: string;
  maxContacts?: number;
  description?: string;
}

export interface SeedFlow extends Placed {
  name: string;
  type: string;
  /** Flow-language JSON text: the file's content or the inline content. */
  content: string;
}

export interface SeedRoutingProfile extends Placed {
  name: string;
  queues: string[];
  concurrency: number;
  defaultOutboundQueue: string;
}

export interface SeedUser extends Placed {
  username: string;
  password: string;
  routingProfile: string;
  firstName?: string;
  lastName?: string;
}

export interface SeedQuickConnect extends Placed {
  name: string;
  queue: string;
  flow: string;
  /** The queues whose agents are offered it in their transfer list. */
  offeredIn: string[];
}

export interface SeedWidget extends Placed {
  name: string;
  flow: string;
  allowedOrigins: string[];
  title?: string;
}

export interface SeedInstance extends Placed {
  alias: string;
  hours: SeedHours[];
  queues: SeedQueue[];
  flows: SeedFlow[];
  routingProfiles: SeedRoutingProfile[];
  users: SeedUser[];
  quickConnects: SeedQuickConnect[];
  widgets: SeedWidget[];
}

export interface Seed {
  file: string;
  instances: SeedInstance[];
}

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const FLOW_TYPES = ['CONTACT_FLOW', 'CUSTOMER_QUEUE', 'CUSTOMER_HOLD', 'CUSTOMER_WHISPER', 'AGENT_HOLD', 'AGENT_WHISPER', 'OUTBOUND_WHISPER', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'];

export function readSeedFile(file: string): Seed {
  const { text, path } = readYamlFile(file);
  return parseSeed(text, path);
}

export function parseSeed(text: string, file: string): Seed {
  const [doc, extra] = parseYamlDocuments(text, file);
  if (!doc || doc.root() === undefined) throw new YamlFileError(`${file}: the seed file is empty`);
  if (extra) extra.fail([], 'a seed file is one document');
  doc.only([], ['instances']);
  const instances = doc.list(['instances']).map((at) => instance(doc, at));
  const aliases = new Set<string>();
  for (const i of instances) {
    if (aliases.has(i.alias)) throw new YamlFileError(`${file}:${i.line}: instance "${i.alias}" is named twice`);
    aliases.add(i.alias);
  }
  return { file, instances };
}

function instance(doc: YamlReader, at: YamlPath): SeedInstance {
  doc.only(at, ['alias', 'hours', 'queues', 'flows', 'routingProfiles', 'users', 'quickConnects', 'widgets']);
  const alias = doc.string([...at, 'alias']);
  if (!/^[a-z0-9](?:[a-z0-9-]{0,60}[a-z0-9])?$/i.test(alias)) doc.fail([...at, 'alias'], 'an instance alias is 1–62 letters, digits and hyphens, not starting or ending with a hyphen');
  const seeded: SeedInstance = {
    line: doc.line(at), refLines: {}, alias,
    hours: doc.list([...at, 'hours']).map((h) => readHours(doc, h)),
    queues: doc.list([...at, 'queues']).map((q) => {
      doc.only(q, ['name', 'hours', 'maxContacts', 'description']);
      return {
        line: doc.line(q), refLines: refLines(doc, q, ['hours']), name: doc.string([...q, 'name']), hours: doc.optionalString([...q, 'hours']) ?? 'Basic Hours',
        ...(doc.value([...q, 'maxContacts']) !== undefined ? { maxContacts: doc.integer([...q, 'maxContacts'], 0, 10_000) } : {}),
        ...(doc.value([...q, 'description']) !== undefined ? { description: doc.string([...q, 'description']) } : {}),
      };
    }),
    flows: doc.list([...at, 'flows']).map((f) => flow(doc, f)),
    routingProfiles: doc.list([...at, 'routingProfiles']).map((r) => {
      doc.only(r, ['name', 'queues', 'concurrency', 'defaultOutboundQueue']);
      const queues = doc.list([...r, 'queues']).map((q) => doc.string(q));
      if (!queues.length) doc.fail([...r, 'queues'], 'a routing profile serves at least one queue');
      return {
        line: doc.line(r), refLines: refLines(doc, r, ['queues', 'defaultOutboundQueue']), name: doc.string([...r, 'name']), queues,
        concurrency: doc.value([...r, 'concurrency']) === undefined ? 1 : doc.integer([...r, 'concurrency'], 1, 10),
        defaultOutboundQueue: doc.optionalString([...r, 'defaultOutboundQueue']) ?? queues[0]!,
      };
    }),
    users: doc.list([...at, 'users']).map((u) => {
      doc.only(u, ['username', 'password', 'routingProfile', 'firstName', 'lastName']);
      return {
        line: doc.line(u), refLines: refLines(doc, u, ['routingProfile']), username: doc.string([...u, 'username']), password: doc.string([...u, 'password']),
        routingProfile: doc.optionalString([...u, 'routingProfile']) ?? 'Basic Routing Profile',
        ...(doc.value([...u, 'firstName']) !== undefined ? { firstName: doc.string([...u, 'firstName']) } : {}),
        ...(doc.value([...u, 'lastName']) !== undefined ? { lastName: doc.string([...u, 'lastName']) } : {}),
      };
    }),
    quickConnects: doc.list([...at, 'quickConnects']).map((q) => {
      doc.only(q, ['name', 'queue', 'flow', 'offeredIn']);
      return {
        line: doc.line(q), refLines: refLines(doc, q, ['queue', 'flow', 'offeredIn']), name: doc.string([...q, 'name']), queue: doc.string([...q, 'queue']),
        flow: doc.optionalString([...q, 'flow']) ?? 'Default queue transfer', offeredIn: doc.list([...q, 'offeredIn']).map((x) => doc.string(x)),
      };
    }),
    widgets: doc.list([...at, 'widgets']).map((w) => {
      doc.only(w, ['name', 'flow', 'allowedOrigins', 'title']);
      const origins = doc.list([...w, 'allowedOrigins']).map((o) => doc.string(o));
      if (!origins.length) doc.fail([...w, 'allowedOrigins'], 'a widget needs at least one allowed origin (https://example.com)');
      return {
        line: doc.line(w), refLines: refLines(doc, w, ['flow']), name: doc.string([...w, 'name']), flow: doc.string([...w, 'flow']), allowedOrigins: origins,
        ...(doc.value([...w, 'title']) !== undefined ? { title: doc.string([...w, 'title']) } : {}),
      };
    }),
  };
  for (const kind of ['hours', 'queues', 'flows', 'routingProfiles', 'quickConnects', 'widgets'] as const) {
    const seen = new Set<string>();
    for (const item of seeded[kind]) {
      if (seen.has(item.name)) throw new YamlFileError(`${doc.file}:${item.line}: ${kind} "${item.name}" is named twice in instance "${alias}"`);
      seen.add(item.name);
    }
  }
  return seeded;
}

/** The Config of Create/UpdateHoursOfOperation for hours as written. */
export function hoursConfig(h: SeedHours): { Day: string; StartTime: { Hours: number; Minutes: number }; EndTime: { Hours: number; Minutes: number } }[] {
  const time = (hhmm: string) => ({ Hours: Number(hhmm.slice(0, 2)), Minutes: Number(hhmm.slice(3)) });
  return h.days.map((d) => ({ Day: d.day, StartTime: time(d.start), EndTime: time(d.end) }));
}

/** Hours of operation as written in a seed or a flow test scenario: name, time zone, and days with HH:MM times. */
export function readHours(doc: YamlReader, at: YamlPath): SeedHours {
  doc.only(at, ['name', 'timeZone', 'days']);
  const timeZone = doc.string([...at, 'timeZone']);
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    doc.fail([...at, 'timeZone'], `unknown time zone "${timeZone}" (an IANA name such as Europe/Berlin)`);
  }
  const days = doc.list([...at, 'days']).map((d) => {
    doc.only(d, ['day', 'start', 'end']);
    const day = doc.string([...d, 'day']).toUpperCase();
    if (!DAYS.includes(day)) doc.fail([...d, 'day'], `day is one of ${DAYS.join(', ')}`);
    const time = (k: 'start' | 'end') => {
      const v = doc.string([...d, k]);
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v)) doc.fail([...d, k], `${k} is a time as HH:MM (00:00 to 23:59)`);
      return v;
    };
    return { day, start: time('start'), end: time('end') };
  });
  if (!days.length) doc.fail([...at, 'days'], 'hours of operation need at least one day');
  return { line: doc.line(at), refLines: {}, name: doc.string([...at, 'name']), timeZone, days };
}

function flow(doc: YamlReader, at: YamlPath): SeedFlow {
  const raw = doc.only(at, ['name', 'type', 'file', 'content']);
  const type = doc.optionalString([...at, 'type']) ?? 'CONTACT_FLOW';
  if (!FLOW_TYPES.includes(type)) doc.fail([...at, 'type'], `type is one of ${FLOW_TYPES.join(', ')}`);
  let content: string;
  if ((raw.file === undefined) === (raw.content === undefined)) doc.fail(at, 'a flow has either file (a path to an exported flow) or content (the flow inline)');
  if (raw.file !== undefined) {
    const path = resolve(dirname(doc.file), doc.string([...at, 'file']));
    try {
      content = readFileSync(path, 'utf8');
    } catch (err) {
      doc.fail([...at, 'file'], `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  } else content = JSON.stringify(doc.object([...at, 'content']));
  try {
    JSON.parse(content);
  } catch {
    doc.fail([...at, 'file'], 'the flow file is not JSON');
  }
  return { line: doc.line(at), refLines: {}, name: doc.string([...at, 'name']), type, content };
}

function refLines(doc: YamlReader, at: YamlPath, keys: string[]): Record<string, number> {
  return Object.fromEntries(keys.filter((k) => doc.value([...at, k]) !== undefined).map((k) => [k, doc.line([...at, k])]));
}
