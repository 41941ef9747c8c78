// Rows one store transaction has already read, so that reading them again costs no statement. A StartChatContact
// read its contact ten times, its participants five, its queue and hours five and its flow four (60 statements a
// start, half the server's time at 750 starts a second; bench/README.md). On SQLite, inside one transaction body:
// it holds the database's only write lock, so the rows change only through this body's own writes, which update or
// forget what is kept here. On PostgreSQL, what the rows a transaction locked guarantee (a contact read FOR
// UPDATE, whether its flow waits, its trace count) and the instance's configuration it read (flows, queues, hours:
// read once per transaction, as if read at its first use). Rows, not records, are kept: every read still builds a
// fresh record, so a caller that changes what it got cannot change what the next caller gets.
export class ReadCache {
  private readonly rows = new Map<string, unknown>();

  /** The row (or rows) cached under `key`, else what `load` reads, kept. */
  get<T>(key: string, load: () => T): T {
    if (this.rows.has(key)) return this.rows.get(key) as T;
    const loaded = load();
    this.rows.set(key, loaded);
    return loaded;
  }

  /** Like get, for a loader that goes to the database (PostgreSQL). */
  async getAsync<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.rows.has(key)) return this.rows.get(key) as T;
    const loaded = await load();
    this.rows.set(key, loaded);
    return loaded;
  }

  /** What is cached under `key`, or undefined. */
  peek<T>(key: string): T | undefined {
    return this.rows.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.rows.set(key, value);
  }

  /** Replaces a cached value by what `change` makes of it; nothing when none is cached. */
  update<T>(key: string, change: (cached: T) => T): void {
    if (this.rows.has(key)) this.rows.set(key, change(this.rows.get(key) as T));
  }

  /** Forgets every entry whose key starts with `prefix` (a table's, after a write to it). */
  forget(prefix: string): void {
    for (const key of this.rows.keys()) if (key.startsWith(prefix)) this.rows.delete(key);
  }
}
