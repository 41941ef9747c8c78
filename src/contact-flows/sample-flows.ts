// The flows every new instance starts with, written in Amazon's flow language (Version 2019-10-30) as
// Amazon's own samples are: an inbound chat flow that sets the disconnect flow, greets, and queues to
// BasicQueue; and a disconnect flow that thanks the customer and ends the chat.
export interface SampleFlowIds {
  inboundFlowArn: string;
  disconnectFlowArn: string;
  basicQueueArn: string;
}

export function sampleInboundChatFlow(ids: SampleFlowIds): object {
  return {
    Version: '2019-10-30',
    StartAction: 'set-disconnect-flow',
    Metadata: { name: 'Sample inbound chat flow', description: 'Greets the customer and queues the chat to BasicQueue.' },
    Actions: [
      {
        Identifier: 'set-disconnect-flow',
        Type: 'UpdateContactEventHooks',
        Parameters: { EventHooks: { CustomerRemaining: ids.disconnectFlowArn } },
        Transitions: { NextAction: 'greet', Errors: [{ NextAction: 'greet', ErrorType: 'NoMatchingError' }] },
      },
      {
        Identifier: 'greet',
        Type: 'MessageParticipant',
        Parameters: { Text: 'Thanks for contacting us. An agent will be with you shortly.' },
        Transitions: { NextAction: 'set-queue', Errors: [{ NextAction: 'set-queue', ErrorType: 'NoMatchingError' }] },
      },
      {
        Identifier: 'set-queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: ids.basicQueueArn },
        Transitions: { NextAction: 'to-queue', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] },
      },
      {
        Identifier: 'to-queue',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: {
          NextAction: 'sorry',
          Errors: [
            { NextAction: 'sorry', ErrorType: 'QueueAtCapacity' },
            { NextAction: 'sorry', ErrorType: 'NoMatchingError' },
          ],
        },
      },
      {
        Identifier: 'sorry',
        Type: 'MessageParticipant',
        Parameters: { Text: 'Sorry, we cannot take your chat right now. Please try again later.' },
        Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
      },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

export function sampleDisconnectFlow(): object {
  return {
    Version: '2019-10-30',
    StartAction: 'thanks',
    Metadata: { name: 'Sample disconnect flow', description: 'Runs when the agent leaves and the customer remains.' },
    Actions: [
      {
        Identifier: 'thanks',
        Type: 'MessageParticipant',
        Parameters: { Text: 'Thank you for chatting with us.' },
        Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
      },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}
