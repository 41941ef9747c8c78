#!/usr/bin/env node
// The `switchboard` command (docs/cli.md): the bundled command line, rebuilt first when its sources changed.
import { pathToFileURL } from 'node:url';
import { currentBundle } from '../scripts/server-bundle.mjs';

await import(pathToFileURL(currentBundle('cli.js', { web: process.argv[2] === 'start' })).href);
