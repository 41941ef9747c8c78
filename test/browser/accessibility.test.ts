// Every face scanned with axe-core (WCAG 2.1 A and AA; no serious or critical violation) in light and dark, in the
// states people see: the landing page, the admin console's login and pages, the workspace's login, its offer and
// an open chat, and the widget's launcher, start form and a conversation on a host page of another origin.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateUserCommand } from '@aws-sdk/client-connect';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectAccessible } from '../helpers/accessibility.js';
import { launchBrowser } from '../helpers/browser.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

let server: TestServer;
let browser: Browser;
let shop: Server;
let shopUrl: string;
let widgetId: string;

beforeAll(async () => {
  server = await startTestServer();
  shop = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Shop</h1></main>
      <script src="${server.app.localUrl}/web/widget/switchboard-widget.js" data-widget-id="${widgetId}" async></script></body></html>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  const login = await fetch(`${server.app.localUrl}/admin/v1/login`, { method: 'POST', body: JSON.stringify({ accessKeyId: server.app.keys.accessKeyId, secretAccessKey: server.app.keys.secretAccessKey }) });
  const { token } = (await login.json()) as { token: string };
  const created = await fetch(`${server.app.localUrl}/admin/v1/widgets`, {
    method: 'POST', headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ instanceId: server.instanceId, name: 'a11y', contactFlowId: server.defaults.inboundFlowId, allowedOrigins: [shopUrl], display: { title: 'Help', greeting: 'Ask us anything.' },
      preChatFields: [{ key: 'orderNumber', label: 'Order number' }] }),
  });
  widgetId = ((await created.json()) as { id: string }).id;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  shop?.close();
  await server?.close();
});

describe.each(['light', 'dark'] as const)('accessibility (%s)', (colorScheme) => {
  const page = async () => {
    const p = await (await browser.newContext({ colorScheme })).newPage();
    // Below the test's timeout, so a step that does not happen names itself.
    p.setDefaultTimeout(10_000);
    return p;
  };
  const scan = (p: Page, what: string) => expectAccessible(p, `${what} (${colorScheme})`);

  it('landing page and admin console', async () => {
    const p = await page();
    await p.goto(`${server.app.localUrl}/`);
    await scan(p, 'landing page');
    await p.goto(`${server.app.localUrl}/admin`);
    await p.getByLabel('Access key id').waitFor();
    await scan(p, 'admin login');
    await p.getByLabel('Access key id').fill(server.app.keys.accessKeyId);
    await p.getByLabel('Secret access key').fill(server.app.keys.secretAccessKey);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.locator('table').getByRole('button', { name: 'Sample inbound chat flow', exact: true }).waitFor();
    await scan(p, 'admin flows');
    await p.getByRole('button', { name: 'Routing' }).click();
    await p.getByRole('heading', { name: 'Quick connects offered in each queue' }).waitFor();
    await scan(p, 'admin routing');
    await p.getByRole('button', { name: 'Contacts' }).click();
    await scan(p, 'admin contacts');
    await p.getByRole('button', { name: 'Widgets' }).click();
    await p.getByText('a11y').first().waitFor();
    await scan(p, 'admin widgets');
  });

  it('widget and workspace, during a conversation', async () => {
    const username = `a11y-${colorScheme}`;
    await server.connect.send(new CreateUserCommand({
      InstanceId: server.instanceId, Username: username, Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId,
      SecurityProfileIds: ['Agent'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    const agent = await page();
    await agent.goto(`${server.app.localUrl}/workspace`);
    await agent.getByLabel('Username').waitFor();
    await scan(agent, 'workspace login');
    await agent.getByLabel('Username').fill(username);
    await agent.getByLabel('Password').fill('Passw0rd!');
    await agent.getByRole('button', { name: 'Log in' }).click();
    await agent.getByTestId('status').selectOption('Available');

    const customer = await page();
    await customer.goto(`${shopUrl}/`);
    const widget = customer.locator('#switchboard-widget');
    await widget.getByRole('button', { name: 'Chat with us' }).waitFor();
    await scan(customer, 'widget launcher');
    await widget.getByRole('button', { name: 'Chat with us' }).click();
    await widget.getByLabel('Your name').waitFor();
    await scan(customer, 'widget start form');
    await widget.getByLabel('Your name').fill('Kim');
    await widget.getByRole('button', { name: 'Start chat' }).click();
    await widget.getByLabel('Message').waitFor();

    await agent.getByRole('button', { name: 'Accept' }).first().waitFor();
    await scan(agent, 'workspace offer');
    await agent.getByRole('button', { name: 'Accept' }).first().click();
    await agent.getByLabel('Reply').fill('Hello Kim, how can I help?');
    await agent.getByLabel('Reply').press('Enter');
    await widget.getByText('Hello Kim, how can I help?').waitFor();
    await widget.getByLabel('Message').fill('Where is my **parcel**?');
    await widget.getByLabel('Message').press('Enter');
    await agent.getByText('parcel').first().waitFor();
    await scan(agent, 'workspace chat');
    await scan(customer, 'widget conversation');
    await widget.getByRole('button', { name: 'End chat' }).click();
    await widget.getByRole('button', { name: 'Yes, end the chat' }).waitFor();
    await scan(customer, 'widget end confirmation');
    // Done: the chat ends and the agent goes offline, so the next scheme's chat is offered to its own agent.
    await widget.getByRole('button', { name: 'Yes, end the chat' }).click();
    await widget.getByRole('button', { name: 'Start a new chat' }).waitFor();
    await agent.getByTestId('status').selectOption('Offline');
    await agent.context().close();
    await customer.context().close();
  });
});
