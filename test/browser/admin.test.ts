// The admin console in a real browser: log in with the access key pair, upload a flow with errors and see every
// problem, fix it and publish it (drawn as a graph), look at live queues, and read a contact's whole chain.
import { mkdirSync, readFileSync } from 'node:fs';
import {
  CreateContactFlowCommand, CreateHoursOfOperationCommand, CreateQueueCommand, DescribeContactFlowCommand, DescribeQueueCommand, ListQueuesCommand, StartChatContactCommand, StopContactCommand,
} from '@aws-sdk/client-connect';
import { CompleteAttachmentUploadCommand, CreateParticipantConnectionCommand, StartAttachmentUploadCommand } from '@aws-sdk/client-connectparticipant';
import type { Browser } from 'playwright-core';
import { newAgent } from '../helpers/agent-client.js';
import { launchBrowser } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/test-server.js';

const SHOTS = 'test-results/screenshots';
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const broken = JSON.stringify({
  Version: '2019-10-30', StartAction: 'hello', Actions: [
    { Identifier: 'hello', Type: 'MessageParticipant', Parameters: {}, Transitions: { NextAction: 'nowhere' } },
    { Identifier: 'bye', Type: 'Teleport', Parameters: {}, Transitions: {} },
  ],
});
const fixed = JSON.stringify({
  Version: '2019-10-30', StartAction: 'hello', Actions: [
    { Identifier: 'hello', Type: 'MessageParticipant', Parameters: { Text: 'Hello!' }, Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] } },
    { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
});

/** A new browser context on the admin console, logged in with the instance's access key pair. */
async function loggedIn(options: Parameters<Browser['newContext']>[0] = {}) {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto(`${server.app.localUrl}/admin`);
  await page.getByLabel('Access key id').fill(server.app.keys.accessKeyId);
  await page.getByLabel('Secret access key').fill(server.app.keys.secretAccessKey);
  await page.getByRole('button', { name: 'Log in' }).click();
  return page;
}

