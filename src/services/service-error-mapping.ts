// Maps chat-domain errors to the modelled AWS errors of each service. Connect prefers the errors an
// operation declares (InvalidParameterException where modelled, else InvalidRequestException); the
// Participant Service has one validation error (ValidationException) and 403 for every dead token.
import type { OperationModel } from '../aws-protocol/service-model.js';
import { ServiceError } from '../aws-protocol/service-errors.js';
import { ChatError } from '../chat/chat-errors.js';

const declares = (op: OperationModel, name: string) => !!op.errors?.some((e) => e.shape === name);

export function connectValidationError(op: OperationModel): string {
  if (declares(op, 'InvalidParameterException')) return 'InvalidParameterException';
  if (declares(op, 'InvalidRequestException')) return 'InvalidRequestException';
  return 'ValidationException';
}

export function mapConnectError(err: unknown, op: OperationModel): unknown {
  if (!(err instanceof ChatError)) return err;
  switch (err.kind) {
    case 'NotFound':
      return new ServiceError('ResourceNotFoundException', err.message);
    case 'InvalidParameter':
      return new ServiceError(connectValidationError(op), err.message);
    case 'InvalidRequest':
      return new ServiceError(declares(op, 'InvalidRequestException') ? 'InvalidRequestException' : connectValidationError(op), err.message);
    case 'AccessDenied':
      return new ServiceError('AccessDeniedException', err.message);
    case 'Conflict':
      // StopContact: "ContactNotFoundException — the contact with the specified ID is not active or does not exist" (410).
      // UpdateContactRoutingData declares ResourceConflictException (409) for a contact whose state forbids the change.
      if (declares(op, 'ContactNotFoundException')) return new ServiceError('ContactNotFoundException', err.message);
      return new ServiceError(declares(op, 'ResourceConflictException') ? 'ResourceConflictException' : 'ConflictException', err.message);
    case 'IdempotencyMismatch':
      return new ServiceError('IdempotencyException', err.message);
    case 'LimitExceeded':
      return new ServiceError('LimitExceededException', err.message);
    case 'QuotaExceeded':
      return new ServiceError('ServiceQuotaExceededException', err.message);
    case 'Duplicate':
      return new ServiceError('DuplicateResourceException', err.message);
    case 'InUse':
      return declares(op, 'ResourceInUseException')
        ? new ServiceError('ResourceInUseException', err.message, { ResourceType: err.details.resourceType, ResourceId: err.details.resourceId })
        : new ServiceError('InvalidRequestException', err.message);
    case 'InvalidFlow': {
      const problems = (err.details.problems ?? []).map((message) => ({ message }));
      // The module operations model their own exception, whose list is "Problems" (the flow one's is "problems").
      return declares(op, 'InvalidContactFlowModuleException')
        ? new ServiceError('InvalidContactFlowModuleException', err.message, { Problems: problems })
        : new ServiceError('InvalidContactFlowException', err.message, { problems });
    }
  }
}

export function mapParticipantError(err: unknown): unknown {
  if (!(err instanceof ChatError)) return err;
  switch (err.kind) {
    case 'NotFound':
      return new ServiceError('ResourceNotFoundException', err.message, { ResourceId: err.details.resourceId, ResourceType: err.details.resourceType });
    case 'InvalidParameter':
    case 'InvalidRequest':
    case 'IdempotencyMismatch':
      return new ServiceError('ValidationException', err.message);
    case 'AccessDenied':
      return new ServiceError('AccessDeniedException', err.message);
    case 'Conflict':
      return new ServiceError('ConflictException', err.message);
    case 'LimitExceeded':
      return new ServiceError('ThrottlingException', err.message);
    case 'QuotaExceeded':
      return new ServiceError('ServiceQuotaExceededException', err.message);
    case 'Duplicate':
    case 'InvalidFlow':
      return new ServiceError('ValidationException', err.message);
    case 'InUse':
      return new ServiceError('ConflictException', err.message);
  }
}
