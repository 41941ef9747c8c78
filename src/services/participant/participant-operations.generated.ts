// Generated from specs/connectparticipant-2018-09-07.json by scripts/generate-operation-types.mjs: do not edit.
import type * as M from '@aws-sdk/client-connectparticipant';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';

/** Every operation of the model, with the SDK's input and output types. */
export interface ParticipantOperations {
  CancelParticipantAuthentication(input: M.CancelParticipantAuthenticationRequest, ctx: OperationContext): Promise<M.CancelParticipantAuthenticationResponse>;
  CompleteAttachmentUpload(input: M.CompleteAttachmentUploadRequest, ctx: OperationContext): Promise<M.CompleteAttachmentUploadResponse>;
  CreateParticipantConnection(input: M.CreateParticipantConnectionRequest, ctx: OperationContext): Promise<M.CreateParticipantConnectionResponse>;
  DescribeView(input: M.DescribeViewRequest, ctx: OperationContext): Promise<M.DescribeViewResponse>;
  DisconnectParticipant(input: M.DisconnectParticipantRequest, ctx: OperationContext): Promise<M.DisconnectParticipantResponse>;
  GetAttachment(input: M.GetAttachmentRequest, ctx: OperationContext): Promise<M.GetAttachmentResponse>;
  GetAuthenticationUrl(input: M.GetAuthenticationUrlRequest, ctx: OperationContext): Promise<M.GetAuthenticationUrlResponse>;
  GetTranscript(input: M.GetTranscriptRequest, ctx: OperationContext): Promise<M.GetTranscriptResponse>;
  SendEvent(input: M.SendEventRequest, ctx: OperationContext): Promise<M.SendEventResponse>;
  SendMessage(input: M.SendMessageRequest, ctx: OperationContext): Promise<M.SendMessageResponse>;
  StartAttachmentUpload(input: M.StartAttachmentUploadRequest, ctx: OperationContext): Promise<M.StartAttachmentUploadResponse>;
}
