// Flow test scenarios (docs/flow-testing.md): the customer's turns, stubbed Lambda answers, agents staffing
// queues, and what the run must show. Read from YAML or JSON through yaml-reader.ts, so that each problem names the
// file, the line and what is wrong.
import { dirname, resolve } from 'node:path';
import { readHours, type SeedHours } from '../seed/seed-file.js';
import { isObject, parseYamlDocuments, readYamlFile, YamlFileError, type YamlPath, type YamlReader } from '../yaml-reader.js';

/** One thing the customer does, in order. */
export type Turn =
  | { say: string; line: number }
  | { choose: string; line: number }
  | { wait: number; line: number }
  | { expect: string; line: number }
  /** The custom bot a Lambda added (addBot) leaves the chat, as a bot's DisconnectParticipant does. */
  | { bot: 'leave'; line: number };

/**
 * What a stubbed Lambda answers to one call: a result (any JSON object), or a failure (the block's Error branch).
 * addBot: before answering, the function adds a custom bot participant to the chat (CreateParticipant, CUSTOM_BOT),
 * as a Lambda that starts a third-party bot does.
 */
export type LambdaAnswer = ({ result: Record<string, unknown> } | { fail: string }) & { addBot?: string };

export interface BranchExpectation {
  /** An action's Identifier, a unique start of it (four characters or more), or its type when only one has it. */
  block: string;
  /** The branch: a condition's value, an error type (NoMatchingCondition, NoMatchingError, Timeout…), or Success. */
  took: string;
  line: number;
}

export interface Expectations {
  /** Where the contact is when the turns are done. */
  ended?: 'queue' | 'disconnected' | 'flow';
  /** The queue it waits in (its name, as in the scenario's queues or the instance's BasicQueue). */
  queue?: string;
  attributes?: Record<string, string>;
  branches?: BranchExpectation[];
  /** Messages the customer saw, in this order (substrings, or /regular expressions/). */
  messages?: string[];
  line: number;
}

export interface Scenario {
  name: string;
  /** Where it was read from, for messages ("scenario.yaml:12"). */
  file: string;
  line: number;
  customer: { displayName: string };
  attributes: Record<string, string>;
  /** Flows the tested flow transfers to: the reference written in the flow (ARN, id or placeholder) → a file. */
  flows: Record<string, string>;
  /** Lambda function ARN → answers in call order (the last one repeats). */
  lambdas: Record<string, LambdaAnswer[]>;
  /** Queue name (BasicQueue, or one the flow references by ARN, named as in the export) → agents available in it. */
  queues: Record<string, { agentsAvailable: number }>;
  /** Hours of operation set before the chat starts (Basic Hours, which BasicQueue uses, or new ones by name). */
  hours: SeedHours[];
  /** When the chat starts (the server's clock; hours checks read it); default now. */
  startAt?: number;
  turns: Turn[];
  expect: Expectations;
}

/** Reads every scenario in a file: one YAML/JSON document per scenario, or a document with a `scenarios` list. */
export function readScenarios(file: string): Scenario[] {
  const { text, path } = readYamlFile(file);
  return parseScenarios(text, path);
}

export function parseScenarios(text: string, file: string): Scenario[] {
  const out: Scenario[] = [];
  for (const doc of parseYamlDocuments(text, file)) {
    const root = doc.root();
    if (root === undefined) continue;
    if (isObject(root) && Array.isArray(root.scenarios)) out.push(...doc.list(['scenarios']).map((at) => readScenario(doc, at)));
    else out.push(readScenario(doc, []));
  }
  if (!out.length) throw new YamlFileError(`${file}: no scenario in it`);
  return out;
}

function readScenario(doc: YamlReader, at: YamlPath): Scenario {
  const raw = doc.only(at, ['name', 'at', 'customer', 'attributes', 'flows', 'lambdas', 'queues', 'hours', 'turns', 'expect']);
  let startAt: number | undefined;
  if (raw.at !== undefined) {
    const text = doc.string([...at, 'at']);
    startAt = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(startAt)) doc.fail([...at, 'at'], 'at is a date and time with its offset, such as 2026-12-05T20:00:00+01:00');
  }
  const base = dirname(doc.file);
  return {
    name: raw.name === undefined ? `scenario at line ${doc.line(at)}` : doc.string([...at, 'name']),
    file: doc.file,
    line: doc.line(at),
    customer: { displayName: raw.customer === undefined ? 'Customer' : doc.string([...at, 'customer', 'displayName']) },
    attributes: doc.stringMap([...at, 'attributes']),
    flows: Object.fromEntries(Object.entries(doc.stringMap([...at, 'flows'])).map(([ref, p]) => [ref, resolve(base, p)])),
    lambdas: lambdas(doc, [...at, 'lambdas']),
    queues: queues(doc, [...at, 'queues']),
    hours: doc.list([...at, 'hours']).map((h) => readHours(doc, h)),
    ...(startAt !== undefined ? { startAt } : {}),
    turns: doc.list([...at, 'turns']).map((t) => turn(doc, t)),
    expect: expectations(doc, [...at, 'expect']),
  };
}

