// Checks a parsed input against the model's constraints: required, length (strings in characters,
// lists and maps in entries), range, enum, pattern and unions. Messages follow AWS's wording so that
// callers see what they would see from Amazon ("Member must have length less than or equal to 256").
import { lowerFirst } from './request-parser.js';
import type { ServiceModel, Shape } from './service-model.js';
import type { ValidationProblem } from './service-errors.js';

export class InputValidator {
  private readonly patterns = new Map<string, RegExp | null>();

  constructor(private readonly model: ServiceModel) {}

  validate(shapeName: string, input: Record<string, unknown>): ValidationProblem[] {
    const problems: ValidationProblem[] = [];
    this.checkStructure(this.model.shape(shapeName), input, '', problems);
    return problems;
  }

  private checkStructure(shape: Shape, value: Record<string, unknown>, prefix: string, problems: ValidationProblem[]) {
    const members = shape.members ?? {};
    for (const name of shape.required ?? []) {
      if (value[name] === undefined) {
        problems.push({
          path: prefix + lowerFirst(name),
          value: null,
          sensitive: false,
          constraint: 'Member must not be null',
        });
      }
    }
    if (shape.union) {
      const set = Object.keys(members).filter((m) => value[m] !== undefined);
      if (set.length !== 1) {
        problems.push({
          path: prefix.replace(/\.$/, '') || 'input',
          value: undefined,
          sensitive: true,
          constraint: `Exactly one member must be set, found ${set.length}`,
        });
      }
    }
    for (const [name, ref] of Object.entries(members)) {
      const v = value[name];
      if (v !== undefined) this.checkValue(ref.shape, v, prefix + lowerFirst(name), problems);
    }
  }

  private checkValue(shapeName: string, value: unknown, path: string, problems: ValidationProblem[]) {
    const shape = this.model.shape(shapeName);
    const fail = (constraint: string) =>
      problems.push({ path, value, sensitive: !!shape.sensitive, constraint });
    switch (shape.type) {
      case 'structure':
        this.checkStructure(shape, value as Record<string, unknown>, `${path}.`, problems);
        return;
      case 'list': {
        const list = value as unknown[];
        this.checkLength(list.length, shape, fail);
        list.forEach((item, i) => {
          if (item === undefined) return;
          this.checkValue(shape.member!.shape, item, `${path}.${i + 1}.member`, problems);
        });
        return;
      }
      case 'map': {
        const entries = Object.entries(value as Record<string, unknown>);
        this.checkLength(entries.length, shape, fail);
        for (const [k, v] of entries) {
          this.checkValue(shape.key!.shape, k, `${path}.key`, problems);
          this.checkValue(shape.value!.shape, v, `${path}.${k}`, problems);
        }
        return;
      }
      case 'string': {
        const text = value as string;
        this.checkLength([...text].length, shape, fail);
        if (shape.enum && !shape.enum.includes(text)) {
          fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
        }
        const pattern = shape.pattern ? this.compile(shape.pattern) : null;
        if (pattern && !pattern.test(text)) fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
        return;
      }
      case 'integer':
      case 'long':
      case 'double':
      case 'float': {
        const n = value as number;
        if (shape.min !== undefined && n < shape.min) fail(`Member must have value greater than or equal to ${shape.min}`);
        if (shape.max !== undefined && n > shape.max) fail(`Member must have value less than or equal to ${shape.max}`);
        return;
      }
      default:
        return;
    }
  }

  private checkLength(length: number, shape: Shape, fail: (c: string) => void) {
    if (shape.min !== undefined && length < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
  }

  /** Model patterns are Java regexes; the few JS cannot compile are skipped rather than rejecting valid input. */
  private compile(pattern: string): RegExp | null {
    if (!this.patterns.has(pattern)) {
      let compiled: RegExp | null = null;
      // A few model patterns are written with /…/ delimiters (e.g. Password); the delimiters are not part of it.
      const source = pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/') ? pattern.slice(1, -1) : pattern;
      for (const flags of ['u', '']) {
        try {
          compiled = new RegExp(source, flags);
          break;
        } catch {
          compiled = null;
        }
      }
      this.patterns.set(pattern, compiled);
    }
    return this.patterns.get(pattern)!;
  }
}
