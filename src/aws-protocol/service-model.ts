// The botocore service model, loaded from the vendored docs-free JSON in specs/.
// Owns the shape/operation types and lookups; everything on the wire is derived from this.
import { readFileSync } from 'node:fs';

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

  constructor(json: ServiceModelJson) {
    this.serviceId = json.metadata.serviceId;
    this.signingName = json.metadata.signingName;
    this.operations = json.operations;
    this.shapes = json.shapes;
  }

  static fromFile(path: string | URL): ServiceModel {
    return new ServiceModel(JSON.parse(readFileSync(path, 'utf8')) as ServiceModelJson);
  }

  shape(name: string): Shape {
    const shape = this.shapes[name];
    if (!shape) throw new Error(`Shape ${name} is not in the ${this.serviceId} model`);
    return shape;
  }

  hasShape(name: string): boolean {
    return Object.hasOwn(this.shapes, name);
  }

  operation(name: string): OperationModel {
    const op = this.operations[name];
    if (!op) throw new Error(`Operation ${name} is not in the ${this.serviceId} model`);
    return op;
  }

  /** The HTTP status an error shape declares, or undefined when the name is not a modelled error. */
  errorStatus(errorName: string): number | undefined {
    const shape = this.shapes[errorName];
    return shape?.exception ? shape.error?.httpStatusCode ?? 400 : undefined;
  }
}

const specsDir = new URL('../../specs/', import.meta.url);

export function loadConnectModel(): ServiceModel {
  return ServiceModel.fromFile(new URL('connect-2017-08-08.json', specsDir));
}

export function loadParticipantModel(): ServiceModel {
  return ServiceModel.fromFile(new URL('connectparticipant-2018-09-07.json', specsDir));
}
