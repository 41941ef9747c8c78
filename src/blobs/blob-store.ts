// The BlobStore port: attachment bytes, addressed by key. Guarantees every implementation keeps
// (test/contracts/blob-store.contract.ts): put() resolves only once the whole object is durable and then it is
// visible to get() on every node sharing the store; a put that fails or exceeds its size limit leaves nothing
// behind; keys are opaque strings of [A-Za-z0-9/_-].
import type { Readable } from 'node:stream';

export interface BlobInfo {
  size: number;
  contentType: string;
}

export class BlobTooLargeError extends Error {}

export interface BlobStore {
  /** Stores the stream under key, refusing (BlobTooLargeError) more than maxBytes. Returns the size stored. */
  put(key: string, body: Readable, info: { contentType: string; maxBytes: number }): Promise<number>;
  get(key: string): Promise<{ info: BlobInfo; body: Readable } | undefined>;
  delete(key: string): Promise<void>;
}
