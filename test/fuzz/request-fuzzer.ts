// Derives hostile requests from the vendored botocore models: for an operation, a plausible input built from its
// shapes, then one mutation of it (a required member dropped, a member of the wrong type, a string past its
// length or outside its pattern, an enum value that is not one, numbers out of range, deep nesting, junk labels,
// query strings and headers, bodies that are not JSON objects). Deterministic for a seed, so a failure reproduces.
import type { MemberRef, OperationModel, ServiceModel, Shape } from '../../src/aws-protocol/service-model.js';

export interface FuzzRequest {
  method: string;
  /** Path and query, percent-encoded as they go on the request line. */
  target: string;
  headers: Record<string, string>;
  body: string;
  description: string;
}

/** mulberry32: a small seeded generator, so that every run of one seed sends the same cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_STRINGS = [
  '', ' ', '\u0000', '\uffff', '\ud800', '%00', '%zz', '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --", '${jndi:x}',
  'a'.repeat(5000), '😀'.repeat(300), '\r\nX-Injected: 1', 'null', 'undefined', '__proto__', 'constructor', '-1', '1e309', 'NaN',
  'arn:aws:connect:us-east-1:123456789012:instance/x', '0000000000000000000000000000000000000000',
];
const HOSTILE_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, '', 'x', [], [null], {}, { a: { b: { c: {} } } }];

/** Percent-encodes UTF-8; a lone surrogate (which has no UTF-8 form) goes as U+FFFD, as a browser would send it. */
function encode(text: string): string {
  return encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));
}

export class RequestFuzzer {
  private readonly random: () => number;

  constructor(
    private readonly model: ServiceModel,
    private readonly knownIds: Record<string, string>,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** A plausible value of a shape: what a well-behaved client might send. */
  plausible(shapeName: string, memberName: string, depth = 0): unknown {
    const shape = this.model.shape(shapeName);
    if (depth > 6) return undefined;
    switch (shape.type) {
      case 'structure': {
        const out: Record<string, unknown> = {};
        const members = Object.entries(shape.members ?? {});
        // A union takes exactly one member.
        const chosen = shape.union ? members.slice(0, 1) : members.filter(([n]) => shape.required?.includes(n) || this.random() < 0.3);
        for (const [name, ref] of chosen) out[name] = this.plausible(ref.shape, name, depth + 1);
        return out;
      }
      case 'list':
        return [this.plausible(shape.member!.shape, memberName, depth + 1)];
      case 'map':
        return { key: this.plausible(shape.value!.shape, memberName, depth + 1) };
      case 'integer':
      case 'long':
        return shape.min ?? 1;
      case 'double':
      case 'float':
        return shape.min ?? 1;
      case 'boolean':
        return true;
      case 'timestamp':
        return Math.floor(Date.now() / 1000);
      case 'blob':
        return 'eA==';
      default: {
        if (shape.enum) return shape.enum[0];
        const known = this.knownIds[memberName];
        if (known) return known;
        const length = Math.max(shape.min ?? 1, Math.min(shape.max ?? 8, 8));
        return 'a'.repeat(length);
      }
    }
  }

  /** A wrong value for a member of this shape. */
  private wrong(shape: Shape): { value: unknown; why: string } {
    const choice = this.random();
    if (shape.type === 'string' && choice < 0.25 && shape.max !== undefined) return { value: 'x'.repeat(shape.max + 1 + Math.floor(this.random() * 3)), why: 'over max length' };
    if (shape.type === 'string' && choice < 0.35 && (shape.min ?? 0) > 0) return { value: '', why: 'under min length' };
    if (shape.enum && choice < 0.45) return { value: `${shape.enum[0]}-NOT`, why: 'not an enum value' };
    if ((shape.type === 'integer' || shape.type === 'long') && choice < 0.55) return { value: this.pick([(shape.max ?? 2 ** 31) + 1, (shape.min ?? 0) - 1, 1.5, 1e300]), why: 'out of range' };
    if (choice < 0.7) return { value: this.pick(HOSTILE_STRINGS), why: 'hostile string' };
    return { value: this.pick(HOSTILE_VALUES), why: 'wrong type' };
  }

  /** A well-formed request for an operation, unmutated (to learn which operations are implemented). */
  probe(operation: OperationModel): FuzzRequest {
    const { inputShape, input } = this.plausibleInput(operation);
    return this.build(operation, inputShape, input, undefined, '', {}, 'probe', false);
  }

  private plausibleInput(operation: OperationModel) {
    const inputShape = operation.input ? this.model.shape(operation.input.shape) : { type: 'structure' as const, members: {} };
    const input: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(inputShape.members ?? {})) {
      if (inputShape.required?.includes(name) || ref.location === 'uri' || this.random() < 0.4) input[name] = this.plausible(ref.shape, name);
    }
    return { inputShape, input };
  }

