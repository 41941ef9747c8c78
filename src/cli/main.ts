// The `switchboard` command line (docs/cli.md): start a server, run flow tests, and drive a running server's test
// controls and transcripts through its admin API. Arguments are read with node:util's parseArgs.
import { parseArgs } from 'node:util';
import { readScenarios } from '../flow-testing/scenario.js';
import { readYamlFile, YamlFileError } from '../yaml-reader.js';
import { type FlowTestReport, readFlowFile, runFlowTests } from '../flow-testing/flow-test-runner.js';
import { formatReport } from '../flow-testing/report-text.js';
import { FlowFormatError } from '../contact-flows/flow-definition.js';
import { loadCliConfig } from '../config.js';
import { AdminClient, AdminError } from './admin-client.js';
import { customerChat } from './customer-chat.js';
import { remoteCommand } from './remote-commands.js';

const USAGE = `Usage: switchboard <command>

  start                                   run Switchboard (the same as npm start)
  flow test <flow.json> <scenario.yaml>…  run a flow through scenarios; exit 1 when one fails
        [--json] [--trace]
  flow test --flow-id <id> <scenario.yaml>…
                                          the same for a published flow of a running server
  chat [--name Pat] [--flow <id>]          chat as a customer from the terminal (/quit leaves)
  seed <seed.yaml>                        apply a seed file to a running server (idempotent; docs/seed.md)
  clock [--advance <seconds>]             read or move a running server's clock (SWITCHBOARD_TIME_CONTROL)
  faults [list | add … | remove <id>]     fault rules of a running server (SWITCHBOARD_FAULT_INJECTION)
  transcript <contactId> [--format json|csv] [--follow]
                                          a chat's transcript; --follow prints new items as they come
  A running server is reached at SWITCHBOARD_ENDPOINT (default http://127.0.0.1:8080) with the access key pair in
  AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or --endpoint, --access-key-id, --secret-access-key).
`;

/** Usage and input problems: exit code 2, as distinct from a failing flow test (1). */
class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      await import('../main.js');
      return -1; // keeps running
    case 'flow':
      return flowCommand(rest);
    case 'chat':
    case 'seed':
    case 'clock':
    case 'faults':
    case 'transcript': {
      const { values, positionals } = parseArgs({
        args: rest, allowPositionals: true,
        options: {
          endpoint: { type: 'string' }, 'access-key-id': { type: 'string' }, 'secret-access-key': { type: 'string' }, 'instance-id': { type: 'string' },
          advance: { type: 'string' }, service: { type: 'string' }, operation: { type: 'string' }, contact: { type: 'string' }, error: { type: 'string' },
          rate: { type: 'string' }, 'delay-ms': { type: 'string' }, remaining: { type: 'string' }, format: { type: 'string' }, follow: { type: 'boolean' },
          socket: { type: 'string' }, 'push-delay-ms': { type: 'string' }, name: { type: 'string' }, flow: { type: 'string' },
        },
      });
      const cli = loadCliConfig();
      const endpoint = String(values.endpoint ?? cli.endpoint);
      const client = new AdminClient(
        endpoint,
        String(values['access-key-id'] ?? cli.accessKeyId ?? ''),
        String(values['secret-access-key'] ?? cli.secretAccessKey ?? ''),
      );
      const instanceId = String(values['instance-id'] ?? cli.instanceId ?? '');
      if (command === 'chat') {
        return customerChat(client, endpoint, { instanceId, name: String(values.name ?? 'Terminal customer'), ...(values.flow ? { flowId: String(values.flow) } : {}) });
      }
      return remoteCommand(client, command, positionals, values as Record<string, string | boolean | undefined>, instanceId);
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return command ? 0 : 2;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function flowCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      json: { type: 'boolean' }, trace: { type: 'boolean' }, 'flow-id': { type: 'string' },
      endpoint: { type: 'string' }, 'access-key-id': { type: 'string' }, 'secret-access-key': { type: 'string' }, 'instance-id': { type: 'string' },
    },
  });
  const print = (report: FlowTestReport) => {
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, { trace: values.trace }));
    return report.passed ? 0 : 1;
  };
  if (values['flow-id']) {
    // A published flow of a running server: the server runs the scenarios (as its admin console's test panel does).
    const [sub, ...scenarioFiles] = positionals;
    if (sub !== 'test' || !scenarioFiles.length) throw new UsageError('usage: switchboard flow test --flow-id <id> <scenario.yaml>…');
    const cli = loadCliConfig();
    const client = new AdminClient(values.endpoint ?? cli.endpoint, values['access-key-id'] ?? cli.accessKeyId ?? '', values['secret-access-key'] ?? cli.secretAccessKey ?? '');
    const instanceId = values['instance-id'] ?? cli.instanceId ?? (await client.get<{ instances: { id: string }[] }>('/admin/v1/instances')).instances[0]?.id ?? '';
    for (const f of scenarioFiles) readScenarios(f); // every mistake named by its own file and line first
    const text = scenarioFiles.map((f) => readYamlFile(f).text).join('\n---\n');
    return print(await client.post<FlowTestReport>(`/admin/v1/flows/${encodeURIComponent(values['flow-id'])}/test`, { instanceId, scenarios: text }));
  }
  const [sub, flowFile, ...scenarioFiles] = positionals;
  if (sub !== 'test' || !flowFile || !scenarioFiles.length) throw new UsageError('usage: switchboard flow test <flow.json> <scenario.yaml>…');
  let flow;
  try {
    flow = readFlowFile(flowFile);
  } catch (err) {
    throw new UsageError(`${flowFile}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const scenarios = scenarioFiles.flatMap((f) => readScenarios(f));
  return print(await runFlowTests(flow, scenarios));
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    const known = err instanceof UsageError || err instanceof YamlFileError || err instanceof FlowFormatError || err instanceof AdminError
      || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`switchboard: ${known ? (err as Error).message : String((err as Error)?.stack ?? err)}\n${err instanceof UsageError ? `\n${USAGE}` : ''}`);
    process.exitCode = known ? 2 : 1;
  },
);
