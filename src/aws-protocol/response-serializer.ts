// Serializes an operation's output per the model: only modelled members, timestamps in the model's
// format (restJson1 default: epoch seconds as a JSON number, which Connect uses; the Participant Service
// models its times as ISO strings already), blobs as base64, header-bound members as headers.
import type { ServiceModel } from './service-model.js';

export interface SerializedResponse {
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export class ResponseSerializer {
  constructor(private readonly model: ServiceModel) {}

  serialize(shapeName: string | undefined, output: unknown): SerializedResponse {
    const headers: Record<string, string> = {};
    if (!shapeName || output === undefined || output === null) return { headers, body: {} };
    const shape = this.model.shape(shapeName);
    const body: Record<string, unknown> = {};
    const source = output as Record<string, unknown>;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const v = source[name];
      if (v === undefined || v === null) continue;
      if (ref.location === 'header') {
        headers[(ref.locationName ?? name).toLowerCase()] = v instanceof Date ? v.toUTCString() : String(v);
      } else if (!ref.location) {
        const out = this.value(ref.shape, v);
        if (out !== undefined) body[name] = out;
      }
    }
    return { headers, body };
  }

  /** Serializes a value of any shape, e.g. the modelled members of an error. */
  value(shapeName: string, value: unknown): unknown {
    if (value === undefined || value === null) return undefined;
    const shape = this.model.shape(shapeName);
    switch (shape.type) {
      case 'structure': {
        const out: Record<string, unknown> = {};
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          const v = this.value(ref.shape, (value as Record<string, unknown>)[name]);
          if (v !== undefined) out[name] = v;
        }
        return out;
      }
      case 'list':
        return (value as unknown[]).map((item) => this.value(shape.member!.shape, item));
      case 'map': {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = this.value(shape.value!.shape, v);
        return out;
      }
      case 'timestamp': {
        const date = value instanceof Date ? value : new Date(value as string | number);
        if (shape.timestampFormat === 'iso8601') return date.toISOString();
        return date.getTime() / 1000;
      }
      case 'blob':
        return Buffer.isBuffer(value) ? value.toString('base64') : value;
      default:
        return value;
    }
  }
}
