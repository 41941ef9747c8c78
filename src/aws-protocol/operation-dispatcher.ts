// Turns one HTTP request into one operation call and back, for every service bound to it:
// route → authenticate → parse → validate → handler → serialize, with every failure in the restJson1
// error shape (status from the error shape, x-amzn-ErrorType, {"Message"}) and x-amzn-RequestId always.
// Knows HTTP and the models; knows nothing of what the operations do.
import { randomUUID } from 'node:crypto';
import { InputValidator } from './input-validator.js';
import { OperationRouter } from './operation-router.js';
import { MalformedRequestError, RequestParser } from './request-parser.js';
import { ResponseSerializer } from './response-serializer.js';
import { ServiceError, type ValidationProblem, formatValidationProblems, frameworkErrors } from './service-errors.js';
import type { OperationModel, ServiceModel } from './service-model.js';
import type { SignedRequest } from './sigv4-verifier.js';

export interface OperationContext<Caller = unknown> {
  requestId: string;
  operation: string;
  caller: Caller;
}

export type OperationHandler = (input: never, ctx: OperationContext<never>) => Promise<unknown>;

export interface ServiceBinding {
  model: ServiceModel;
  /** Objects with one method per implemented operation, named as the operation (first one that has it wins). */
  handlers: object | object[];
  /** Runs before parsing; returns the caller handed to handlers, or throws a ServiceError. */
  authenticate?: (req: SignedRequest) => Promise<unknown>;
  /**
   * Runs after authentication: the seconds a caller must wait when it is over its rate limit, else undefined.
   * The dispatcher answers ThrottlingException (429) with Retry-After, which every AWS SDK retries with back-off.
   */
  throttle?: (req: SignedRequest, caller: unknown) => Promise<number | undefined>;
  /** The modelled error used for constraint violations of an operation. */
  validationErrorName: (operation: OperationModel) => string;
  internalErrorName: string;
  /** Translates errors thrown by handlers (e.g. domain errors) into ServiceErrors; others pass through. */
  mapError?: (err: unknown, operation: OperationModel) => unknown;
  /**
   * Injected faults (testing): after validation, what this call meets instead of or before its handler — an error
   * to answer with (named; the model's status when it is modelled) and/or a delay.
   */
  faults?: (operation: string, input: Record<string, unknown>) => Promise<{ error?: string; delayMs: number; ruleId?: string; retryAfterSeconds?: number } | undefined>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The operation the request named, when it named one (metrics, logs). */
  operation?: string;
  /** The contact the call was about (its ContactId or InitialContactId, or the one it created), for logs. */
  contactId?: string;
}

export interface ProtocolLogger {
  error(obj: object, msg: string): void;
}

interface CompiledBinding extends ServiceBinding {
  router: OperationRouter;
  parser: RequestParser;
  validator: InputValidator;
  serializer: ResponseSerializer;
}

export class OperationDispatcher {
  private readonly bindings: CompiledBinding[];

  constructor(bindings: ServiceBinding[], private readonly logger: ProtocolLogger) {
    this.bindings = bindings.map((b) => ({
      ...b,
      router: new OperationRouter(b.model),
      parser: new RequestParser(b.model),
      validator: new InputValidator(b.model),
      serializer: new ResponseSerializer(b.model),
    }));
  }

  async dispatch(req: SignedRequest): Promise<HttpResponse> {
    const requestId = randomUUID();
    let binding: CompiledBinding | undefined = this.bindings[0];
    let operation: OperationModel | undefined;
    let input: Record<string, unknown> | undefined;
    try {
      let labels: Record<string, string> = {};
      for (const candidate of this.bindings) {
        const match = safeMatch(candidate.router, req.method, req.rawPath);
        if (match) {
          binding = candidate;
          operation = match.operation;
          labels = match.labels;
          break;
        }
      }
      if (!operation || !binding) throw frameworkErrors.unknownOperation(req.method, req.rawPath);
      const caller = binding.authenticate ? await binding.authenticate(req) : undefined;
      const retryAfter = binding.throttle ? await binding.throttle(req, caller) : undefined;
      if (retryAfter !== undefined) throw frameworkErrors.throttling(retryAfter);
      const owner = handlerOwner(binding, operation);
      const parsed = binding.parser.parse(operation, { labels, query: req.rawQuery, headers: req.headers, body: req.body });
      input = parsed.input;
      return await this.execute(binding, operation, owner, parsed.input, parsed.problems, { requestId, operation: operation.name, caller });
    } catch (err) {
      const refused = this.errorResponse(err, binding, operation, requestId);
      const contactId = input && contactOf(input);
      return contactId ? { ...refused, contactId } : refused;
    }
  }

  /**
   * The AWS-shaped answer to a request refused before it could be dispatched (a body over the limit, a URL that
   * cannot be decoded), in the shape of the service whose operation the path names; anything that is not a
   * ServiceError is logged and answered as that service's internal error.
   */
  refuse(method: string, rawPath: string, err: unknown): HttpResponse {
    const found = this.bindings.map((b) => ({ b, match: safeMatch(b.router, method, rawPath) })).find((x) => x.match);
    return this.errorResponse(err, found?.b ?? this.bindings[0], found?.match?.operation, randomUUID());
  }

