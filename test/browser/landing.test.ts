// A newcomer's first stop, in a real browser: `/` is a page that says what is running and links the faces; the
// workspace and admin console open with or without a trailing slash; the start banner names both.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.js';
import { type ServerProcess, kill, spawnServer } from '../helpers/server-process.js';

const SHOTS = 'test-results/screenshots';
let server: ServerProcess;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-landing-'));

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await spawnServer({}, dataDir);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await kill(server, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('first stop', () => {
  it('shows a landing page at / that leads to the workspace and the admin console', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Switchboard is running' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/landing.png`, fullPage: true });
    await page.getByRole('link', { name: /Agent workspace/ }).click();
    await page.getByRole('button', { name: /Log in/i }).waitFor();
    expect(page.url()).toContain('/web/workspace/');
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: /Admin console/ }).click();
    await page.getByLabel('Access key id').waitFor();
  });

  it('opens the faces with a trailing slash too', async () => {
    const page = await (await browser.newContext()).newPage();
    for (const face of ['workspace', 'admin']) {
      const response = await page.goto(`${server.url}/${face}/`);
      expect(response?.status(), face).toBe(200);
      expect(page.url()).toContain(`/web/${face}/index.html`);
    }
  });

  it('names the workspace and the admin console in the start banner', () => {
    expect(server.output()).toMatch(/Agent workspace:\s+http:\/\/\S+\/workspace/);
    expect(server.output()).toMatch(/Admin console:\s+http:\/\/\S+\/admin/);
    expect(server.output()).toMatch(/log in at http:\/\/\S+\/workspace/);
  });
});
