// The Lambda functions of a flow test: a loopback HTTP server that Switchboard invokes as it invokes any Lambda
// endpoint (SWITCHBOARD_LAMBDA_ENDPOINTS), answering each function's calls from the scenario in order (the last
// answer repeats). A function the scenario does not stub fails, so the flow takes its Error branch, as an
// unreachable Lambda would; every call is recorded for the report.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaAnswer } from './scenario.js';

export interface LambdaCall {
  functionArn: string;
  /** The ContactFlowEvent's Details.Parameters. */
  parameters: Record<string, unknown>;
  answered: LambdaAnswer | { fail: string };
}

export class LambdaStubs {
  readonly calls: LambdaCall[] = [];
  private answers: Record<string, LambdaAnswer[]> = {};
  private readonly arns: string[];
  /** Runs before an answer that adds a bot, with the contact the event is for. */
  private addBot: (contactId: string, displayName: string) => Promise<void> = async () => {};

  private constructor(private readonly server: Server, private readonly base: string, arns: Iterable<string>) {
    this.arns = [...new Set(arns)];
  }

  /** Serves the given function ARNs (each gets a path of its own). */
  static async start(arns: Iterable<string>): Promise<LambdaStubs> {
    let stubs: LambdaStubs | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void stubs!.answer(Number(req.url?.split('/').pop()), Buffer.concat(chunks).toString('utf8')).then((answer) => {
          res.writeHead('fail' in answer ? 500 : 200, { 'content-type': 'application/json' });
          res.end(JSON.stringify('fail' in answer ? { errorMessage: answer.fail } : answer.result));
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    stubs = new LambdaStubs(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arns);
    return stubs;
  }

  /** SWITCHBOARD_LAMBDA_ENDPOINTS for these functions. */
  get endpoints(): Record<string, string> {
    return Object.fromEntries(this.arns.map((arn, i) => [arn, `${this.base}/lambda/${i}`]));
  }

  /** The answers of the scenario about to run (calls of an earlier one are forgotten). */
  use(answers: Record<string, LambdaAnswer[]>, addBot: (contactId: string, displayName: string) => Promise<void>): void {
    this.answers = answers;
    this.addBot = addBot;
    this.calls.length = 0;
  }

  private async answer(index: number, body: string): Promise<LambdaAnswer> {
    const functionArn = this.arns[index] ?? '';
    const made = this.calls.filter((c) => c.functionArn === functionArn).length;
    const list = this.answers[functionArn];
    const answered: LambdaAnswer = list ? list[Math.min(made, list.length - 1)]! : { fail: 'not stubbed in the scenario' };
    let event: { Details?: { Parameters?: Record<string, unknown>; ContactData?: { ContactId?: string } } } = {};
    try {
      event = JSON.parse(body) as typeof event;
    } catch {
      // recorded without parameters
    }
    this.calls.push({ functionArn, parameters: event.Details?.Parameters ?? {}, answered });
    const contactId = event.Details?.ContactData?.ContactId;
    if (answered.addBot && contactId) {
      try {
        await this.addBot(contactId, answered.addBot);
      } catch (err) {
        return { fail: `could not add the bot: ${(err as Error).message}` };
      }
    }
    return answered;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
