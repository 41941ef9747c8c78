// The prebuilt server (dist/server, built by `npm run build`, which `npm ci` runs through the `prepare` script),
// rebuilt first when missing or older than its sources (a clone installed with scripts disabled, or sources
// edited since), so `npm start` and the `switchboard` command always run the tree's code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** The newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir, skip = new Set(['node_modules', 'dist'])) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path, skip) : statSync(path).mtimeMs);
  }
  return latest;
}

function build(script) {
  const result = spawnSync('npm', ['run', script, '--silent'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Builds what is stale; answers the path of the bundle entry (main.js, cli.js, …). */
export function currentBundle(entry, { web }) {
  const bundle = join(root, 'dist/server', entry);
  const pkg = statSync(join(root, 'package.json')).mtimeMs;
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(newest(join(root, 'src')), pkg)) build('build:server');
  if (web && newest(join(root, 'web/dist'), new Set()) < newest(join(root, 'web'))) build('build:web');
  return bundle;
}
