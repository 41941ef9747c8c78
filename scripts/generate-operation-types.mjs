#!/usr/bin/env node
// Writes, from the vendored service models (specs/), one TypeScript interface per service with a method per modelled
// operation typed with the AWS SDK's own input and output types. Handlers are checked against it at compile time
// (src/aws-protocol/operation-types.ts), so a misnamed or misshapen handler fails `tsc` instead of answering 501.
// Run after updating specs/: node scripts/generate-operation-types.mjs (test/unit/operation-types.test.ts checks
// the files are current).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const services = [
  { spec: 'specs/connect-2017-08-08.json', sdk: '@aws-sdk/client-connect', name: 'ConnectOperations', out: 'src/services/connect/connect-operations.generated.ts' },
  { spec: 'specs/connectparticipant-2018-09-07.json', sdk: '@aws-sdk/client-connectparticipant', name: 'ParticipantOperations', out: 'src/services/participant/participant-operations.generated.ts' },
];

export function generate({ spec, sdk, name }) {
  const model = JSON.parse(readFileSync(`${root}/${spec}`, 'utf8'));
  const lines = [
    `// Generated from ${spec} by scripts/generate-operation-types.mjs: do not edit.`,
    `import type * as M from '${sdk}';`,
    "import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';",
    '',
    `/** Every operation of the model, with the SDK's input and output types. */`,
    `export interface ${name} {`,
  ];
  const names = Object.keys(model.operations).sort();
  for (const op of names) {
    const o = model.operations[op];
    const input = o.input ? `M.${o.input.shape}` : 'Record<string, never>';
    const output = o.output ? `M.${o.output.shape}` : 'Record<string, never>';
    lines.push(`  ${op}(input: ${input}, ctx: OperationContext): Promise<${output}>;`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const s of services) writeFileSync(`${root}/${s.out}`, generate(s));
}
export { services };
