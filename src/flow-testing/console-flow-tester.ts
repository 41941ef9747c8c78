// The flow test runner as the admin console's test panel calls it: scenarios pasted as text, run against a flow of
// the instance. Scenarios here cannot map referenced flows to files (`flows:`): those would be paths on the server.
import { FlowTestInputError, type FlowTester } from '../services/admin-api/admin-api.js';
import { YamlFileError } from '../yaml-reader.js';
import { FlowFormatError } from '../contact-flows/flow-definition.js';
import { runFlowTests } from './flow-test-runner.js';
import { parseScenarios } from './scenario.js';

export const consoleFlowTester: FlowTester = async (flow, text) => {
  let scenarios;
  try {
    scenarios = parseScenarios(text, 'scenarios');
  } catch (err) {
    if (err instanceof YamlFileError) throw new FlowTestInputError(err.message);
    throw err;
  }
  const mapped = scenarios.find((s) => Object.keys(s.flows).length);
  if (mapped) throw new FlowTestInputError(`scenarios:${mapped.line}: flows (referenced flows as files) can be given only to switchboard flow test on the command line`);
  try {
    return await runFlowTests(flow, scenarios);
  } catch (err) {
    if (err instanceof FlowFormatError) throw new FlowTestInputError(err.message);
    throw err;
  }
};
