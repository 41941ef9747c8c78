// The flows every new instance starts with, in Amazon's flow language (Version 2019-10-30), doing for chat what
// Amazon's own samples do: an inbound flow (set the disconnect flow, greet, check hours, queue), the default
// customer queue flow, a disconnect flow with a post-chat survey, and the default agent and queue transfer flows.
export interface SampleFlowIds {
  disconnectFlowArn: string;
  basicQueueArn: string;
}

const next = (to: string, errors: string[] = ['NoMatchingError']) => ({
  NextAction: to,
  Errors: errors.map((ErrorType) => ({ NextAction: to, ErrorType })),
});
const say = (Identifier: string, Text: string, to: string) => ({ Identifier, Type: 'MessageParticipant', Parameters: { Text }, Transitions: next(to) });
const disconnect = (Identifier = 'end') => ({ Identifier, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} });
const equals = (operand: string, to: string) => ({ NextAction: to, Condition: { Operator: 'Equals', Operands: [operand] } });

export function sampleInboundChatFlow(ids: SampleFlowIds): object {
  return {
    Version: '2019-10-30',
    StartAction: 'set-disconnect-flow',
    Metadata: { name: 'Sample inbound chat flow', description: 'Greets the customer, checks the hours and queues the chat to BasicQueue.' },
    Actions: [
      { Identifier: 'set-disconnect-flow', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerRemaining: ids.disconnectFlowArn } }, Transitions: next('greet') },
      say('greet', 'Thanks for contacting us. An agent will be with you shortly.', 'set-queue'),
      { Identifier: 'set-queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: ids.basicQueueArn }, Transitions: { NextAction: 'check-hours', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
      {
        Identifier: 'check-hours', Type: 'CheckHoursOfOperation', Parameters: {},
        Transitions: { NextAction: 'closed', Conditions: [equals('True', 'to-queue'), equals('False', 'closed')], Errors: [{ NextAction: 'closed', ErrorType: 'NoMatchingError' }] },
      },
      { Identifier: 'to-queue', Type: 'TransferContactToQueue', Parameters: {}, Transitions: next('sorry', ['QueueAtCapacity', 'NoMatchingError']) },
      say('closed', 'We are closed right now. Please come back during our opening hours.', 'end'),
      say('sorry', 'Sorry, we cannot take your chat right now. Please try again later.', 'end'),
      disconnect(),
    ],
  };
}

export function sampleCustomerQueueFlow(): object {
  return {
    Version: '2019-10-30',
    StartAction: 'in-queue',
    Metadata: { name: 'Default customer queue', description: 'Runs while the customer waits for an agent.' },
    Actions: [
      say('in-queue', 'You are in the queue. The next available agent will join this chat.', 'done'),
      { Identifier: 'done', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
    ],
  };
}

export function sampleDisconnectFlow(): object {
  const rating = ['1', '2', '3', '4', '5'];
  return {
    Version: '2019-10-30',
    StartAction: 'survey',
    Metadata: { name: 'Sample disconnect flow', description: 'Runs when the agent leaves and the customer remains: a post-chat survey.' },
    Actions: [
      {
        Identifier: 'survey', Type: 'GetParticipantInput',
        Parameters: { Text: 'Before you go: how would you rate this chat, from 1 (poor) to 5 (great)?', StoreInput: 'True', InputTimeLimitSeconds: '300' },
        Transitions: {
          NextAction: 'thanks',
          Conditions: rating.map((r) => equals(r, 'save')),
          Errors: ['NoMatchingCondition', 'InputTimeLimitExceeded', 'NoMatchingError'].map((ErrorType) => ({ NextAction: 'thanks', ErrorType })),
        },
      },
      { Identifier: 'save', Type: 'UpdateContactAttributes', Parameters: { Attributes: { surveyRating: '$.StoredCustomerInput' } }, Transitions: next('thanks') },
      say('thanks', 'Thank you for chatting with us. Goodbye!', 'end'),
      disconnect(),
    ],
  };
}

/** Default agent transfer / default queue transfer: put the transferred contact in its target queue. */
export function sampleTransferFlow(name: string): object {
  return {
    Version: '2019-10-30',
    StartAction: 'transfer',
    Metadata: { name, description: 'Places a transferred chat in the queue (or agent) chosen by the quick connect.' },
    Actions: [
      { Identifier: 'transfer', Type: 'TransferContactToQueue', Parameters: {}, Transitions: next('sorry', ['QueueAtCapacity', 'NoMatchingError']) },
      say('sorry', 'Sorry, the transfer could not be completed.', 'end'),
      disconnect(),
    ],
  };
}
