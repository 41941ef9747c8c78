// `npm start`: runs the prebuilt server bundle — loading one bundle instead of hundreds of modules is what makes a
// cold start take half a second — after building whatever part is missing or stale (scripts/server-bundle.mjs).
import { pathToFileURL } from 'node:url';
import { currentBundle } from './server-bundle.mjs';

await import(pathToFileURL(currentBundle('main.js', { web: true })).href);
