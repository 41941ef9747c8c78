// Typed reading of a YAML (or JSON) document that keeps each value's place in the text (the `yaml` library's nodes),
// so that every problem in a hand-written file — a flow test scenario, a seed file — names the file, the line and
// what is wrong.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Document, LineCounter, parseAllDocuments } from 'yaml';

export class YamlFileError extends Error {}

export type YamlPath = (string | number)[];

/** A file's text and absolute path (the path messages name); an unreadable file is a YamlFileError. */
export function readYamlFile(file: string): { text: string; path: string } {
  const path = resolve(file);
  try {
    return { text: readFileSync(path, 'utf8'), path };
  } catch (err) {
    throw new YamlFileError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** Parses every document of a file (YAML documents separated by `---`; JSON is YAML), refusing syntax errors by line. */
export function parseYamlDocuments(text: string, file: string): YamlReader[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    const problem = doc.errors[0];
    if (problem) throw new YamlFileError(`${file}:${lines.linePos(problem.pos[0]).line}: ${problem.message.split('\n')[0]}`);
    return new YamlReader(doc, lines, file);
  });
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class YamlReader {
  constructor(private readonly doc: Document, private readonly lines: LineCounter, readonly file: string) {}

  /** The document as plain data (undefined when it is empty). */
  root(): unknown {
    return this.value([]);
  }

  value(at: YamlPath): unknown {
    const node = at.length ? this.doc.getIn(at, true) : this.doc.contents;
    if (node === undefined || node === null) return undefined;
    const json = (node as { toJSON?: () => unknown }).toJSON?.();
    return json === undefined || json === null ? undefined : json;
  }

  string(at: YamlPath): string {
    const v = this.value(at);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string' || !v) this.fail(at, `${name(at)} must be a non-empty text`);
    return v as string;
  }

  optionalString(at: YamlPath): string | undefined {
    return this.value(at) === undefined ? undefined : this.string(at);
  }

  integer(at: YamlPath, min: number, max: number): number {
    const v = this.value(at);
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) this.fail(at, `${name(at)} must be a whole number from ${min} to ${max}`);
    return v as number;
  }

  object(at: YamlPath): Record<string, unknown> {
    const v = this.value(at);
    if (!isObject(v)) this.fail(at, `${at.length ? name(at) : 'the document'} must be a mapping`);
    return v as Record<string, unknown>;
  }

  /** A list's entries as paths (an absent list is empty). */
  list(at: YamlPath): YamlPath[] {
    const v = this.value(at);
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail(at, `${name(at)} must be a list`);
    return (v as unknown[]).map((_, i) => [...at, i]);
  }

  /** A mapping of text values (numbers and booleans as text). */
  stringMap(at: YamlPath): Record<string, string> {
    if (this.value(at) === undefined) return {};
    const raw = this.object(at);
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') this.fail([...at, k], `${k} must be a text value`);
    }
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
  }

  /** Refuses keys other than these, naming the first unknown one. */
  only(at: YamlPath, keys: string[]): Record<string, unknown> {
    const raw = this.object(at);
    for (const k of Object.keys(raw)) if (!keys.includes(k)) this.fail([...at, k], `unknown key "${k}" (expected one of ${keys.join(', ')})`);
    return raw;
  }

  /** The line of the value at a path, or of the nearest enclosing node that has one. */
  line(at: YamlPath): number {
    for (let n = at.length; n >= 0; n--) {
      const node = (n ? this.doc.getIn(at.slice(0, n), true) : this.doc.contents) as { range?: [number, number, number] } | undefined;
      if (node?.range) return this.lines.linePos(node.range[0]).line;
    }
    return 1;
  }

  fail(at: YamlPath, message: string): never {
    throw new YamlFileError(`${this.file}:${this.line(at)}: ${message}`);
  }
}

const name = (at: YamlPath) => String(at[at.length - 1] ?? 'value');
