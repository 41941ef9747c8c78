// switchboard/testing: what a user's test suite imports (docs/testing.md).
export { startSwitchboard, type RunningSwitchboard, type StartOptions } from './start-switchboard.js';
export type { FaultRule, NewFaultRule } from './fault-rules.js';