  /**
   * Runs one operation of a service by name with an already-parsed JSON input (the admin console's proxy to the
   * Connect API): the same validation, handler, serialization and error shape as over HTTP, minus SigV4.
   */
  async invoke(serviceId: string, operationName: string, input: Record<string, unknown>): Promise<HttpResponse> {
    const requestId = randomUUID();
    const binding = this.bindings.find((b) => b.model.serviceId === serviceId);
    const operation = binding?.model.hasOperation(operationName) ? binding.model.operation(operationName) : undefined;
    try {
      if (!binding || !operation) throw frameworkErrors.unknownOperation('POST', operationName);
      const owner = handlerOwner(binding, operation);
      const parsed = binding.parser.parseJsonInput(operation, input);
      return await this.execute(binding, operation, owner, parsed.input, parsed.problems, { requestId, operation: operationName, caller: undefined });
    } catch (err) {
      return this.errorResponse(err, binding, operation, requestId);
    }
  }

  /** Validates the input against the model, calls the handler and serializes its output. */
  private async execute(
    binding: CompiledBinding,
    operation: OperationModel,
    owner: Record<string, unknown>,
    input: Record<string, unknown>,
    parseProblems: ValidationProblem[],
    ctx: OperationContext,
  ): Promise<HttpResponse> {
    const problems = [...parseProblems, ...(operation.input ? binding.validator.validate(operation.input.shape, input) : [])];
    if (problems.length) throw new ServiceError(binding.validationErrorName(operation), formatValidationProblems(problems));
    const fault = await binding.faults?.(operation.name, input);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    // Throttling answers carry Retry-After, as the dispatcher's own throttling does, so SDKs back off and retry.
    if (fault?.error) {
      const throttling = /Throttl|TooManyRequests/.test(fault.error);
      const message = fault.ruleId ? `Injected fault (rule ${fault.ruleId}).` : 'Rate exceeded.';
      throw new ServiceError(fault.error, message, {}, throttling ? 429 : 500, throttling ? { 'retry-after': String(fault.retryAfterSeconds ?? 1) } : {});
    }
    const output = await (owner[operation.name] as (i: unknown, c: OperationContext) => Promise<unknown>).call(owner, input, ctx);
    const { headers, body } = binding.serializer.serialize(operation.output?.shape, output);
    const contactId = contactOf(input) ?? contactOf((output ?? {}) as Record<string, unknown>);
    return { status: 200, headers: { ...headers, ...baseHeaders(ctx.requestId) }, body: JSON.stringify(body), operation: operation.name, ...(contactId ? { contactId } : {}) };
  }

  private errorResponse(
    err: unknown,
    binding: CompiledBinding | undefined,
    operation: OperationModel | undefined,
    requestId: string,
  ): HttpResponse {
    if (err instanceof MalformedRequestError) {
      err = new ServiceError(binding && operation ? binding.validationErrorName(operation) : 'SerializationException', err.message);
    }
    if (binding?.mapError && operation) err = binding.mapError(err, operation);
    let error: ServiceError;
    if (err instanceof ServiceError) {
      error = err;
    } else {
      // Never leak internals: log with the request id and answer the service's internal-error shape.
      this.logger.error({ err, requestId, operation: operation?.name }, 'unexpected error in operation');
      error = new ServiceError(binding?.internalErrorName ?? 'InternalServiceException', `Internal service error (request id ${requestId}).`, {}, 500);
    }
    const status = binding?.model.errorStatus(error.errorName) ?? error.fallbackStatus;
    const fields: Record<string, unknown> = {};
    if (binding?.model.hasShape(error.errorName)) {
      const serialized = binding.serializer.value(error.errorName, error.fields) as Record<string, unknown> | undefined;
      Object.assign(fields, serialized);
    }
    const body = { Message: error.message, ...fields };
    return {
      status,
      headers: { ...error.headers, ...baseHeaders(requestId), 'x-amzn-errortype': error.errorName },
      body: JSON.stringify(body),
      operation: operation?.name,
    };
  }
}

/** The handler object implementing the operation, or NotImplemented (the operation is modelled but not built). */
function handlerOwner(binding: ServiceBinding, operation: OperationModel): Record<string, unknown> {
  const owner = (Array.isArray(binding.handlers) ? binding.handlers : [binding.handlers])
    .find((h) => typeof (h as Record<string, unknown>)[operation.name] === 'function') as Record<string, unknown> | undefined;
  if (!owner) throw frameworkErrors.notImplemented(operation.name);
  return owner;
}

function baseHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-amzn-requestid': requestId, date: new Date().toUTCString() };
}

function safeMatch(router: OperationRouter, method: string, rawPath: string) {
  try {
    return router.match(method, rawPath);
  } catch {
    return undefined;
  }
}

/** The contact a call is about, for logs: its ContactId or InitialContactId. */
function contactOf(values: Record<string, unknown>): string | undefined {
  return [values.ContactId, values.InitialContactId].find((v): v is string => typeof v === 'string');
}
