// The default BlobStore: files under a directory (the data directory's attachments/ by default). A put streams
// to a temporary file, fsyncs it and renames it into place, so readers never see a partial object.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { type BlobInfo, type BlobStore, BlobTooLargeError } from './blob-store.js';

const SAFE_KEY = /^[A-Za-z0-9/_-]+$/;

export class FilesystemBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(key: string, body: Readable, info: { contentType: string; maxBytes: number }): Promise<number> {
    const file = this.path(key);
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.tmp`;
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > info.maxBytes) done(new BlobTooLargeError(`more than ${info.maxBytes} bytes`));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(tmp));
      const handle = await open(tmp, 'r');
      await handle.sync();
      await handle.close();
      await writeFile(`${file}.meta`, JSON.stringify({ size, contentType: info.contentType } satisfies BlobInfo));
      await rename(tmp, file);
      return size;
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<{ info: BlobInfo; body: Readable } | undefined> {
    const file = this.path(key);
    try {
      const info = JSON.parse(await readFile(`${file}.meta`, 'utf8')) as BlobInfo;
      await (await open(file, 'r')).close();
      return { info, body: createReadStream(file) };
    } catch {
      return undefined;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.path(key);
    await rm(file, { force: true });
    await rm(`${file}.meta`, { force: true });
  }

  private path(key: string): string {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`invalid blob key ${key}`);
    return join(this.root, key);
  }
}
