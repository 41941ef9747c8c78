// Compile-time binding of handler objects to a service's operations (the generated *-operations.generated.ts
// interfaces): every method of a handler named like an operation (PascalCase) must be an operation of the service
// with the SDK's input and output types. A misnamed handler, which would leave its operation answering
// NotImplementedException, or one with the wrong input or output shape, fails type checking instead.

/** The PascalCase methods of T: the ones the dispatcher binds to operations by name. */
type OperationKeys<T> = {
  [K in keyof T]: K extends string ? (K extends Capitalize<K> ? (T[K] extends (...args: never[]) => unknown ? K : never) : never) : never;
}[keyof T];

/** What T's operation methods must be: the service's own signature, or `never` for a name the service lacks. */
export type OperationsOf<Ops, T> = { [K in OperationKeys<T>]: K extends keyof Ops ? Ops[K] : never };

/** Checks a handler object against the operations interface `Ops`, at compile time only; returns it unchanged. */
export function operationHandlers<Ops>() {
  return <T extends object>(handler: T & OperationsOf<Ops, T>): T => handler;
}
