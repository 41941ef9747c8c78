// The operation interfaces generated from the models and the coverage page generated from the code are current,
// and the compile-time binding refuses a handler named like no operation (checked by tsc through @ts-expect-error).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operationHandlers } from '../../src/aws-protocol/operation-types.js';
import type { ConnectOperations } from '../../src/services/connect/connect-operations.generated.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { generate, services } from '../../scripts/generate-operation-types.mjs';
// @ts-expect-error: a plain .mjs script without type declarations
import { coveragePage } from '../../scripts/operation-coverage.mjs';

describe('operation bindings', () => {
  it('has operation interfaces generated from the vendored models as they are now', () => {
    for (const s of services as { out: string }[]) expect(readFileSync(s.out, 'utf8')).toBe((generate as (s: unknown) => string)(s));
  });

  it('has docs/operation-coverage.md generated from the code as it is now', () => {
    expect(readFileSync('docs/operation-coverage.md', 'utf8')).toBe((coveragePage as () => string)());
  });

  it('accepts a handler with an operation of the model and its types, refuses one named like no operation', async () => {
    const check = operationHandlers<ConnectOperations>();
    const good = check({ async DescribeInstance() { return {}; } });
    expect(await good.DescribeInstance()).toEqual({});
    // @ts-expect-error: "DescribeInstances" is no Connect operation, so the dispatcher would never call it
    check({ async DescribeInstances() { return {}; } });
  });
});
