// The mark a store statement carries when no caller reads its result (a write that cannot fail on its data, or
// a lock taken before a read), so the PostgreSQL pool may hold it back and send it with the transaction's next
// statement (postgres/batching-pool.ts). SQLite ignores it: its statements cost no round trip.
import { CompiledQuery } from 'kysely';

export const DEFERRABLE_MARK = '/* deferrable */ ';

export function deferrable(query: CompiledQuery): CompiledQuery {
  return CompiledQuery.raw(DEFERRABLE_MARK + query.sql, [...query.parameters]);
}
