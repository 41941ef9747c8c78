// Flow test scenarios (docs/flow-testing.md): the customer's turns, stubbed Lambda answers, agents staffing
// queues, and what the run must show. Read from YAML or JSON (the `yaml` library, which keeps every node's place in
// the text), so that each problem names the file, the line and what is wrong.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Document, LineCounter, parseAllDocuments } from 'yaml';

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
  turns: Turn[];
  expect: Expectations;
}

export class ScenarioError extends Error {}

type Path = (string | number)[];

/** Reads every scenario in a file: one YAML/JSON document per scenario, or a document with a `scenarios` list. */
export function readScenarios(file: string): Scenario[] {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScenarioError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseScenarios(text, path);
}

export function parseScenarios(text: string, file: string): Scenario[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  if (!Array.isArray(docs)) throw new ScenarioError(`${file}: no scenario in it`);
  const out: Scenario[] = [];
  for (const doc of docs) {
    const problem = doc.errors[0];
    if (problem) throw new ScenarioError(`${file}:${lines.linePos(problem.pos[0]).line}: ${problem.message.split('\n')[0]}`);
    const reader = new Reader(doc, lines, file);
    const root = doc.toJS() as unknown;
    if (root === null || root === undefined) continue;
    if (isObject(root) && Array.isArray(root.scenarios)) {
      root.scenarios.forEach((_, i) => out.push(reader.scenario(['scenarios', i])));
    } else out.push(reader.scenario([]));
  }
  if (!out.length) throw new ScenarioError(`${file}: no scenario in it`);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads typed values out of one YAML document, throwing a ScenarioError that names the line of the bad value. */
class Reader {
  constructor(private readonly doc: Document, private readonly lines: LineCounter, private readonly file: string) {}

  scenario(at: Path): Scenario {
    const raw = this.object(at);
    this.only(at, raw, ['name', 'customer', 'attributes', 'flows', 'lambdas', 'queues', 'turns', 'expect']);
    const base = dirname(this.file);
    return {
      name: raw.name === undefined ? `scenario at line ${this.line(at)}` : this.string([...at, 'name']),
      file: this.file,
      line: this.line(at),
      customer: { displayName: raw.customer === undefined ? 'Customer' : this.string([...at, 'customer', 'displayName']) },
      attributes: this.stringMap([...at, 'attributes']),
      flows: Object.fromEntries(Object.entries(this.stringMap([...at, 'flows'])).map(([ref, p]) => [ref, resolve(base, p)])),
      lambdas: this.lambdas([...at, 'lambdas']),
      queues: this.queues([...at, 'queues']),
      turns: this.list([...at, 'turns']).map((_, i) => this.turn([...at, 'turns', i])),
      expect: this.expectations([...at, 'expect']),
    };
  }

  private turn(at: Path): Turn {
    const raw = this.object(at);
    const keys = Object.keys(raw);
    if (keys.length !== 1) this.fail(at, 'a turn is one of say, choose, wait, expect or bot');
    const line = this.line(at);
    switch (keys[0]) {
      case 'say': return { say: this.string([...at, 'say']), line };
      case 'choose': return { choose: this.string([...at, 'choose']), line };
      case 'bot':
        if (this.string([...at, 'bot']) !== 'leave') this.fail([...at, 'bot'], 'the bot turn is "bot: leave"');
        return { bot: 'leave', line };
      case 'expect': return { expect: this.pattern([...at, 'expect']), line };
      case 'wait': {
        const seconds = this.value([...at, 'wait']);
        if (typeof seconds !== 'number' || !(seconds > 0)) this.fail([...at, 'wait'], 'wait takes a number of seconds greater than 0');
        return { wait: seconds as number, line };
      }
      default: return this.fail(at, `unknown turn "${keys[0]}": a turn is one of say, choose, wait, expect or bot`);
    }
  }

  private expectations(at: Path): Expectations {
    const line = this.value(at) === undefined ? 0 : this.line(at);
    const raw = this.value(at) === undefined ? {} : this.object(at);
    this.only(at, raw, ['ended', 'queue', 'attributes', 'branches', 'messages']);
    const ended = raw.ended === undefined ? undefined : this.string([...at, 'ended']);
    if (ended !== undefined && !['queue', 'disconnected', 'flow'].includes(ended)) this.fail([...at, 'ended'], 'ended is queue, disconnected or flow');
    return {
      line,
      ...(ended ? { ended: ended as Expectations['ended'] } : {}),
      ...(raw.queue !== undefined ? { queue: this.string([...at, 'queue']) } : {}),
      ...(raw.attributes !== undefined ? { attributes: this.stringMap([...at, 'attributes']) } : {}),
      ...(raw.messages !== undefined ? { messages: this.list([...at, 'messages']).map((_, i) => this.pattern([...at, 'messages', i])) } : {}),
      ...(raw.branches !== undefined ? {
        branches: this.list([...at, 'branches']).map((_, i) => {
          const b = [...at, 'branches', i];
          this.only(b, this.object(b), ['block', 'took']);
          return { block: this.string([...b, 'block']), took: this.string([...b, 'took']), line: this.line(b) };
        }),
      } : {}),
    };
  }

  private lambdas(at: Path): Record<string, LambdaAnswer[]> {
    if (this.value(at) === undefined) return {};
    const out: Record<string, LambdaAnswer[]> = {};
    for (const arn of Object.keys(this.object(at))) {
      const entry = [...at, arn];
      const answers = Array.isArray(this.value(entry)) ? this.list(entry).map((_, i) => [...entry, i]) : [entry];
      out[arn] = answers.map((a) => {
        const raw = this.object(a);
        this.only(a, raw, ['result', 'fail', 'addBot']);
        const addBot = raw.addBot === undefined ? {} : { addBot: this.string([...a, 'addBot']) };
        if ('fail' in raw) return { fail: this.string([...a, 'fail']), ...addBot };
        if (!isObject(raw.result)) this.fail(a, 'a Lambda answer is {result: {…}} or {fail: "why"}');
        return { result: raw.result as Record<string, unknown>, ...addBot };
      });
      if (!out[arn]!.length) this.fail(entry, 'give at least one answer');
    }
    return out;
  }

  private queues(at: Path): Record<string, { agentsAvailable: number }> {
    if (this.value(at) === undefined) return {};
    const out: Record<string, { agentsAvailable: number }> = {};
    for (const name of Object.keys(this.object(at))) {
      const q = [...at, name];
      this.only(q, this.object(q), ['agentsAvailable']);
      const n = this.value([...q, 'agentsAvailable']) ?? 0;
      if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > 50) this.fail([...q, 'agentsAvailable'], 'agentsAvailable is a whole number from 0 to 50');
      out[name] = { agentsAvailable: n as number };
    }
    return out;
  }

  /** A message pattern: /regular expression/flags, or a substring. Checked here so a bad expression names its line. */
  private pattern(at: Path): string {
    const p = this.string(at);
    try {
      toMatcher(p);
    } catch (err) {
      this.fail(at, (err as Error).message);
    }
    return p;
  }

  private stringMap(at: Path): Record<string, string> {
    if (this.value(at) === undefined) return {};
    const raw = this.object(at);
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') this.fail([...at, k], `${k} must be a text value`);
    }
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
  }

  private string(at: Path): string {
    const v = this.value(at);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string' || !v) this.fail(at, `${String(at[at.length - 1])} must be a non-empty text`);
    return v as string;
  }

  private object(at: Path): Record<string, unknown> {
    const v = this.value(at);
    if (!isObject(v)) this.fail(at, `${at.length ? String(at[at.length - 1]) : 'a scenario'} must be a mapping`);
    return v as Record<string, unknown>;
  }

  private list(at: Path): unknown[] {
    const v = this.value(at);
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail(at, `${String(at[at.length - 1])} must be a list`);
    return v as unknown[];
  }

  private only(at: Path, raw: Record<string, unknown>, keys: string[]) {
    for (const k of Object.keys(raw)) if (!keys.includes(k)) this.fail([...at, k], `unknown key "${k}" (expected one of ${keys.join(', ')})`);
  }

  private value(at: Path): unknown {
    const node = at.length ? this.doc.getIn(at, true) : this.doc.contents;
    return node === undefined || node === null ? undefined : (node as { toJSON?: () => unknown }).toJSON?.() ?? this.doc.getIn(at);
  }

  private line(at: Path): number {
    // A key's own line when the value sits on the next one; the nearest enclosing node's otherwise.
    for (let n = at.length; n >= 0; n--) {
      const node = (n ? this.doc.getIn(at.slice(0, n), true) : this.doc.contents) as { range?: [number, number, number] } | undefined;
      if (node?.range) return this.lines.linePos(node.range[0]).line;
    }
    return 1;
  }

  private fail(at: Path, message: string): never {
    throw new ScenarioError(`${this.file}:${this.line(at)}: ${message}`);
  }
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