function turn(doc: YamlReader, at: YamlPath): Turn {
  const keys = Object.keys(doc.object(at));
  if (keys.length !== 1) doc.fail(at, 'a turn is one of say, choose, wait, expect or bot');
  const line = doc.line(at);
  switch (keys[0]) {
    case 'say': return { say: doc.string([...at, 'say']), line };
    case 'choose': return { choose: doc.string([...at, 'choose']), line };
    case 'expect': return { expect: pattern(doc, [...at, 'expect']), line };
    case 'bot':
      if (doc.string([...at, 'bot']) !== 'leave') doc.fail([...at, 'bot'], 'the bot turn is "bot: leave"');
      return { bot: 'leave', line };
    case 'wait': {
      const seconds = doc.value([...at, 'wait']);
      if (typeof seconds !== 'number' || !(seconds > 0)) doc.fail([...at, 'wait'], 'wait takes a number of seconds greater than 0');
      return { wait: seconds as number, line };
    }
    default: return doc.fail(at, `unknown turn "${keys[0]}": a turn is one of say, choose, wait, expect or bot`);
  }
}

function expectations(doc: YamlReader, at: YamlPath): Expectations {
  if (doc.value(at) === undefined) return { line: 0 };
  const raw = doc.only(at, ['ended', 'queue', 'attributes', 'branches', 'messages']);
  const ended = doc.optionalString([...at, 'ended']);
  if (ended !== undefined && !['queue', 'disconnected', 'flow'].includes(ended)) doc.fail([...at, 'ended'], 'ended is queue, disconnected or flow');
  return {
    line: doc.line(at),
    ...(ended ? { ended: ended as Expectations['ended'] } : {}),
    ...(raw.queue !== undefined ? { queue: doc.string([...at, 'queue']) } : {}),
    ...(raw.attributes !== undefined ? { attributes: doc.stringMap([...at, 'attributes']) } : {}),
    ...(raw.messages !== undefined ? { messages: doc.list([...at, 'messages']).map((m) => pattern(doc, m)) } : {}),
    ...(raw.branches !== undefined ? {
      branches: doc.list([...at, 'branches']).map((b) => {
        doc.only(b, ['block', 'took']);
        return { block: doc.string([...b, 'block']), took: doc.string([...b, 'took']), line: doc.line(b) };
      }),
    } : {}),
  };
}

function lambdas(doc: YamlReader, at: YamlPath): Record<string, LambdaAnswer[]> {
  if (doc.value(at) === undefined) return {};
  const out: Record<string, LambdaAnswer[]> = {};
  for (const arn of Object.keys(doc.object(at))) {
    const entry = [...at, arn];
    const answers = Array.isArray(doc.value(entry)) ? doc.list(entry) : [entry];
    out[arn] = answers.map((a) => {
      const raw = doc.only(a, ['result', 'fail', 'addBot']);
      const addBot = raw.addBot === undefined ? {} : { addBot: doc.string([...a, 'addBot']) };
      if ('fail' in raw) return { fail: doc.string([...a, 'fail']), ...addBot };
      if (!isObject(raw.result)) doc.fail(a, 'a Lambda answer is {result: {…}} or {fail: "why"}');
      return { result: raw.result as Record<string, unknown>, ...addBot };
    });
    if (!out[arn]!.length) doc.fail(entry, 'give at least one answer');
  }
  return out;
}

function queues(doc: YamlReader, at: YamlPath): Record<string, { agentsAvailable: number }> {
  if (doc.value(at) === undefined) return {};
  const out: Record<string, { agentsAvailable: number }> = {};
  for (const name of Object.keys(doc.object(at))) {
    const q = [...at, name];
    doc.only(q, ['agentsAvailable']);
    out[name] = { agentsAvailable: doc.value([...q, 'agentsAvailable']) === undefined ? 0 : doc.integer([...q, 'agentsAvailable'], 0, 50) };
  }
  return out;
}

/** A message pattern: /regular expression/flags, or a substring. Checked here so a bad expression names its line. */
function pattern(doc: YamlReader, at: YamlPath): string {
  const p = doc.string(at);
  try {
    toMatcher(p);
  } catch (err) {
    doc.fail(at, (err as Error).message);
  }
  return p;
}

/** A pattern as written in a scenario: /expression/flags is a regular expression, anything else a substring. */
export function toMatcher(pattern: string): (text: string) => boolean {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (!m) return (text) => text.includes(pattern);
  let re: RegExp;
  try {
    re = new RegExp(m[1]!, m[2]);
  } catch (err) {
    throw new Error(`not a valid regular expression: ${pattern} (${(err as Error).message})`);
  }
  return (text) => re.test(text);
}
