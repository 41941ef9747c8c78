// switchboard/testing: what a user's test suite imports (docs/testing.md, docs/flow-testing.md).
export { startSwitchboard, type RunningSwitchboard, type Snapshot, type StartOptions } from './start-switchboard.js';
export type { FaultRule, NewFaultRule } from './fault-rules.js';
export { runFlowTests, readFlowFile, type FlowTestReport, type FlowUnderTest, type ScenarioReport } from '../flow-testing/flow-test-runner.js';
export { readScenarios, parseScenarios, type Scenario } from '../flow-testing/scenario.js';
export { formatReport } from '../flow-testing/report-text.js';
