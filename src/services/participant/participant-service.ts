// ParticipantService: the Amazon Connect Participant Service, one method per operation, thin over the
// chat domain. Callers authenticate only by X-Amz-Bearer (modelled as ParticipantToken/ConnectionToken);
// the SigV4 Authorization header the SDK and chatjs send is ignored, as Amazon documents.
import type * as P from '@aws-sdk/client-connectparticipant';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import type { Attachments } from '../../chat/attachments.js';
import type { Participants } from '../../chat/participants.js';

type Ctx = OperationContext;

export class ParticipantService {
  constructor(
    private readonly participants: Participants,
    private readonly views: (instanceId: string, viewId: string) => Promise<P.View>,
    private readonly attachments: Attachments,
  ) {}

  async StartAttachmentUpload(input: P.StartAttachmentUploadRequest, _ctx: Ctx): Promise<P.StartAttachmentUploadResponse> {
    const out = await this.attachments.start(input.ConnectionToken!, {
      contentType: input.ContentType!, size: input.AttachmentSizeInBytes!, name: input.AttachmentName!, clientToken: input.ClientToken!,
    });
    return { AttachmentId: out.attachmentId, UploadMetadata: { Url: out.url, UrlExpiry: out.urlExpiry, HeadersToInclude: out.headersToInclude } };
  }

  async CompleteAttachmentUpload(input: P.CompleteAttachmentUploadRequest, _ctx: Ctx): Promise<P.CompleteAttachmentUploadResponse> {
    await this.attachments.complete(input.ConnectionToken!, input.AttachmentIds!, input.ClientToken!);
    return {};
  }

  async GetAttachment(input: P.GetAttachmentRequest, _ctx: Ctx): Promise<P.GetAttachmentResponse> {
    const out = await this.attachments.get(input.ConnectionToken!, input.AttachmentId!, input.UrlExpiryInSeconds);
    return { Url: out.url, UrlExpiry: out.urlExpiry, AttachmentSizeInBytes: out.size };
  }

  async DescribeView(input: P.DescribeViewRequest, _ctx: Ctx): Promise<P.DescribeViewResponse> {
    const { instanceId, viewId } = await this.participants.viewFor(input.ConnectionToken!, input.ViewToken!);
    return { View: await this.views(instanceId, viewId) };
  }

  async CreateParticipantConnection(
    input: P.CreateParticipantConnectionRequest,
    _ctx: Ctx,
  ): Promise<P.CreateParticipantConnectionResponse> {
    const result = await this.participants.createConnection(input.ParticipantToken!, input.Type ?? [], input.ConnectParticipant ?? false);
    return {
      Websocket: result.websocket && { Url: result.websocket.url, ConnectionExpiry: result.websocket.connectionExpiry },
      ConnectionCredentials: result.connectionCredentials && {
        ConnectionToken: result.connectionCredentials.connectionToken,
        Expiry: result.connectionCredentials.expiry,
      },
    };
  }

  GetAuthenticationUrl(input: P.GetAuthenticationUrlRequest, _ctx: Ctx): Promise<P.GetAuthenticationUrlResponse> {
    return this.participants.authenticationSession(input.ConnectionToken!, input.SessionId!);
  }

  CancelParticipantAuthentication(input: P.CancelParticipantAuthenticationRequest, _ctx: Ctx): Promise<P.CancelParticipantAuthenticationResponse> {
    return this.participants.authenticationSession(input.ConnectionToken!, input.SessionId!);
  }

  async SendMessage(input: P.SendMessageRequest, _ctx: Ctx): Promise<P.SendMessageResponse> {
    const sent = await this.participants.sendMessage(input.ConnectionToken!, input.ContentType!, input.Content!, input.ClientToken);
    return { Id: sent.id, AbsoluteTime: sent.absoluteTime };
  }

  async SendEvent(input: P.SendEventRequest, _ctx: Ctx): Promise<P.SendEventResponse> {
    const sent = await this.participants.sendEvent(input.ConnectionToken!, input.ContentType!, input.Content, input.ClientToken);
    return { Id: sent.id, AbsoluteTime: sent.absoluteTime };
  }

  async GetTranscript(input: P.GetTranscriptRequest, _ctx: Ctx): Promise<P.GetTranscriptResponse> {
    const page = await this.participants.transcript(input.ConnectionToken!, {
      contactId: input.ContactId,
      maxResults: input.MaxResults,
      nextToken: input.NextToken,
      scanDirection: input.ScanDirection,
      sortOrder: input.SortOrder,
      startPosition: input.StartPosition,
    });
    return { InitialContactId: page.initialContactId, Transcript: page.items as P.Item[], NextToken: page.nextToken };
  }

  async DisconnectParticipant(input: P.DisconnectParticipantRequest, _ctx: Ctx): Promise<P.DisconnectParticipantResponse> {
    await this.participants.disconnect(input.ConnectionToken!);
    return {};
  }
}
