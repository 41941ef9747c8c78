// Runs a flow written in the flow language against a real server: creates it through CreateContactFlow,
// starts a chat with it, and lets a test talk as the customer and read what the flow did.
import { randomUUID } from 'node:crypto';
import { CreateContactFlowCommand, DescribeContactCommand, GetContactAttributesCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import type { TestServer } from './test-server.js';

export type Action = { Identifier: string; Type: string; Parameters?: Record<string, unknown>; Transitions?: Record<string, unknown> };

export const to = (next: string, errors: string[] = []) => ({ NextAction: next, Errors: errors.map((ErrorType) => ({ ErrorType, NextAction: next })) });
export const when = (operand: string, next: string, operator = 'Equals') => ({ NextAction: next, Condition: { Operator: operator, Operands: [operand] } });
export const say = (id: string, text: string, next: string): Action => ({ Identifier: id, Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: to(next, ['NoMatchingError']) });
export const end = (id = 'end'): Action => ({ Identifier: id, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} });

export async function createFlow(server: TestServer, actions: Action[], type = 'CONTACT_FLOW', start = actions[0]!.Identifier): Promise<string> {
  const out = await server.connect.send(new CreateContactFlowCommand({
    InstanceId: server.instanceId, Name: `flow-${randomUUID()}`, Type: type as 'CONTACT_FLOW',
    Content: JSON.stringify({ Version: '2019-10-30', StartAction: start, Actions: actions.map((a) => ({ Parameters: {}, Transitions: {}, ...a })) }),
  }));
  return out.ContactFlowId!;
}

export async function startFlowChat(server: TestServer, flowId: string, attributes: Record<string, string> = {}, contentTypes?: string[]) {
  const started = await server.connect.send(new StartChatContactCommand({
    InstanceId: server.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Flow tester' }, Attributes: attributes,
    SupportedMessagingContentTypes: contentTypes,
  }));
  // A flow may end the chat before the customer connects (its tokens then answer 403): that is a valid outcome.
  const conn = await server.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }))
    .catch((err: Error) => {
      if (err.name !== 'AccessDeniedException') throw err;
      return undefined;
    });
  const token = conn?.ConnectionCredentials?.ConnectionToken ?? '';
  const contactId = started.ContactId!;
  return {
    contactId,
    /** The flow's messages so far (SYSTEM role), in order. */
    async said(): Promise<string[]> {
      const items = await server.app.store.listTranscriptItems({ initialContactId: contactId, order: 'asc', limit: 1000 });
      return items.filter((i) => i.participantRole === 'SYSTEM' && i.type === 'MESSAGE').map((i) => i.content ?? '');
    },
    token,
    async send(text: string, contentType = 'text/plain') {
      await server.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: contentType, Content: text }));
    },
    async contact() {
      return (await server.connect.send(new DescribeContactCommand({ InstanceId: server.instanceId, ContactId: contactId }))).Contact!;
    },
    async attributes() {
      return (await server.connect.send(new GetContactAttributesCommand({ InstanceId: server.instanceId, InitialContactId: contactId }))).Attributes!;
    },
    async ended(): Promise<boolean> {
      const c = await server.app.store.getContact(contactId);
      let current = c;
      while (current?.nextContactId) current = await server.app.store.getContact(current.nextContactId);
      return current?.state === 'ENDED';
    },
  };
}
