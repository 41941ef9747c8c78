// The faces in a real browser (Debian's Chromium driven by playwright-core): a customer in the widget on another
// origin and agents in the workspace hold a conversation with typing, read receipts, an attachment, a list picker
// and a transfer; both pages reload mid-chat without losing anything; markup in messages stays text; a returning
// customer sees the previous conversation. Screenshots of each page are kept in test-results/screenshots.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssociateQueueQuickConnectsCommand, CreateQueueCommand, CreateQuickConnectCommand, CreateRoutingProfileCommand, CreateUserCommand, DescribeContactCommand, GetContactAttributesCommand, ListAgentStatusesCommand, ListUsersCommand, PutUserStatusCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlow } from '../helpers/flow-harness.js';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const SHOTS = 'test-results/screenshots';
/** A 1×1 PNG (the shop's logo, an attachment). */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
let server: TestServer;
let shop: Server;
let shopUrl: string;
let browser: Browser;
let widgetId: string;
/** A second widget that asks questions before the chat (pre-chat fields). */
let askingWidgetId: string;

async function adminToken() {
  const res = await fetch(`${server.app.localUrl}/admin/v1/login`, { method: 'POST', body: JSON.stringify({ accessKeyId: server.app.keys.accessKeyId, secretAccessKey: server.app.keys.secretAccessKey }) });
  return ((await res.json()) as { token: string }).token;
}

async function agentUser(username: string) {
  const user = await server.connect.send(new CreateUserCommand({
    InstanceId: server.instanceId, Username: username, Password: 'Passw0rd!', RoutingProfileId: server.defaults.basicRoutingProfileId,
    SecurityProfileIds: ['agent'], PhoneConfig: { PhoneType: 'SOFT_PHONE' }, IdentityInfo: { FirstName: username },
  }));
  return user.UserId!;
}