  /** One mutated request for an operation. */
  next(operation: OperationModel): FuzzRequest {
    const { inputShape, input } = this.plausibleInput(operation);
    const members = Object.entries(inputShape.members ?? {});
    let description = 'plausible';
    let rawBody: string | undefined;
    let extraQuery = '';
    const headers: Record<string, string> = {};
    const mutation = this.random();
    if (mutation < 0.1 && inputShape.required?.length) {
      const dropped = this.pick(inputShape.required);
      delete input[dropped];
      description = `without required ${dropped}`;
    } else if (mutation < 0.6 && members.length) {
      const [name, ref] = this.pick(members);
      const { value, why } = this.wrong(this.model.shape(ref.shape));
      input[name] = value;
      description = `${name}: ${why}`;
      this.deepen(input, name, ref);
    } else if (mutation < 0.7) {
      rawBody = this.pick(['null', '[]', '"x"', '1', '{', '{"a":', '\u0000', `${'['.repeat(3000)}${']'.repeat(3000)}`, `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`, '{"__proto__":{"x":1}}', 'not json at all']);
      description = `body ${rawBody.slice(0, 20)}`;
    } else if (mutation < 0.8) {
      extraQuery = this.pick(['a=%zz', '%=1', 'x=%E0%A4%A', 'maxResults=abc', 'nextToken=%00', `${'a'.repeat(2000)}=1`, '&&&', '=']);
      description = `query ${extraQuery}`;
    } else if (mutation < 0.9) {
      headers['x-amz-bearer'] = this.pick(['', ' ', 'x'.repeat(8000), '\u00e9\u00e8', 'Bearer x', 'null']);
      description = 'bearer header';
    } else {
      description = 'extra members';
      input[`Unknown${Math.floor(this.random() * 100)}`] = this.pick(HOSTILE_VALUES);
    }
    return this.build(operation, inputShape, input, rawBody, extraQuery, headers, description);
  }

  /** Sometimes puts the wrong value one level down (inside a structure or list member) instead of at the top. */
  private deepen(input: Record<string, unknown>, name: string, ref: MemberRef): void {
    const shape = this.model.shape(ref.shape);
    if (shape.type !== 'structure' || !shape.members || this.random() < 0.5) return;
    const inner = this.plausible(ref.shape, name) as Record<string, unknown>;
    const [innerName, innerRef] = this.pick(Object.entries(shape.members));
    inner[innerName] = this.wrong(this.model.shape(innerRef.shape)).value;
    input[name] = inner;
  }

  private build(
    operation: OperationModel, inputShape: Shape, input: Record<string, unknown>, rawBody: string | undefined, extraQuery: string,
    headers: Record<string, string>, description: string, junkLabels = true,
  ): FuzzRequest {
    const [pathTemplate, literalQuery = ''] = operation.http.requestUri.split('?');
    const query: string[] = literalQuery ? [literalQuery] : [];
    const body: Record<string, unknown> = {};
    let path = pathTemplate!;
    for (const [name, ref] of Object.entries(inputShape.members ?? {})) {
      const value = input[name];
      const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
      const where = ref.locationName ?? name;
      if (ref.location === 'uri') {
        // Labels may be empty, contain slashes or broken escapes: the router must cope with all of them.
        const encoded = junkLabels && this.random() < 0.1 ? this.pick(['%zz', '%2F', '..', '%00', 'a%2Fb', 'x'.repeat(3000)]) : encode(text);
        path = path.replace(new RegExp(`\\{${where}\\+?\\}`), encoded);
      } else if (ref.location === 'querystring') {
        if (value !== undefined) query.push(`${encodeURIComponent(where)}=${encode(text)}`);
      } else if (ref.location === 'header') {
        if (value !== undefined) headers[where.toLowerCase()] = text.replace(/[^\t\x20-\x7e]/g, '?');
      } else if (value !== undefined) {
        body[name] = value;
      }
    }
    for (const [name, value] of Object.entries(input)) if (!inputShape.members?.[name]) body[name] = value;
    if (extraQuery) query.push(extraQuery);
    return {
      method: operation.http.method,
      target: `${path}${query.length ? `?${query.join('&')}` : ''}`,
      headers: { 'content-type': 'application/json', ...headers },
      // GET requests carry no body (the server, like Amazon's front door, reads none).
      body: operation.http.method === 'GET' ? '' : rawBody ?? JSON.stringify(body),
      description: `${operation.name} ${description}`,
    };
  }
}
