// Every action type Switchboard knows, by its flow-language Type. Adding an action is adding its module here.
import { createPersistentContactAssociation } from './actions/contact/create-persistent-contact-association.js';
import { createTask } from './actions/contact/create-task.js';
import { dequeueContactAndTransferToQueue } from './actions/contact/dequeue-contact-and-transfer-to-queue.js';
import { transferContactToQueue } from './actions/contact/transfer-contact-to-queue.js';
import { updateContactAttributes } from './actions/contact/update-contact-attributes.js';
import { updateContactData } from './actions/contact/update-contact-data.js';
import { updateContactEventHooks } from './actions/contact/update-contact-event-hooks.js';
import { updateContactRecordingBehavior } from './actions/contact/update-contact-recording-behavior.js';
import { updateContactRoutingBehavior } from './actions/contact/update-contact-routing-behavior.js';
import { updateContactTargetQueue } from './actions/contact/update-contact-target-queue.js';
import { updateFlowAttributes } from './actions/contact/update-flow-attributes.js';
import { updateFlowLoggingBehavior } from './actions/contact/update-flow-logging-behavior.js';
import { checkHoursOfOperation } from './actions/flow-control/check-hours-of-operation.js';
import { checkMetricData } from './actions/flow-control/check-metric-data.js';
import { compare } from './actions/flow-control/compare.js';
import { distributeByPercentage } from './actions/flow-control/distribute-by-percentage.js';
import { endFlowExecution } from './actions/flow-control/end-flow-execution.js';
import { endFlowModuleExecution } from './actions/flow-control/end-flow-module-execution.js';
import { getMetricData } from './actions/flow-control/get-metric-data.js';
import { invokeFlowModule } from './actions/flow-control/invoke-flow-module.js';
import { loop } from './actions/flow-control/loop.js';
import { transferToFlow } from './actions/flow-control/transfer-to-flow.js';
import { wait } from './actions/flow-control/wait.js';
import { invokeLambdaFunction } from './actions/interactions/invoke-lambda-function.js';
import { connectParticipantWithLexBot } from './actions/participant/connect-participant-with-lex-bot.js';
import { disconnectParticipant } from './actions/participant/disconnect-participant.js';
import { getParticipantInput } from './actions/participant/get-participant-input.js';
import { messageParticipant } from './actions/participant/message-participant.js';
import { messageParticipantIteratively } from './actions/participant/message-participant-iteratively.js';
import { showView } from './actions/participant/show-view.js';
import type { ActionModule } from './flow-types.js';

const modules: ActionModule[] = [
  messageParticipant, messageParticipantIteratively, getParticipantInput, disconnectParticipant, connectParticipantWithLexBot, showView,
  updateContactAttributes, updateFlowAttributes, updateContactData, updateContactTargetQueue, transferContactToQueue,
  dequeueContactAndTransferToQueue, updateContactEventHooks, updateContactRoutingBehavior, updateFlowLoggingBehavior,
  updateContactRecordingBehavior, createTask, createPersistentContactAssociation,
  transferToFlow, compare, checkHoursOfOperation, checkMetricData, getMetricData, distributeByPercentage, loop, wait,
  endFlowExecution, invokeFlowModule, endFlowModuleExecution,
  invokeLambdaFunction,
];

const byType = new Map(modules.map((m) => [m.type, m]));

export function actionModule(type: string): ActionModule | undefined {
  return byType.get(type);
}

export function knownActionTypes(): string[] {
  return [...byType.keys()].sort();
}