/** Sets every agent but this one Offline (PutUserStatus): earlier tests' agents stay logged in and would get offers. */
async function onlyAvailable(userId: string) {
  const offline = (await server.connect.send(new ListAgentStatusesCommand({ InstanceId: server.instanceId }))).AgentStatusSummaryList!.find((s) => s.Name === 'Offline')!;
  for (const u of (await server.connect.send(new ListUsersCommand({ InstanceId: server.instanceId }))).UserSummaryList!) {
    if (u.Id !== userId) await server.connect.send(new PutUserStatusCommand({ InstanceId: server.instanceId, UserId: u.Id!, AgentStatusId: offline.Id! }));
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ env: { SWITCHBOARD_MAX_ACTIVE_CHATS: '1000' } });
  // The customer's shop: another origin, embedding the widget with one script tag.
  shop = createServer((req, res) => {
    if (req.url === '/logo.png') {
      res.setHeader('content-type', 'image/png');
      res.end(Buffer.from(PNG_1X1, 'base64'));
      return;
    }
    res.setHeader('content-type', 'text/html');
    // /own-connect: a page with its own window.connect (as Amazon Connect Streams or the page's own chatjs would
    // have), which records any attempt to configure it.
    const id = req.url === '/asks' ? askingWidgetId : widgetId;
    const own = req.url === '/own-connect'
      ? '<script>window.connect = { marker: "host", ChatSession: { setGlobalConfig(c) { window.hostConfigured = c; } } };</script>'
      : '';
    res.end(`<!doctype html><html><head><title>Shop</title><meta name="viewport" content="width=device-width, initial-scale=1">${own}</head><body><h1>Shop</h1>
      <script src="${server.app.localUrl}/web/widget/switchboard-widget.js" data-widget-id="${id}" async></script></body></html>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  // The widget's flow greets with a list picker before queueing the chat (the sample inbound flow's queueing).
  const flowId = await createFlow(server, [
    { Identifier: 'hello', Type: 'MessageParticipant', Parameters: { Text: '**Welcome** to the shop. Help: https://help.example/orders' }, Transitions: { NextAction: 'pick', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'pick' }] } },
    { Identifier: 'pick', Type: 'GetParticipantInput', Parameters: {
      Text: JSON.stringify({ templateType: 'ListPicker', version: '1.0', data: { content: { title: 'What is it about?', elements: [{ title: 'Orders' }, { title: 'Returns' }] } } }),
      InputTimeLimitSeconds: '600', StoreInput: 'True',
    }, Transitions: { NextAction: 'queue', Conditions: [{ NextAction: 'queue', Condition: { Operator: 'TextContains', Operands: ['Orders'] } }], Errors: ['NoMatchingCondition', 'InputTimeLimitExceeded', 'NoMatchingError'].map((ErrorType) => ({ ErrorType, NextAction: 'queue' })) } },
    { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: server.defaults.basicQueueId }, Transitions: { NextAction: 'go', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] } },
    { Identifier: 'go', Type: 'TransferContactToQueue', Parameters: {}, Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'end' }, { ErrorType: 'NoMatchingError', NextAction: 'end' }] } },
    { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ]);
  const created = await fetch(`${server.app.localUrl}/admin/v1/widgets`, {
    method: 'POST', headers: { authorization: `Bearer ${await adminToken()}` },
    body: JSON.stringify({ instanceId: server.instanceId, name: 'shop', contactFlowId: flowId, allowedOrigins: [shopUrl], display: { title: 'Shop support' } }),
  });
  widgetId = ((await created.json()) as { id: string }).id;
  const asking = await fetch(`${server.app.localUrl}/admin/v1/widgets`, {
    method: 'POST', headers: { authorization: `Bearer ${await adminToken()}` },
    body: JSON.stringify({ instanceId: server.instanceId, name: 'asking', contactFlowId: flowId, allowedOrigins: [shopUrl], display: { title: 'Orders desk', greeting: 'Tell us about your order.', color: '#7a1fa2', avatarUrl: `${shopUrl}/logo.png` },
      preChatFields: [{ key: 'orderNumber', label: 'Order number', required: true }, { key: 'email', label: 'Your email' }] }),
  });
  askingWidgetId = ((await asking.json()) as { id: string }).id;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  shop?.close();
  await server?.close();
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Uncaught errors of every workspace page: a face must never fail silently. */
const workspaceErrors: string[] = [];

async function agentPage(context: BrowserContext, username: string) {
  const page = await context.newPage();
  page.on('pageerror', (e) => workspaceErrors.push(`${username}: ${e.message}`));
  await page.goto(`${server.app.localUrl}/workspace`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('Passw0rd!');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('status').selectOption('Available');
  return page;
}

const widget = (page: Page) => page.locator('#switchboard-widget');

/** A new agent, the only one available, who accepts a chat a customer starts in the shop's widget (choosing Orders). */
async function widgetChatWithAgent(username: string, customerName: string) {
  await onlyAvailable(await agentUser(username));
  const agentContext = await browser.newContext();
  const agent = await agentPage(agentContext, username);
  const customerPage = await (await browser.newContext()).newPage();
  await customerPage.goto(`${shopUrl}/`);
  await widget(customerPage).getByRole('button', { name: 'Chat with us' }).click();
  await widget(customerPage).getByLabel('Your name').fill(customerName);
  await widget(customerPage).getByRole('button', { name: 'Start chat' }).click();
  await widget(customerPage).getByRole('button', { name: 'Orders' }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await agent.getByRole('tab', { name: customerName }).waitFor();
  return { agentContext, agent, customerPage };
}

describe('the faces in a browser', () => {
  it('customer widget ↔ agent workspace: list picker, typing, receipts, attachment, markup as text, reloads, transfer', async () => {
    await agentUser('alice');
    const bob = await agentUser('bob');
    const qc = await server.connect.send(new CreateQuickConnectCommand({
      InstanceId: server.instanceId, Name: 'To Bob',
      QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: bob, ContactFlowId: server.defaults.agentTransferFlowId } },
    }));
    await server.connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: server.instanceId, QueueId: server.defaults.basicQueueId, QuickConnectIds: [qc.QuickConnectId!] }));

    const agentContext = await browser.newContext();
    const alice = await agentPage(agentContext, 'alice');
    const customerContext = await browser.newContext();
    const customer = await customerContext.newPage();
    const errors: string[] = [];
    customer.on('pageerror', (e) => errors.push(e.message));
    await customer.goto(`${shopUrl}/`);
    await widget(customer).getByRole('button', { name: 'Chat with us' }).click();
    await widget(customer).getByLabel('Your name').fill('Carol <b>bold</b>');
    await widget(customer).getByRole('button', { name: 'Start chat' }).click();

    // The flow's markdown renders (bold, a link), as text nodes.
    await widget(customer).locator('.message strong', { hasText: 'Welcome' }).waitFor();
    expect(await widget(customer).locator('.message a[href="https://help.example/orders"]').count()).toBe(1);

    // The flow's list picker, answered with an interactive response.
    await widget(customer).getByRole('button', { name: 'Orders' }).click();
    await expect.poll(() => alice.locator('.offer').count(), { timeout: 10_000 }).toBe(1);
    // The offer says who, from which queue, how long they waited and how long is left (the name stays text).
    const offer = alice.locator('.offer');
    await expect.poll(() => offer.textContent()).toMatch(/Carol <b>bold<\/b>BasicQueuewaiting \d+:\d\d\d+:\d\d left to accept/);
    await shot(alice, 'workspace-offer');
    await alice.getByRole('button', { name: 'Accept' }).click();
    // The tab and the customer panel are named after the customer.
    await alice.getByRole('tab', { name: 'Carol <b>bold</b>' }).waitFor();
    await alice.locator('.chat-pane .customer h2', { hasText: 'Carol <b>bold</b>' }).waitFor();
    await alice.locator('.chat-pane .message[data-role="CUSTOMER"]', { hasText: 'Orders' }).waitFor();

    // Typing both ways, messages, read receipts.
    await widget(customer).getByLabel('Message').pressSequentially('Hi there', { delay: 20 });
    await alice.locator('.typing').waitFor();
    await widget(customer).getByLabel('Message').press('Enter');
    await alice.locator('.message', { hasText: 'Hi there' }).waitFor();
    // Enter sends from the workspace too.
    await alice.getByLabel('Reply').fill('Hello Carol, how can I help?');
    await alice.getByLabel('Reply').press('Enter');
    await widget(customer).locator('.message', { hasText: 'how can I help' }).waitFor();
    await alice.locator('.receipt', { hasText: 'Read' }).waitFor({ timeout: 15_000 });
    // Every message carries its time, on both sides: the time of day, the full timestamp in the element.
    for (const stamp of [alice.locator('.message', { hasText: 'Hi there' }).locator('time'), widget(customer).locator('.message', { hasText: 'how can I help' }).locator('time')]) {
      expect(await stamp.innerText()).toMatch(/^\d{1,2}:\d{2}/);
      expect(Math.abs(Date.parse((await stamp.getAttribute('datetime'))!) - Date.now())).toBeLessThan(60_000);
    }

    // Minimised, the customer's device gets a message (Delivered) but reads it only when the panel opens again.
    await widget(customer).getByRole('button', { name: 'Minimise chat' }).click();
    await alice.getByLabel('Reply').fill('While you were away');
    await alice.getByLabel('Reply').press('Enter');
    const away = alice.locator('.message', { hasText: 'While you were away' });
    await away.locator('.receipt', { hasText: 'Delivered' }).waitFor({ timeout: 15_000 });
    await widget(customer).getByRole('button', { name: 'Chat with us' }).click();
    await away.locator('.receipt', { hasText: 'Read' }).waitFor({ timeout: 15_000 });

    // The customer's markdown renders for the agent.
    await widget(customer).getByLabel('Message').fill('This is **urgent**, see https://shop.example/order/42');
    await widget(customer).getByLabel('Message').press('Enter');
    await alice.locator('.message strong', { hasText: 'urgent' }).waitFor();
    expect(await alice.locator('.message a[href="https://shop.example/order/42"]').count()).toBe(1);

    // Markup stays text on both sides.
    await widget(customer).getByLabel('Message').fill('<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>');
    await widget(customer).getByLabel('Message').press('Enter');
    await alice.locator('.message', { hasText: '<img src=x onerror=' }).waitFor();
    expect(await alice.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await customer.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await alice.locator('.chat-pane img').count()).toBe(0);

    // An attachment from the customer reaches the agent.
    // A type Amazon refuses is refused with a visible reason, not dropped with an uncaught error.
    await widget(customer).locator('input[type=file]').setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await widget(customer).getByRole('alert').filter({ hasText: 'setup.exe could not be sent' }).waitFor();
    await widget(customer).locator('input[type=file]').setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 order') });
    await alice.locator('.attachment', { hasText: 'order.pdf' }).waitFor({ timeout: 10_000 });
    // And one from the agent reaches the customer, who downloads it.
    await alice.locator('.chat-pane input[type=file]').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: Buffer.from('PNGDATA') });
    const attachment = widget(customer).locator('.attachment', { hasText: 'label.png' });
    await attachment.waitFor({ timeout: 10_000 });
    const [download] = await Promise.all([customer.waitForEvent('download'), attachment.getByRole('button').click()]);
    expect(download.suggestedFilename()).toBe('label.png');
    // Its bytes are no picture: no broken image is left on either side, only the link.
    for (const side of [attachment, alice.locator('.attachment', { hasText: 'label.png' })]) {
      await expect.poll(() => side.evaluate((li) => [...li.querySelectorAll('img')].every((img) => img.complete && img.naturalWidth > 0)), { timeout: 5000 }).toBe(true);
    }
    await shot(customer, 'widget-conversation');
    await shot(alice, 'workspace-conversation');

    // Both pages reload mid-chat and lose nothing.
    await customer.reload();
    await widget(customer).locator('.message', { hasText: 'how can I help' }).waitFor({ timeout: 10_000 });
    await alice.reload();
    await alice.locator('.message', { hasText: 'Hi there' }).waitFor({ timeout: 10_000 });
    // Receipts come back with the transcript after a reload.
    await alice.locator('.receipt', { hasText: 'Read' }).waitFor({ timeout: 10_000 });

    // An arrow key on the focused transfer menu only selects: nothing moves until a confirmed click.
    const bobContext = await browser.newContext();
    const bobPage = await agentPage(bobContext, 'bob');
    await alice.getByLabel('Transfer to').focus();
    await alice.getByLabel('Transfer to').press('ArrowDown');
    await alice.getByLabel('Reply').fill('Still with Alice');
    await alice.getByLabel('Reply').press('Enter');
    await widget(customer).locator('.message', { hasText: 'Still with Alice' }).waitFor();
    expect(await bobPage.locator('.offer').count()).toBe(0);
    expect(await alice.getByRole('dialog', { name: 'Confirm transfer' }).count()).toBe(0);

    // The menu shows each quick connect's availability, read when it takes focus: Bob is Available.
    const toBob = alice.locator('select[aria-label="Transfer to"] option', { hasText: 'To Bob' });
    await expect.poll(async () => {
      await alice.getByLabel('Reply').focus();
      await alice.getByLabel('Transfer to').focus();
      return toBob.innerText();
    }, { timeout: 10_000 }).toBe('To Bob — Available');
    // Transfer to Bob through the quick connect, confirmed.
    await alice.getByLabel('Transfer to').selectOption({ label: 'To Bob — Available' });
    await alice.getByRole('button', { name: 'Transfer', exact: true }).click();
    await alice.getByRole('dialog', { name: 'Confirm transfer' }).getByText('Transfer this chat to To Bob?').waitFor();
    await alice.getByRole('button', { name: 'Confirm transfer' }).click();
    await bobPage.locator('.offer').waitFor({ timeout: 10_000 });
    await bobPage.getByRole('button', { name: 'Accept' }).click();
    await bobPage.locator('.message', { hasText: 'Hi there' }).waitFor();
    await bobPage.getByLabel('Reply').fill('Bob here, I have the whole history.');
    await bobPage.getByRole('button', { name: 'Send' }).click();
    await widget(customer).locator('.message', { hasText: 'Bob here' }).waitFor();
    // Alice's after-contact work: her notes become her segment's description.
    const aliceContact = (await alice.locator('.chat-pane').getAttribute('data-contact'))!;
    await alice.getByLabel('After-contact notes').fill('Handed to Bob for the refund.');
    await alice.getByRole('button', { name: 'Finish after-contact work' }).click();
    await expect.poll(() => alice.locator('.chat-pane').count()).toBe(0);
    const described = await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: aliceContact }));
    expect(described.Contact!.Description).toBe('Handed to Bob for the refund.');
    await shot(bobPage, 'workspace-after-transfer');

    // The customer ends the chat, after confirming (a stray click keeps the chat); the widget shows it ended.
    await widget(customer).getByRole('button', { name: 'End chat' }).click();
    await widget(customer).getByRole('button', { name: 'Keep chatting' }).click();
    await widget(customer).getByRole('button', { name: 'Yes, end the chat' }).waitFor({ state: 'detached' });
    await widget(customer).getByLabel('Message').waitFor();
    await widget(customer).getByRole('button', { name: 'End chat' }).click();
    await widget(customer).getByRole('button', { name: 'Yes, end the chat' }).click();
    await widget(customer).getByRole('button', { name: 'Start a new chat' }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    expect(workspaceErrors).toEqual([]);

    // A returning customer: a new chat continues the previous conversation, with its history.
    await widget(customer).getByRole('button', { name: 'Start a new chat' }).click();
    await widget(customer).getByLabel('Your name').fill('Carol');
    const [continued] = await Promise.all([
      customer.waitForResponse((r) => r.url().endsWith('/chats')).then((r) => r.json() as Promise<{ ContinuedFromContactId?: string }>),
      widget(customer).getByRole('button', { name: 'Start chat' }).click(),
    ]);
    expect(continued.ContinuedFromContactId).toBeTruthy();
    await widget(customer).locator('.past .message', { hasText: 'how can I help' }).waitFor({ timeout: 10_000 });
    // The new chat is live and its own list starts afresh: the old conversation only under "Earlier conversation".
    await widget(customer).getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor({ timeout: 10_000 });
    expect(await widget(customer).locator('.messages > .transcript .message', { hasText: 'how can I help' }).count()).toBe(0);
    expect(await widget(customer).getByRole('button', { name: 'Start a new chat' }).count()).toBe(0);
    await shot(customer, 'widget-returning-customer');
    await Promise.all([agentContext.close(), customerContext.close(), bobContext.close()]);
  }, 120_000);

  it('tells an agent with no chat what to do: set Available while Offline, then wait for an offer', async () => {
    // A desk of its own, so that no other test's waiting chat is offered to this agent.
    const queue = await server.connect.send(new CreateQueueCommand({ InstanceId: server.instanceId, Name: 'Quiet desk', HoursOfOperationId: server.defaults.basicHoursId }));
    const profile = await server.connect.send(new CreateRoutingProfileCommand({
      InstanceId: server.instanceId, Name: 'Quiet desk agents', Description: 'One empty queue', DefaultOutboundQueueId: queue.QueueId!,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }],
      QueueConfigs: [{ QueueReference: { QueueId: queue.QueueId!, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
    }));
    await server.connect.send(new CreateUserCommand({
      InstanceId: server.instanceId, Username: 'rhea', Password: 'Passw0rd!', RoutingProfileId: profile.RoutingProfileId!,
      SecurityProfileIds: ['agent'], PhoneConfig: { PhoneType: 'SOFT_PHONE' }, IdentityInfo: { FirstName: 'Rhea' },
    }));
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.app.localUrl}/workspace`);
    await page.getByLabel('Username').fill('rhea');
    await page.getByLabel('Password').fill('Passw0rd!');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('status').filter({ hasText: 'You are Offline: set your status to Available to receive chats.' }).waitFor();
    await page.getByTestId('status').selectOption('Available');
    await page.getByRole('status').filter({ hasText: 'Waiting for the next chat' }).waitFor();
    await page.getByTestId('status').selectOption('Offline');
    await page.getByRole('status').filter({ hasText: 'You are Offline' }).waitFor();
  }, 60_000);

  it('refuses pages that are not allowed to embed the widget', async () => {
    const res = await fetch(`${server.app.localUrl}/widget/v1/${widgetId}/chats`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    writeFileSync(`${SHOTS}/.keep`, '');
  });

  it('lets an agent close the tab of a chat that is no longer there', async () => {
    await agentUser('dora');
    const context = await browser.newContext();
    const dora = await agentPage(context, 'dora');
    // A tab kept in this browser for a contact the server no longer gives this agent (wrapped up elsewhere).
    await dora.evaluate(() => sessionStorage.setItem('switchboard:seats', JSON.stringify([
      { contactId: '00000000-0000-4000-8000-000000000000', participantId: 'p', participantToken: 'gone' }])));
    await dora.reload();
    await dora.getByRole('status').filter({ hasText: 'This chat is no longer available' }).waitFor();
    await dora.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dora.locator('.chat-pane').count()).toBe(0);
    expect(workspaceErrors.filter((e) => e.startsWith('dora'))).toEqual([]);
  });

  it('fits a phone screen: header, minimise and composer are on screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    await phone.goto(`${shopUrl}/`);
    await widget(phone).getByRole('button', { name: 'Chat with us' }).click();
    await widget(phone).getByLabel('Your name').fill('Pat');
    await widget(phone).getByRole('button', { name: 'Start chat' }).click();
    await widget(phone).getByLabel('Message').waitFor();
    const inside = async (name: string, box: { x: number; y: number; width: number; height: number } | null) => {
      expect(box, name).not.toBeNull();
      expect(box!.y, `${name} top`).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, `${name} bottom`).toBeLessThanOrEqual(844);
    };
    await inside('title', await widget(phone).getByRole('heading', { name: 'Shop support' }).boundingBox());
    await inside('minimise', await widget(phone).getByRole('button', { name: 'Minimise chat' }).boundingBox());
    await inside('composer', await widget(phone).getByLabel('Message').boundingBox());
    await inside('send', await widget(phone).getByRole('button', { name: 'Send' }).boundingBox());
    await phone.screenshot({ path: `${SHOTS}/widget-phone.png` });
    await widget(phone).getByRole('button', { name: 'Minimise chat' }).click();
    await widget(phone).getByRole('button', { name: 'Chat with us' }).waitFor();
    await context.close();
  });

  it("leaves the host page's own window.connect as it was, and never configures it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shopUrl}/own-connect`);
    await widget(page).getByRole('button', { name: 'Chat with us' }).click();
    await widget(page).getByLabel('Your name').fill('Sam');
    await widget(page).getByRole('button', { name: 'Start chat' }).click();
    // The chat runs on the widget's own chatjs: the flow's greeting arrives.
    await widget(page).getByText('Welcome').first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { connect: { marker?: string } }).connect.marker)).toBe('host');
    expect(await page.evaluate(() => Object.keys((window as unknown as { connect: object }).connect))).toEqual(['marker', 'ChatSession']);
    expect(await page.evaluate(() => (window as unknown as { hostConfigured?: unknown }).hostConfigured)).toBeUndefined();
    await context.close();
  });

  it('asks the pre-chat questions, requires the required ones, and passes the answers as contact attributes', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shopUrl}/asks`);
    await widget(page).getByRole('button', { name: 'Chat with us' }).click();
    await widget(page).getByText('Tell us about your order.').waitFor();
    // The widget's branding: its avatar beside the title.
    await expect.poll(() => widget(page).locator('header img.avatar').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    await widget(page).getByLabel('Your name').fill('Robin');
    await widget(page).getByRole('button', { name: 'Start chat' }).click();
    // The required question is still unanswered: the browser's own validation keeps the form open.
    expect(await widget(page).getByLabel('Order number').evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    await widget(page).getByLabel('Order number').fill('A-77');
    await widget(page).getByRole('button', { name: 'Start chat' }).click();
    await widget(page).getByText('Welcome').first().waitFor();
    const contactId = await page.evaluate((id) => (JSON.parse(sessionStorage.getItem(`switchboard:${id}:chat`) ?? '{}') as { ContactId?: string }).ContactId, askingWidgetId);
    const { Attributes } = await server.connect.send(new GetContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: contactId! }));
    expect(Attributes).toEqual({ orderNumber: 'A-77' });
    await shot(page, 'widget-pre-chat');
    await context.close();
  });

  it('lets an agent find a quick response by search or /shortcut, edit it in the reply and send it', async () => {
    const token = await adminToken();
    for (const q of [
      { name: 'Refund policy', shortcut: 'refund', content: 'Refunds reach your card within 5 working days.' },
      { name: 'Shipping times', shortcut: 'ship', content: 'Orders ship within 24 hours.' },
    ]) {
      const res = await fetch(`${server.app.localUrl}/admin/v1/quick-responses`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ instanceId: server.instanceId, ...q }) });
      expect(res.status).toBe(200);
    }
    const quinnId = await agentUser('quinn');
    await onlyAvailable(quinnId);
    const context = await browser.newContext();
    const quinn = await agentPage(context, 'quinn');
    const started = await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Pat' } }));
    await quinn.getByRole('button', { name: 'Accept' }).click();
    await quinn.getByRole('tab', { name: 'Pat' }).waitFor();
    const pane = quinn.locator(`.chat-pane[data-contact="${started.ContactId}"]`);
    await expect.poll(() => pane.getByLabel('Reply').isDisabled()).toBe(false);

    // Searching by a word of the text.
    await pane.getByRole('button', { name: 'Quick responses' }).click();
    await pane.getByLabel('Search quick responses').fill('card');
    await pane.getByRole('dialog', { name: 'Quick responses' }).getByRole('button', { name: /Refund policy/ }).click();
    await expect.poll(() => pane.getByLabel('Reply').inputValue()).toBe('Refunds reach your card within 5 working days.');
    await pane.getByLabel('Reply').press('End');
    await pane.getByLabel('Reply').pressSequentially(' Anything else?');
    await pane.getByLabel('Reply').press('Enter');
    await pane.locator('.message', { hasText: 'Refunds reach your card within 5 working days. Anything else?' }).waitFor();

    // Typing a /shortcut opens the picker on it, and the choice replaces the shortcut; keyboard only.
    await pane.getByLabel('Reply').pressSequentially('/ship');
    const picker = pane.getByRole('dialog', { name: 'Quick responses' });
    await picker.getByRole('button', { name: /Shipping times/ }).waitFor();
    expect(await picker.getByRole('button', { name: /Refund policy/ }).count()).toBe(0);
    await picker.getByRole('button', { name: /Shipping times/ }).focus();
    await quinn.keyboard.press('Enter');
    await expect.poll(() => pane.getByLabel('Reply').inputValue()).toBe('Orders ship within 24 hours.');
    await shot(quinn, 'workspace-quick-responses');
    // This chat (from the API) takes plain text only: no markdown preview is offered.
    expect(await pane.getByRole('button', { name: 'Preview' }).count()).toBe(0);
    await context.close();
  });

  it('counts unread messages on a minimised widget and on workspace tabs not in view, and clears them when looked at', async () => {
    const { agentContext, agent: uma, customerPage } = await widgetChatWithAgent('uma', 'Wendy');

    // A second chat, started through the API: accepting it selects its tab.
    await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Xavier' } }));
    await uma.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => uma.getByRole('tab', { name: /Xavier/ }).getAttribute('aria-selected')).toBe('true');

    // Wendy writes while her tab is not selected: her tab counts it.
    await widget(customerPage).getByLabel('Message').fill('Are you still there?');
    await widget(customerPage).getByLabel('Message').press('Enter');
    await uma.getByRole('tab', { name: /Wendy/ }).getByLabel('1 unread').waitFor();
    expect(await uma.getByRole('tab', { name: /Xavier/ }).locator('.badge').count()).toBe(0);
    await uma.getByRole('tab', { name: /Wendy/ }).click();
    await uma.getByRole('tab', { name: /Wendy/ }).locator('.badge').waitFor({ state: 'detached' });

    // Wendy minimises the widget; two answers from Uma wait on the launcher.
    await widget(customerPage).getByRole('button', { name: 'Minimise chat' }).click();
    const pane = uma.locator('.chat-pane:visible');
    for (const text of ['Yes, I am here.', 'Your order ships today.']) {
      await pane.getByLabel('Reply').fill(text);
      await pane.getByLabel('Reply').press('Enter');
    }
    await widget(customerPage).locator('.launcher').getByLabel('2 unread').waitFor();
    await shot(customerPage, 'widget-unread');
    await widget(customerPage).locator('.launcher').click();
    await widget(customerPage).locator('.message', { hasText: 'Your order ships today.' }).waitFor();
    expect(await widget(customerPage).locator('.launcher .badge').count()).toBe(0);
    await agentContext.close();
  });

  it('takes a customer and an agent through a whole chat with the keyboard only: start, accept, reply, transfer, end, wrap up', async () => {
    const kiraId = await agentUser('kira');
    await onlyAvailable(kiraId);
    /** Presses Tab until the element has the focus (as a keyboard user would), failing after 60 presses. */
    const tabTo = async (page: Page, target: ReturnType<Page['locator']>) => {
      for (let i = 0; i < 60; i++) {
        // The widget lives in a shadow root: its own activeElement says what has the focus inside it.
        if (await target.evaluate((el) => {
          const root = el.getRootNode() as Document | ShadowRoot;
          return root.activeElement === el || el.contains(root.activeElement);
        }).catch(() => false)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${target.toString()}`);
    };
    const agentContext = await browser.newContext();
    const kira = await agentContext.newPage();
    await kira.goto(`${server.app.localUrl}/workspace`);
    await tabTo(kira, kira.getByLabel('Username'));
    await kira.keyboard.type('kira');
    await tabTo(kira, kira.getByLabel('Password'));
    await kira.keyboard.type('Passw0rd!');
    await kira.keyboard.press('Enter');
    await tabTo(kira, kira.getByTestId('status'));
    await kira.keyboard.type('Available');
    await expect.poll(() => kira.getByTestId('status').inputValue()).toBe('Available');

    const customer = await (await browser.newContext()).newPage();
    await customer.goto(`${shopUrl}/`);
    await tabTo(customer, widget(customer).getByRole('button', { name: 'Chat with us' }));
    await customer.keyboard.press('Enter');
    await tabTo(customer, widget(customer).getByLabel('Your name'));
    await customer.keyboard.type('Keyla');
    await customer.keyboard.press('Enter');
    await tabTo(customer, widget(customer).getByRole('button', { name: 'Orders' }));
    await customer.keyboard.press('Enter');

    // Accept and reply.
    await tabTo(kira, kira.getByRole('button', { name: 'Accept' }));
    await kira.keyboard.press('Enter');
    await kira.getByRole('tab', { name: 'Keyla' }).waitFor();
    const pane = kira.locator('.chat-pane:visible');
    await expect.poll(() => pane.getByLabel('Reply').isDisabled()).toBe(false);
    await tabTo(kira, pane.getByLabel('Reply'));
    await kira.keyboard.type('Hello Keyla, one moment please.');
    await kira.keyboard.press('Enter');
    await widget(customer).locator('.message', { hasText: 'Hello Keyla, one moment please.' }).waitFor();

    // Transfer to BasicQueue's quick connect: choose it, then Transfer, then confirm.
    await tabTo(kira, pane.getByLabel('Transfer to'));
    await kira.keyboard.type('BasicQueue');
    await tabTo(kira, pane.getByRole('button', { name: 'Transfer', exact: true }));
    await kira.keyboard.press('Enter');
    await tabTo(kira, kira.getByRole('button', { name: 'Confirm transfer' }));
    await kira.keyboard.press('Enter');

    // Wrap up the first segment with a note; the transferred chat comes back to Kira, the only agent available.
    await tabTo(kira, kira.getByLabel('After-contact notes'));
    await kira.keyboard.type('Moved to the queue for billing.');
    await tabTo(kira, kira.getByRole('button', { name: 'Finish after-contact work' }));
    await kira.keyboard.press('Enter');
    await tabTo(kira, kira.getByRole('button', { name: 'Accept' }));
    await kira.keyboard.press('Enter');
    await expect.poll(() => kira.locator('.chat-pane').count()).toBe(1);

    // End the chat, then wrap up.
    await tabTo(kira, kira.locator('.chat-pane:visible').getByRole('button', { name: 'End chat' }));
    await kira.keyboard.press('Enter');
    await tabTo(kira, kira.getByRole('button', { name: 'Finish after-contact work' }));
    await kira.keyboard.press('Enter');
    await expect.poll(() => kira.locator('.chat-pane').count()).toBe(0);
    await widget(customer).getByRole('button', { name: 'Start a new chat' }).waitFor({ timeout: 10_000 });
    expect(workspaceErrors).toEqual([]);
    await agentContext.close();
  }, 60_000);

  it('shows image attachments inline on both sides', async () => {
    const { agentContext, agent: ivy, customerPage } = await widgetChatWithAgent('ivy', 'Iris');
    const pane = ivy.locator('.chat-pane:visible');
    await expect.poll(() => pane.getByLabel('Reply').isDisabled()).toBe(false);
    // A 1×1 PNG the agent attaches.
    const png = Buffer.from(PNG_1X1, 'base64');
    await pane.locator('.attach input[type=file]').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: png });
    const shown = widget(customerPage).locator('img.preview[alt="label.png"]');
    await shown.waitFor({ timeout: 10_000 });
    await expect.poll(() => shown.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    const own = pane.locator('img.preview[alt="label.png"]');
    await own.waitFor();
    await expect.poll(() => own.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);

    // A widget chat takes markdown: the reply can be previewed as the customer will see it.
    await pane.getByLabel('Reply').fill('Your **label** is above.');
    await pane.getByRole('button', { name: 'Preview' }).click();
    expect(await pane.getByLabel('Rendered preview').locator('strong').innerText()).toBe('label');
    await pane.getByLabel('Reply').press('Enter');
    await widget(customerPage).locator('.message strong', { hasText: 'label' }).waitFor();
    await agentContext.close();
  });
});
