// The access key pair control-plane callers sign with. Configured keys win; otherwise the first start
// generates a pair and keeps it in the data directory (mode 0600) so it survives restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AccessKeys {
  accessKeyId: string;
  secretAccessKey: string;
  source: 'configured' | 'generated' | 'data-dir';
}

export function loadOrCreateAccessKeys(dataDir: string, configured?: { accessKeyId?: string; secretAccessKey?: string }): AccessKeys {
  if (configured?.accessKeyId && configured.secretAccessKey) {
    return { accessKeyId: configured.accessKeyId, secretAccessKey: configured.secretAccessKey, source: 'configured' };
  }
  const file = join(dataDir, 'credentials.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    return { ...saved, source: 'data-dir' };
  }
  mkdirSync(dataDir, { recursive: true });
  const keys = {
    accessKeyId: `AKIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return { ...keys, source: 'generated' };
}
