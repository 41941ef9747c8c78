// The botocore service model, loaded from the vendored docs-free JSON in specs/.
// Owns the shape/operation types and lookups; everything on the wire is derived from this.
import { readFileSync } from 'node:fs';
import { CONNECT_DOCUMENTED_LIMITS } from './documented-limits.js';

export type ShapeType =
  | 'structure' | 'string' | 'list' | 'map' | 'integer' | 'long' | 'boolean'
  | 'double' | 'float' | 'timestamp' | 'blob';

export interface MemberRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers';
  locationName?: string;
  idempotencyToken?: boolean;
}

export interface Shape {
  type: ShapeType;
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  union?: boolean;
  error?: { httpStatusCode: number };
  exception?: boolean;
  timestampFormat?: 'iso8601' | 'unixTimestamp' | 'rfc822';
  sensitive?: boolean;
}

export interface OperationModel {
  name: string;
  http: { method: string; requestUri: string };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

export interface ServiceModelJson {
  metadata: { serviceId: string; signingName: string; endpointPrefix: string };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

export class ServiceModel {
  readonly serviceId: string;
  readonly signingName: string;
  readonly operations: Record<string, OperationModel>;
  private readonly shapes: Record<string, Shape>;

  constructor(json: ServiceModelJson, limits: Record<string, Pick<Shape, 'min' | 'max'>> = {}) {
    this.serviceId = json.metadata.serviceId;
    this.signingName = json.metadata.signingName;
    this.operations = json.operations;
    this.shapes = json.shapes;
    for (const [name, limit] of Object.entries(limits)) {
      if (Object.hasOwn(this.shapes, name)) this.shapes[name] = { ...this.shapes[name]!, ...limit };
    }
  }

  static fromFile(path: string | URL, limits?: Record<string, Pick<Shape, 'min' | 'max'>>): ServiceModel {
    return new ServiceModel(JSON.parse(readFileSync(path, 'utf8')) as ServiceModelJson, limits);
  }

  shape(name: string): Shape {
    const shape = Object.hasOwn(this.shapes, name) ? this.shapes[name] : undefined;
    if (!shape) throw new Error(`Shape ${name} is not in the ${this.serviceId} model`);
    return shape;
  }

  hasShape(name: string): boolean {
    return Object.hasOwn(this.shapes, name);
  }

  /** Names come from requests (the admin proxy): only the model's own operations, never Object.prototype's. */
  hasOperation(name: string): boolean {
    return Object.hasOwn(this.operations, name);
  }

  operation(name: string): OperationModel {
    const op = this.hasOperation(name) ? this.operations[name] : undefined;
    if (!op) throw new Error(`Operation ${name} is not in the ${this.serviceId} model`);
    return op;
  }

  /** The HTTP status an error shape declares, or undefined when the name is not a modelled error. */
  errorStatus(errorName: string): number | undefined {
    const shape = this.hasShape(errorName) ? this.shapes[errorName] : undefined;
    return shape?.exception ? shape.error?.httpStatusCode ?? 400 : undefined;
  }
}

const specsDir = new URL('../../specs/', import.meta.url);

export function loadConnectModel(): ServiceModel {
  return ServiceModel.fromFile(new URL('connect-2017-08-08.json', specsDir), CONNECT_DOCUMENTED_LIMITS);
}

export function loadParticipantModel(): ServiceModel {
  return ServiceModel.fromFile(new URL('connectparticipant-2018-09-07.json', specsDir));
}
