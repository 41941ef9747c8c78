// Real exported Amazon Connect flows (test/fixtures/flow-examples, copied from the project's shared examples), unmodified, running chats:
// - the custom-bot flow invokes a "Lambda" (a real HTTP endpoint of the test) that adds a CUSTOM_BOT through
//   CreateParticipant with the real SDK, then waits for the bot to leave (Wait BotParticipantDisconnected);
// - AWS's sample disconnect flow, for chat, tells the customer the agent left and waits for them to return.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectClient, CreateContactFlowCommand, CreateParticipantCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { startFlowChat } from '../helpers/flow-harness.js';
import { REGION, type TestServer, startTestServer } from '../helpers/test-server.js';
import { eventually } from '../helpers/eventually.js';

const EXAMPLES = new URL('../fixtures/flow-examples/', import.meta.url);
const clock = new ManualClock(Date.now());
let server: TestServer;
let lambda: Server;
let botToken: string | undefined;

beforeAll(async () => {
  lambda = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      // What the sample's Lambda does: add the bot to the chat with CreateParticipant, answer status success.
      const event = JSON.parse(body) as { Details: { ContactData: { ContactId: string; InstanceARN: string } } };
      const connect = new ConnectClient({ region: REGION, endpoint: server.app.localUrl, credentials: server.app.keys });
      const bot = await connect.send(new CreateParticipantCommand({
        InstanceId: event.Details.ContactData.InstanceARN, ContactId: event.Details.ContactData.ContactId,
        ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Custom bot' },
      }));
      connect.destroy();
      botToken = bot.ParticipantCredentials!.ParticipantToken;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'success' }));
    });
  });
  await new Promise<void>((r) => lambda.listen(0, '127.0.0.1', r));
  server = await startTestServer({
    clock, sweepTimers: false,
    env: { SWITCHBOARD_LAMBDA_ENDPOINTS: JSON.stringify({ 'NOT-SET': `http://127.0.0.1:${(lambda.address() as AddressInfo).port}/` }) },
  });
});
afterAll(async () => {
  await server?.close();
  lambda?.close();
});

async function load(file: string, type = 'CONTACT_FLOW') {
  const out = await server.connect.send(new CreateContactFlowCommand({
    InstanceId: server.instanceId, Name: file, Type: type as 'CONTACT_FLOW', Content: readFileSync(new URL(file, EXAMPLES), 'utf8'),
  }));
  return out.ContactFlowId!;
}

describe('real exported flows running chats', () => {
  it('custom-chat-bot: Lambda adds a CUSTOM_BOT, the flow waits until the bot leaves', async () => {
    const chat = await startFlowChat(server, await load('vishalforcode__amazon-connect-chat-with-custom-participants__custom-chat-bot.json'));
    await eventually('the Lambda has returned the bot participant token', () => botToken !== undefined);
    await eventually('the flow waits for the bot to leave', () => server.app.store.hasWaitingFlowRun(chat.contactId));
    expect(await chat.said()).toEqual(['Welcome.  Initializing custom bot...']);
    const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: botToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }));
    const bot = conn.ConnectionCredentials!.ConnectionToken!;
    await server.participant.send(new SendMessageCommand({ ConnectionToken: bot, ContentType: 'text/plain', Content: 'Beep, I am the bot' }));
    await server.participant.send(new DisconnectParticipantCommand({ ConnectionToken: bot }));
    await eventually('the chat has ended', () => chat.ended());
    expect(await chat.said()).toEqual(['Welcome.  Initializing custom bot...', 'Bot was successful.']);
  });

  it('sample disconnect flow (chat branch): the customer returns within 15 minutes', async () => {
    const chat = await startFlowChat(server, await load('GoodMeasuresLLC__connect__sample_disconnect_flow.json'));
    const said = await chat.said();
    expect(said[0]).toMatch(/^The agent has disconnected/);
    await chat.send('wait, one more question');
    // CustomerReturned → TransferContactToQueue with no working queue → its error branch.
    await eventually('the flow says more or ends', async () => (await chat.said()).length > 1 || (await chat.ended()));
    expect(await chat.ended()).toBe(true);
  });
});
