// A flow's unit tests, as a user writes them: the exported flow and its scenarios beside it, run headless by the
// flow test runner from switchboard/testing; the report says which scenario failed and why.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { formatReport, readFlowFile, readScenarios, runFlowTests } from 'switchboard/testing';

const flows = join(import.meta.dirname, 'flows');

it('the greeting flow answers orders from the order system and gives up after two silent minutes', async () => {
  const report = await runFlowTests(readFlowFile(join(flows, 'greeting.json')), readScenarios(join(flows, 'greeting.scenarios.yaml')));
  expect(report.passed, formatReport(report)).toBe(true);
  expect(report.scenarios[0]!.lambdaCalls).toHaveLength(1);
});
