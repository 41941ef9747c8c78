// The error catalogue of the protocol layer: a ServiceError carries an AWS error name (a modelled shape
// such as ResourceNotFoundException, or one of the framework errors below that AWS front-ends answer
// before a service sees the request). The dispatcher turns it into the restJson1 error shape.

export class ServiceError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    /** Extra modelled members of the error shape (e.g. ResourceId, problems). */
    readonly fields: Record<string, unknown> = {},
    /** Status for names the model does not declare; a modelled name always takes the model's status. */
    readonly fallbackStatus = 400,
    /** Extra response headers (Retry-After on throttling). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = errorName;
  }
}

/** Errors AWS's own front door produces, with the statuses AWS uses. Not in any service model. */
export const frameworkErrors = {
  missingAuthenticationToken: () =>
    new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', {}, 403),
  unrecognizedClient: () =>
    new ServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.', {}, 403),
  invalidSignature: (detail: string) => new ServiceError('InvalidSignatureException', detail, {}, 403),
  incompleteSignature: (detail: string) => new ServiceError('IncompleteSignatureException', detail, {}, 403),
  unknownOperation: (method: string, path: string) =>
    new ServiceError('UnknownOperationException', `No operation matches ${method} ${path}`, {}, 404),
  notImplemented: (operation: string) =>
    new ServiceError(
      'NotImplementedException',
      `Switchboard does not implement the ${operation} operation yet.`,
      {},
      501,
    ),
  serialization: (detail: string) => new ServiceError('SerializationException', detail, {}, 400),
  requestTooLarge: (limit: number) =>
    new ServiceError('RequestEntityTooLargeException', `The request body is larger than ${limit} bytes.`, {}, 413),
  /** Front-door throttling (Amazon answers TooManyRequests/Throttling with 429; the SDKs retry it with back-off). */
  throttling: (retryAfterSeconds: number) =>
    new ServiceError('ThrottlingException', 'Rate exceeded', {}, 429, { 'retry-after': String(retryAfterSeconds) }),
};

/** One constraint violation, reported in the AWS wording ("Value '61' at 'a.b' failed to satisfy constraint: ..."). */
export interface ValidationProblem {
  path: string;
  value: unknown;
  sensitive: boolean;
  constraint: string;
}

export function formatValidationProblems(problems: ValidationProblem[]): string {
  const count = problems.length;
  const head = `${count} validation error${count === 1 ? '' : 's'} detected: `;
  return (
    head +
    problems
      .map((p) => {
        const shown = p.sensitive ? '' : p.value === undefined || p.value === null ? ' null' : ` '${describe(p.value)}'`;
        return `Value${shown} at '${p.path}' failed to satisfy constraint: ${p.constraint}`;
      })
      .join('; ')
  );
}

/** Values are echoed as AWS echoes them, but cut short: a refusal never carries a multi-megabyte value back. */
const MAX_ECHOED_CHARS = 256;

function describe(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_ECHOED_CHARS ? `${text.slice(0, MAX_ECHOED_CHARS)}...` : text;
}
