// Domain errors. Each kind maps to one modelled AWS error per service (services/*/error-mapping.ts),
// so the domain states what went wrong without knowing the wire.
export type ChatErrorKind =
  | 'NotFound' // ResourceNotFoundException
  | 'InvalidRequest' // InvalidRequestException (Connect) / ValidationException (Participant)
  | 'InvalidParameter' // InvalidParameterException (Connect) / ValidationException (Participant)
  | 'AccessDenied' // AccessDeniedException: dead or foreign tokens
  | 'Conflict' // ConflictException
  | 'IdempotencyMismatch' // IdempotencyException: a ClientToken reused with another request
  | 'LimitExceeded' // LimitExceededException (429): concurrent active chats quota
  | 'QuotaExceeded' // ServiceQuotaExceededException (402)
  | 'Duplicate' // DuplicateResourceException (409)
  | 'InUse' // ResourceInUseException (409) where modelled: a resource others still refer to
  | 'InvalidFlow'; // InvalidContactFlowException (400) with problems

export class ChatError extends Error {
  constructor(
    readonly kind: ChatErrorKind,
    message: string,
    readonly details: { resourceId?: string; resourceType?: string; problems?: string[] } = {},
  ) {
    super(message);
    this.name = `ChatError(${kind})`;
  }
}
