// `npm start`: runs the prebuilt server (dist/server, one bundle with its dependencies, built by `npm run build`,
// which `npm ci` runs through the `prepare` script) — loading one bundle instead of hundreds of modules is what
// makes a cold start take half a second. If a build is missing or older than its sources (a clone installed with
// scripts disabled, or sources edited since), that part is built first, so `npm start` always runs the tree's code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

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
  const result = spawnSync('npm', ['run', script, '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const bundle = join(root, 'dist/server/main.js');
const pkg = statSync(join(root, 'package.json')).mtimeMs;
if (!existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(newest(join(root, 'src')), pkg)) build('build:server');
if (newest(join(root, 'web/dist'), new Set()) < newest(join(root, 'web'))) build('build:web');
await import(pathToFileURL(bundle).href);
