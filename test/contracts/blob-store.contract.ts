// The BlobStore port's contract, run against every implementation.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlobStore, BlobTooLargeError } from '../../src/blobs/blob-store.js';

export function blobStoreContract(name: string, open: () => Promise<{ store: BlobStore; cleanup: () => Promise<void> }>) {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await open());
    });
    afterAll(async () => cleanup?.());

    it('stores, reads back and deletes an object with its content type', async () => {
      const key = `chat/${randomUUID()}`;
      const size = await store.put(key, Readable.from([Buffer.from('hello '), Buffer.from('world')]), { contentType: 'text/plain', maxBytes: 100 });
      expect(size).toBe(11);
      const got = await store.get(key);
      expect(got?.info).toEqual({ size: 11, contentType: 'text/plain' });
      expect(await text(got!.body)).toBe('hello world');
      await store.delete(key);
      expect(await store.get(key)).toBeUndefined();
    });

    it('refuses more than maxBytes and leaves nothing behind', async () => {
      const key = `chat/${randomUUID()}`;
      await expect(store.put(key, Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), { contentType: 'x/y', maxBytes: 100 })).rejects.toBeInstanceOf(BlobTooLargeError);
      expect(await store.get(key)).toBeUndefined();
    });

    it('answers undefined for an unknown key and refuses unsafe keys', async () => {
      expect(await store.get(`chat/${randomUUID()}`)).toBeUndefined();
      await expect(store.put('../escape', Readable.from([]), { contentType: 'x/y', maxBytes: 1 })).rejects.toThrow();
    });
  });
}
