import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilesystemBlobStore } from '../../src/blobs/filesystem-blob-store.js';
import { blobStoreContract } from './blob-store.contract.js';

blobStoreContract('filesystem', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-blobs-'));
  return { store: new FilesystemBlobStore(join(dir, 'attachments')), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
