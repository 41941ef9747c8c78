// Builds an operation's input object from a restJson1 request: path labels, query string, headers and the
// JSON body, each converted to the member's modelled type. Type mismatches are collected as validation
// problems (AWS answers them as 400s); unknown body members are ignored for forward compatibility.
import type { MemberRef, OperationModel, ServiceModel, Shape } from './service-model.js';
import type { ValidationProblem } from './service-errors.js';

export interface RawRequest {
  labels: Record<string, string>;
  /** The raw query string, without '?'. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request that cannot be read at all (a body that is not JSON, a query string with a broken % escape). */
export class MalformedRequestError extends Error {}

export function parseQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!raw) return out;
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    // '+' is a literal plus in AWS query strings (the SDKs encode spaces as %20), so no form decoding.
    const key = decodeQueryPart(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeQueryPart(pair.slice(eq + 1));
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

function decodeQueryPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new MalformedRequestError('The query string is not validly percent-encoded.');
  }
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export class RequestParser {
  constructor(private readonly model: ServiceModel) {}

  parse(operation: OperationModel, raw: RawRequest): { input: Record<string, unknown>; problems: ValidationProblem[] } {
    const problems: ValidationProblem[] = [];
    if (!operation.input) return { input: {}, problems };
    const shape = this.model.shape(operation.input.shape);
    const members = shape.members ?? {};
    const hasBodyMembers = Object.values(members).some((m) => !m.location);
    let body: Record<string, unknown> = {};
    if (hasBodyMembers && raw.body.length > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.body.toString('utf8'));
      } catch {
        throw new MalformedRequestError('The request body is not valid JSON.');
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new MalformedRequestError('The request body must be a JSON object.');
      }
      body = parsed as Record<string, unknown>;
    }
    const query = parseQuery(raw.query);
    const input: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(members)) {
      const path = lowerFirst(name);
      const memberShape = this.model.shape(ref.shape);
      let value: unknown;
      switch (ref.location) {
        case 'uri': {
          const text = raw.labels[ref.locationName ?? name];
          value = text === undefined ? undefined : this.fromText(text, memberShape, path, problems);
          break;
        }
        case 'querystring':
          value = this.fromQuery(ref, memberShape, query, members, path, problems);
          break;
        case 'header': {
          const header = raw.headers[(ref.locationName ?? name).toLowerCase()];
          const text = Array.isArray(header) ? header.join(',') : header;
          value = text === undefined ? undefined : this.fromText(text, memberShape, path, problems, 'header');
          break;
        }
        case 'headers':
          value = undefined;
          break;
        default:
          value = this.fromJson(body[name], ref.shape, path, problems);
      }
      if (value !== undefined) input[name] = value;
    }
    return { input, problems };
  }

  /**
   * An operation's input given as one JSON object (every member by name, whatever its HTTP location), read with the
   * same member types as a request body: for callers inside the server (the admin console's proxy) that must meet
   * the same parsing and validation as a signed request.
   */
  parseJsonInput(operation: OperationModel, value: Record<string, unknown>): { input: Record<string, unknown>; problems: ValidationProblem[] } {
    const problems: ValidationProblem[] = [];
    if (!operation.input) return { input: {}, problems };
    const input: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(this.model.shape(operation.input.shape).members ?? {})) {
      const parsed = this.fromJson(value[name], ref.shape, lowerFirst(name), problems);
      if (parsed !== undefined) input[name] = parsed;
    }
    return { input, problems };
  }

  private fromQuery(
    ref: MemberRef,
    shape: Shape,
    query: Map<string, string[]>,
    members: Record<string, MemberRef>,
    path: string,
    problems: ValidationProblem[],
  ): unknown {
    if (shape.type === 'map') {
      // A query-bound map takes every parameter no other member claims.
      const claimed = new Set(Object.values(members).map((m) => m.locationName));
      const out: Record<string, string> = {};
      for (const [k, v] of query) if (!claimed.has(k)) out[k] = v[0]!;
      return Object.keys(out).length ? out : undefined;
    }
    const values = query.get(ref.locationName ?? '');
    if (!values) return undefined;
    if (shape.type === 'list') {
      const memberShape = this.model.shape(shape.member!.shape);
      return values.map((v, i) => this.fromText(v, memberShape, `${path}.${i + 1}.member`, problems));
    }
    return this.fromText(values[0]!, shape, path, problems);
  }

  private fromText(
    text: string,
    shape: Shape,
    path: string,
    problems: ValidationProblem[],
    where: 'label' | 'header' = 'label',
  ): unknown {
    const bad = (type: string) => {
      problems.push({ path, value: text, sensitive: !!shape.sensitive, constraint: `Member must be of type ${type}` });
      return undefined;
    };
    switch (shape.type) {
      case 'integer':
      case 'long':
        return /^-?\d+$/.test(text) ? Number(text) : bad('integer');
      case 'double':
      case 'float': {
        const n = Number(text);
        return text.trim() !== '' && Number.isFinite(n) ? n : bad('number');
      }
      case 'boolean':
        return text === 'true' ? true : text === 'false' ? false : bad('boolean');
      case 'timestamp': {
        const date = /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
        return Number.isNaN(date.getTime()) ? bad(where === 'header' ? 'http-date timestamp' : 'timestamp') : date;
      }
      case 'list':
        return text.split(',').map((t) => t.trim());
      default:
        return text;
    }
  }

  private fromJson(value: unknown, shapeName: string, path: string, problems: ValidationProblem[]): unknown {
    if (value === undefined || value === null) return undefined;
    const shape = this.model.shape(shapeName);
    const bad = (type: string) => {
      problems.push({ path, value, sensitive: !!shape.sensitive, constraint: `Member must be of type ${type}` });
      return undefined;
    };
    switch (shape.type) {
      case 'structure': {
        if (typeof value !== 'object' || Array.isArray(value)) return bad('structure');
        const out: Record<string, unknown> = {};
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          const v = this.fromJson((value as Record<string, unknown>)[name], ref.shape, `${path}.${lowerFirst(name)}`, problems);
          if (v !== undefined) out[name] = v;
        }
        return out;
      }
      case 'list': {
        if (!Array.isArray(value)) return bad('list');
        return value.map((item, i) => this.fromJson(item, shape.member!.shape, `${path}.${i + 1}.member`, problems));
      }
      case 'map': {
        if (typeof value !== 'object' || Array.isArray(value)) return bad('map');
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          const parsed = this.fromJson(v, shape.value!.shape, `${path}.${k}`, problems);
          if (parsed !== undefined) out[k] = parsed;
        }
        return out;
      }
      case 'string':
        return typeof value === 'string' ? value : bad('string');
      case 'integer':
      case 'long':
        return typeof value === 'number' && Number.isInteger(value) ? value : bad('integer');
      case 'double':
      case 'float':
        return typeof value === 'number' ? value : bad('number');
      case 'boolean':
        return typeof value === 'boolean' ? value : bad('boolean');
      case 'timestamp': {
        const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : null;
        return date && !Number.isNaN(date.getTime()) ? date : bad('timestamp');
      }
      case 'blob':
        return typeof value === 'string' ? Buffer.from(value, 'base64') : bad('blob');
      default:
        return value;
    }
  }
}