describe('admin console', () => {
  it('shows live queues and agents that the server pushes as they change, without polling', async () => {
    const agent = await newAgent(server, 'live-agent');
    const page = await loggedIn();
    const polls: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/admin/v1/metrics') polls.push(r.url());
    });
    await page.getByRole('button', { name: 'Routing' }).click();
    const basic = page.locator('table').first().locator('tr', { has: page.getByRole('cell', { name: 'BasicQueue', exact: true }) });
    await basic.waitFor();
    const before = Number(await basic.locator('td').nth(1).innerText());
    await server.connect.send(new StartChatContactCommand({ InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Live' } }));
    await expect.poll(async () => Number(await basic.locator('td').nth(1).innerText()), { timeout: 5000 }).toBe(before + 1);
    // The agent's status as a supervisor sees it: logged in and Offline, then Available and offered the waiting chats.
    const row = page.locator('table.agents tr', { has: page.getByRole('cell', { name: 'live-agent', exact: true }) });
    await expect.poll(async () => (await row.locator('td').allInnerTexts()).slice(1, 3), { timeout: 5000 }).toEqual(['Offline', 'yes']);
    await agent.setStatus('Available');
    await expect.poll(async () => (await row.locator('td').allInnerTexts())[1], { timeout: 5000 }).toBe('Available');
    await expect.poll(async () => Number((await row.locator('td').allInnerTexts())[4]), { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    expect(polls).toEqual([]);
    await agent.setStatus('Offline');
    agent.close();
  }, 60_000);

  it('edits and deletes routing resources through the Connect operations, and says why one in use stays', async () => {
    const hours = await server.connect.send(new CreateHoursOfOperationCommand({
      InstanceId: server.instanceId, Name: 'Temporary hours', TimeZone: 'UTC', Config: [{ Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }],
    }));
    const queue = await server.connect.send(new CreateQueueCommand({ InstanceId: server.instanceId, Name: 'Disputes', HoursOfOperationId: server.defaults.basicHoursId }));
    const page = await loggedIn();
    await page.getByRole('button', { name: 'Routing' }).click();
    const queues = page.locator('.resource-list', { has: page.getByRole('heading', { name: 'Queues' }) });
    await queues.getByRole('button', { name: 'Edit Disputes' }).click();
    const form = queues.getByRole('form', { name: 'Edit Disputes' });
    await form.getByLabel('Name').fill('Disputes desk');
    await form.getByLabel('Max contacts').fill('5');
    await form.getByLabel('Status').selectOption('DISABLED');
    await form.getByLabel('Hours').selectOption({ label: 'Temporary hours' });
    await form.getByRole('button', { name: 'Save' }).click();
    await queues.getByRole('status').filter({ hasText: 'Disputes saved.' }).waitFor();
    await queues.getByText('Disputes desk (disabled)').waitFor();
    const described = (await server.connect.send(new DescribeQueueCommand({ InstanceId: server.instanceId, QueueId: queue.QueueId! }))).Queue!;
    expect(described).toMatchObject({ Name: 'Disputes desk', MaxContacts: 5, Status: 'DISABLED', HoursOfOperationId: hours.HoursOfOperationId });

    // The hours are in use by the queue now: deleting them is refused with Amazon's reason, and they stay.
    page.on('dialog', (d) => void d.accept());
    const hoursList = page.locator('.resource-list', { has: page.getByRole('heading', { name: 'Hours of operation' }) });
    await hoursList.getByRole('button', { name: 'Delete Temporary hours' }).click();
    await hoursList.getByRole('alert').filter({ hasText: /in use/i }).waitFor();
    // The queue can go, and then the hours.
    await queues.getByRole('button', { name: 'Delete Disputes desk' }).click();
    await queues.getByRole('status').filter({ hasText: 'Disputes desk deleted.' }).waitFor();
    await hoursList.getByRole('button', { name: 'Delete Temporary hours' }).click();
    await hoursList.getByRole('status').filter({ hasText: 'Temporary hours deleted.' }).waitFor();
    const left = (await server.connect.send(new ListQueuesCommand({ InstanceId: server.instanceId, QueueTypes: ['STANDARD'] }))).QueueSummaryList!.map((q) => q.Name);
    expect(left).not.toContain('Disputes desk');
    await page.screenshot({ path: `${SHOTS}/admin-routing-edit.png`, fullPage: true });
  }, 60_000);

  it('adds and deletes quick responses, and explains a refused one', async () => {
    const page = await loggedIn();
    await page.getByRole('button', { name: 'Quick responses' }).click();
    await page.getByLabel('Name').fill('Greeting');
    await page.getByLabel(/Shortcut/).fill('hi');
    await page.getByLabel('Text').fill('Hello, thanks for waiting!');
    await page.getByRole('button', { name: 'Add quick response' }).click();
    await page.getByRole('status').filter({ hasText: 'Quick response Greeting added.' }).waitFor();
    expect(await page.locator('table.quick-responses tbody tr').first().locator('td').allInnerTexts()).toEqual(['Greeting', '/hi', 'Hello, thanks for waiting!', 'Delete Greeting']);
    // The same name again is refused with the server's reason.
    await page.getByLabel('Name').fill('Greeting');
    await page.getByLabel('Text').fill('Another');
    await page.getByRole('button', { name: 'Add quick response' }).click();
    await page.getByRole('alert').filter({ hasText: 'already exists' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete Greeting' }).click();
    await page.getByRole('status').filter({ hasText: 'Greeting deleted.' }).waitFor();
    expect(await page.locator('table.quick-responses tbody tr').count()).toBe(0);
  }, 60_000);

  it('lists contacts with customer, queue, agent and duration, and downloads them as CSV', async () => {
    const agent = await newAgent(server, 'csv-agent');
    try {
      await agent.setStatus('Available');
      const started = await server.connect.send(new StartChatContactCommand({
        InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Sam, "the" customer' },
      }));
      await agent.next((n) => n.type === 'offer' && n.contactId === started.ContactId);
      await agent.accept(started.ContactId!);
      await server.connect.send(new StopContactCommand({ InstanceId: server.instanceId, ContactId: started.ContactId! }));

      const page = await loggedIn();
      await page.getByRole('button', { name: 'Contacts' }).click();
      await page.getByRole('button', { name: 'Search' }).click();
      const row = page.locator('table.contacts tr', { has: page.getByRole('button', { name: started.ContactId!, exact: true }) });
      await row.waitFor();
      const cells = await row.locator('td').allInnerTexts();
      expect(cells.slice(1, 4)).toEqual(['Sam, "the" customer', 'BasicQueue', 'csv-agent']);
      expect(cells[7]).toMatch(/^\d+:\d\d$/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(csv.split('\r\n')[0]).toBe('contactId,initialContactId,customer,queue,agent,method,state,started,durationSeconds,disconnectReason');
      expect(csv).toContain(`${started.ContactId},${started.ContactId},"Sam, ""the"" customer",BasicQueue,csv-agent,API,ENDED,`);
      await page.screenshot({ path: `${SHOTS}/admin-contacts.png`, fullPage: true });
      // A search nothing matches says so, instead of an empty table.
      await page.getByLabel('Attribute').fill('no-such-attribute');
      await page.getByLabel('equals').fill('x');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('status').filter({ hasText: 'No contact matches' }).waitFor();
      expect(await page.locator('table.contacts tbody tr').count()).toBe(0);
    } finally {
      await agent.setStatus('Offline');
      agent.close();
    }
  }, 60_000);

  it('runs scenarios against a published flow and shows results and coverage on the drawing', async () => {
    const page = await loggedIn();
    await page.locator('table').getByRole('button', { name: 'Sample inbound chat flow', exact: true }).click();
    await page.locator('textarea[name=scenarios]').fill([
      'name: a chat reaches the queue', 'expect:', '  ended: queue', '  queue: BasicQueue', '---',
      'name: a wrong expectation', 'expect:', '  ended: disconnected',
    ].join('\n'));
    await page.getByRole('button', { name: 'Run scenarios' }).click();
    await page.getByRole('status').filter({ hasText: '1 of 2 scenario(s) passed' }).waitFor({ timeout: 30_000 });
    const report = page.locator('.flow-test-report');
    expect(await report.locator('li.pass').first().innerText()).toContain('PASS a chat reaches the queue');
    expect(await report.locator('li.fail').first().innerText()).toMatch(/FAIL a wrong expectation[\s\S]*expected the contact to end in disconnected, but it is in queue BasicQueue/);
    expect(await report.getByRole('heading', { name: /Coverage: \d+ of \d+ blocks entered/ }).count()).toBe(1);
    // The blocks the scenarios went through are marked on the drawing.
    expect(await report.locator('.flow-box.visited').count()).toBeGreaterThan(2);
    // The disconnect flow the inbound flow names as its event hook went along: setting the hook took Success.
    expect(await report.locator('.not-taken').innerText()).toContain('Not taken: Set event flow set-disconnect-flow: NoMatchingError');
    await page.screenshot({ path: `${SHOTS}/admin-flow-test.png`, fullPage: true });

    // A scenario with a mistake is refused with its line.
    await page.locator('textarea[name=scenarios]').fill('name: x\nturns:\n  - shout: hi\n');
    await page.getByRole('button', { name: 'Run scenarios' }).click();
    await page.locator('.flow-test [role=alert]').filter({ hasText: 'scenarios:3: unknown turn "shout"' }).waitFor();
  }, 60_000);

  it('renames and deletes a flow through the Connect operations, and shows a refused name', async () => {
    const created = await server.connect.send(new CreateContactFlowCommand({
      InstanceId: server.instanceId, Name: 'Old promo flow', Type: 'CONTACT_FLOW', Content: fixed,
    }));
    const page = await loggedIn();
    page.on('dialog', (d) => void d.accept());
    const flows = page.locator('table', { has: page.getByRole('columnheader', { name: 'Actions' }) });
    await flows.getByRole('button', { name: 'Rename Old promo flow' }).click();
    const form = flows.getByRole('form', { name: 'Rename Old promo flow' });
    // A name another flow has: Amazon's DuplicateResourceException, shown, and nothing renamed.
    await form.getByLabel('New name').fill('Sample inbound chat flow');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: /already exists/ }).waitFor();
    await form.getByLabel('New name').fill('Spring promo flow');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Renamed Old promo flow to Spring promo flow' }).waitFor();
    const described = await server.connect.send(new DescribeContactFlowCommand({ InstanceId: server.instanceId, ContactFlowId: created.ContactFlowId! }));
    expect(described.ContactFlow!.Name).toBe('Spring promo flow');

    await flows.getByRole('button', { name: 'Delete Spring promo flow' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted Spring promo flow' }).waitFor();
    await flows.getByRole('button', { name: 'Spring promo flow', exact: true }).waitFor({ state: 'detached' });
    await expect(server.connect.send(new DescribeContactFlowCommand({ InstanceId: server.instanceId, ContactFlowId: created.ContactFlowId! })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  }, 60_000);

  it('uploads a flow with errors, shows every problem, publishes the fixed flow; reads a contact chain', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.app.localUrl}/admin`);
    await page.getByLabel('Access key id').fill(server.app.keys.accessKeyId);
    await page.getByLabel('Secret access key').fill('wrong');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Secret access key').fill(server.app.keys.secretAccessKey);
    await page.getByRole('button', { name: 'Log in' }).click();

    await page.getByLabel('Name', { exact: true }).fill('Greeting flow');
    await page.locator('textarea[name=content]').fill(broken);
    await page.getByRole('button', { name: 'Publish' }).click();
    const problems = page.getByRole('alert');
    await problems.waitFor();
    const text = await problems.innerText();
    expect(text).toMatch(/3 problems/);
    expect(text).toMatch(/exactly one of Text/);
    expect(text).toMatch(/transition to nowhere/);
    expect(text).toMatch(/unknown action type Teleport/);
    await page.screenshot({ path: `${SHOTS}/admin-flow-problems.png`, fullPage: true });

    await page.locator('textarea[name=content]').fill(fixed);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: 'Published Greeting flow' }).waitFor();
    await page.locator('table').getByRole('button', { name: 'Greeting flow', exact: true }).waitFor();
    expect(await page.locator('.flow-graph [data-action]').count()).toBe(2);
    await page.screenshot({ path: `${SHOTS}/admin-flow-published.png`, fullPage: true });

    await page.getByRole('button', { name: 'Routing' }).click();
    // The live-queue table lists BasicQueue.
    await page.locator('table').first().getByRole('cell', { name: 'BasicQueue', exact: true }).waitFor();
    // Create routing resources through the console (the Connect API's own operations behind it).
    const form = (heading: string) => page.locator('.create-forms form', { has: page.getByRole('heading', { name: heading }) });
    await form('New hours of operation').getByLabel('Name').fill('Office hours');
    await form('New hours of operation').getByLabel('Time zone').fill('Europe/Paris');
    await form('New hours of operation').getByRole('button').click();
    await page.getByRole('status').filter({ hasText: 'CreateHoursOfOperation: done' }).waitFor();
    await form('New queue').getByLabel('Name').fill('Returns');
    await form('New queue').getByLabel('Hours').selectOption({ label: 'Office hours' });
    await form('New queue').getByRole('button').click();
    await page.getByRole('status').filter({ hasText: 'CreateQueue: done' }).waitFor();
    await page.locator('table').first().getByRole('cell', { name: 'Returns', exact: true }).waitFor();
    await form('New routing profile').getByLabel('Name').fill('Returns team');
    await form('New routing profile').getByLabel('Queues').selectOption({ label: 'Returns' });
    await form('New routing profile').getByRole('button').click();
    await page.getByRole('status').filter({ hasText: 'CreateRoutingProfile: done' }).waitFor();
    await form('New user').getByLabel('Username').fill('dana');
    await form('New user').getByLabel('Password').fill('Passw0rd!');
    await form('New user').getByLabel('Routing profile').selectOption({ label: 'Returns team' });
    await form('New user').getByRole('button').click();
    await page.getByRole('status').filter({ hasText: 'CreateUser: done' }).waitFor();
    await form('New queue').getByLabel('Name').fill('Returns');
    await form('New queue').getByRole('button').click();
    await page.getByRole('status').filter({ hasText: /CreateQueue: .*already exists/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}/admin-routing.png`, fullPage: true });

    const started = await server.connect.send(new StartChatContactCommand({
      InstanceId: server.instanceId, ContactFlowId: server.defaults.inboundFlowId, ParticipantDetails: { DisplayName: 'Searcher' },
      InitialMessage: { ContentType: 'text/plain', Content: 'Looking for my order' },
    }));
    // The customer sends a receipt as an attachment.
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
    const token = conn.ConnectionCredentials!.ConnectionToken!;
    const upload = await server.participant.send(new StartAttachmentUploadCommand({
      ConnectionToken: token, AttachmentName: 'receipt.txt', ContentType: 'text/plain', AttachmentSizeInBytes: 7, ClientToken: 'receipt',
    }));
    await fetch(upload.UploadMetadata!.Url!, { method: 'PUT', headers: upload.UploadMetadata!.HeadersToInclude!, body: 'receipt' });
    await server.participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds: [upload.AttachmentId!], ClientToken: 'done' }));

    await page.getByRole('button', { name: 'Contacts' }).click();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: started.ContactId!, exact: true }).click();
    const question = page.locator('.chain .message', { hasText: 'Looking for my order' });
    await question.waitFor();
    expect(await page.locator('.chain h3').first().innerText()).toContain(`API ${started.ContactId!.slice(-8)}`);
    // Reviewers see who said it in which role, and when.
    expect(await question.locator('.role').innerText()).toBe(' (customer)');
    expect(await question.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The attachment opens (a signed download URL Switchboard serves).
    const [download] = await Promise.all([
      page.context().waitForEvent('request', (r) => r.url().includes(`/attachments/${upload.AttachmentId}`)),
      page.getByRole('button', { name: 'Attachment: receipt.txt' }).click(),
    ]);
    expect((await download.response())?.status()).toBe(200);
    // The chat's flow trace: the steps of the sample inbound flow, and its drawing with the path taken marked.
    const trace = page.getByRole('region', { name: 'Flow trace' });
    await trace.getByRole('row').nth(1).waitFor();
    expect(await trace.getByRole('cell', { name: /^Set event flow/ }).count()).toBeGreaterThanOrEqual(1);
    await trace.getByRole('heading', { name: 'Sample inbound chat flow: the path taken' }).waitFor();
    expect(await trace.locator('.flow-box.visited').count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: `${SHOTS}/admin-contact-chain.png`, fullPage: true });
  }, 60_000);

  it('goes back to the login form with a reason when the session ends, and logs out', async () => {
    const page = await loggedIn();
    await page.getByRole('button', { name: 'Contacts' }).waitFor();
    // The console's first calls have answered (its instance and flow lists are there), so the next call is the
    // one made after the session ended.
    await page.locator('table').getByRole('button', { name: 'Sample inbound chat flow', exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Instance' }).locator('option').first().waitFor({ state: 'attached' });
    // The session ends on the server's side (as after its 8 hours, or a logout elsewhere); the console's next call
    // answers 401.
    const token = await page.evaluate(() => sessionStorage.getItem('switchboard:admin-token'));
    const ended = await fetch(`${server.app.localUrl}/admin/v1/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(ended.status).toBe(200);
    await page.getByRole('button', { name: 'Routing' }).click();
    // Step timeouts below the test's, so a failure names the step and shows what the page showed instead.
    try {
      await page.getByRole('alert').filter({ hasText: 'Your session has ended' }).waitFor({ timeout: 10_000 });
      await page.getByLabel('Access key id').waitFor({ timeout: 10_000 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\npage text: ${await page.locator('body').innerText()}`);
    }

    // Log out: back to the login form, and the session's token no longer works.
    await page.getByLabel('Access key id').fill(server.app.keys.accessKeyId);
    await page.getByLabel('Secret access key').fill(server.app.keys.secretAccessKey);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    const second = await page.evaluate(() => sessionStorage.getItem('switchboard:admin-token'));
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    const after = await fetch(`${server.app.localUrl}/admin/v1/instances`, { headers: { authorization: `Bearer ${second}` } });
    expect(after.status).toBe(401);
  });

  it('says what a rule means instead of showing its regular expression', async () => {
    const page = await loggedIn();
    await page.getByRole('button', { name: 'Routing' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'New user' }) });
    await form.getByLabel('Username').fill('weakling');
    // Long enough for the browser's own check, but with no upper-case letter or digit: the server refuses it.
    await form.getByLabel('Password', { exact: true }).fill('onlylowercase');
    await form.getByRole('button', { name: 'Create user' }).click();
    const status = page.getByRole('status').filter({ hasText: 'CreateUser' });
    await status.filter({ hasText: 'the password needs 8 to 64 characters' }).waitFor();
    expect(await status.textContent()).not.toContain('regular expression');
  });

  it('creates a quick connect offered in a queue, and takes it out of and back into a queue', async () => {
    const page = await loggedIn();
    await page.getByRole('button', { name: 'Routing' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'New quick connect' }) });
    await form.getByLabel('Name').fill('To billing');
    await form.getByLabel('Offered in queues').selectOption({ label: 'BasicQueue' });
    await form.getByRole('button', { name: 'Create quick connect' }).click();
    await page.getByRole('status').filter({ hasText: 'CreateQuickConnect: done' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'BasicQueue', exact: true }) });
    // The new one and the instance's default (back to BasicQueue) are offered in BasicQueue.
    await row.getByText('To billing').waitFor();
    await row.getByRole('button', { name: 'Remove To billing from BasicQueue' }).click();
    await page.getByRole('status').filter({ hasText: 'To billing is no longer offered in BasicQueue.' }).waitFor();
    await row.getByRole('button', { name: 'Remove To billing from BasicQueue' }).waitFor({ state: 'detached' });
    await row.getByLabel('Quick connect for BasicQueue').selectOption({ label: 'To billing' });
    await row.getByRole('button', { name: 'Offer in BasicQueue' }).click();
    await page.getByRole('status').filter({ hasText: 'To billing is now offered in BasicQueue.' }).waitFor();
    await row.getByRole('button', { name: 'Remove To billing from BasicQueue' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/admin-queue-quick-connects.png`, fullPage: true });
  });

  it('sets up a widget by flow name, with greeting, colour and pre-chat questions; errors clear on success; copies the snippet', async () => {
    const page = await loggedIn({ permissions: ['clipboard-read', 'clipboard-write'] });
    await page.getByRole('button', { name: 'Widgets' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'New widget' }) });
    await form.getByLabel('Name', { exact: true }).fill('support');
    await form.getByLabel('Greeting', { exact: true }).fill('Hi! How can we help?');
    await form.getByLabel('Flow').selectOption({ label: 'Sample inbound chat flow' });
    await form.getByLabel('Allowed pages').fill('not an origin');
    await form.getByLabel('Questions before the chat').fill('orderNumber: Order number *\nemail: Your email');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('alert').filter({ hasText: 'not an origin' }).waitFor();
    await form.getByLabel('Allowed pages').fill('https://shop.example');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('status').filter({ hasText: 'Widget support created.' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    const listed = page.locator('ul.widgets li', { hasText: 'support' });
    await listed.getByText('flow Sample inbound chat flow').waitFor();
    await listed.getByText('asks Order number, Your email').waitFor();
    await listed.getByRole('button', { name: 'Copy snippet of support' }).click();
    await page.getByRole('status').filter({ hasText: 'Snippet of support copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^<script src="http:\/\/127\.0\.0\.1:\d+\/web\/widget\/switchboard-widget\.js" data-widget-id="[0-9a-f-]{36}" async><\/script>$/);
    await page.screenshot({ path: `${SHOTS}/admin-widgets.png`, fullPage: true });
  });

  it("draws a real export readably: designer block names and texts, layered without overlaps, pan and zoom, details on click", async () => {
    const exported = readFileSync(new URL('../fixtures/flow-examples/GoodMeasuresLLC__connect__sample_inbound_flow_first_contact_experience.json', import.meta.url), 'utf8');
    const actionCount = (JSON.parse(exported) as { Actions: unknown[] }).Actions.length;
    const page = await loggedIn();
    page.setDefaultTimeout(10_000);
    await page.getByLabel('Name', { exact: true }).fill('First contact experience');
    await page.locator('textarea[name=content]').fill(exported);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: 'Published First contact experience' }).waitFor();
    const boxes = page.locator('.flow-graph [data-action]');
    expect(await boxes.count()).toBe(actionCount);
    // Blocks are named as the designer names them, with their text; never a bare identifier.
    const labels = await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(labels).toContain('Transfer to flow: Sample AB test');
    expect(labels).toContain('Check contact attributes: $.Channel');
    expect(labels.some((l) => l.startsWith('Play prompt: Hello, thanks for contacting us.'))).toBe(true);
    expect(labels.every((l) => !/^[0-9a-f]{8}-/.test(l))).toBe(true);
    // Nothing overlaps: no two blocks, and no two branch labels.
    const rects = async (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => (e as SVGGraphicsElement).getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
    const overlapping = (list: { x: number; y: number; w: number; h: number }[]) => list.some((a, i) => list.slice(i + 1).some((b) => a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1));
    expect(overlapping(await rects('.flow-graph [data-action] rect'))).toBe(false);
    expect(overlapping(await rects('.flow-graph .flow-edge-label rect'))).toBe(false);
    expect(await page.locator('.flow-graph .flow-edge-label text', { hasText: '= CHAT' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/admin-flow-real-export.png`, fullPage: true });
    // Zoom and pan move the drawing, inside a fixed frame (the page does not grow with the flow).
    const before = await page.locator('.flow-graph > g').getAttribute('transform');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    expect(await page.locator('.flow-graph > g').getAttribute('transform')).not.toBe(before);
    expect((await page.locator('.flow-graph').boundingBox())!.height).toBeLessThan(500);
    // A block's parameters and branches, from the keyboard.
    await page.getByRole('button', { name: 'Transfer to flow: Sample AB test' }).focus();
    await page.keyboard.press('Enter');
    const details = page.getByRole('complementary', { name: 'Block details' });
    await details.getByRole('heading', { name: 'Transfer to flow' }).waitFor();
    expect(await details.locator('pre').innerText()).toContain('ContactFlowId');
  });
});
