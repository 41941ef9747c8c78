// Connect operations that integrations call on a live or finished chat: TransferContact, UpdateContactRoutingData,
// UpdateContact, ListContactReferences, StartContactStreaming and StopContactStreaming. Thin over the routing and flow modules that own what they change.
import type * as C from '@aws-sdk/client-connect';
import type { OperationContext } from '../../aws-protocol/operation-dispatcher.js';
import { arns } from '../../chat/arns.js';
import type { ChatContext } from '../../chat/chat-context.js';
import { ChatError } from '../../chat/chat-errors.js';
import type { SegmentAttributeValue } from '../../chat/attribute-rules.js';
import type { ChatStreams } from '../../chat/chat-streams.js';
import type { Contacts } from '../../chat/contacts.js';
import { recordIdempotent, replayFor, requestHash, withIdempotencyRace } from '../../chat/idempotency.js';
import type { Instances } from '../../chat/instances.js';
import { Outbox, flushOutbox } from '../../chat/outbox.js';
import type { FlowRunner } from '../../contact-flows/flow-runner.js';
import type { ContactTransfers } from '../../routing/contact-transfers.js';
import type { Router } from '../../routing/router.js';
import type { Json } from '../../storage/store.js';

type Ctx = OperationContext;

/** A reference as UpdateContact stores it and ListContactReferences answers it. */
interface StoredReference {
  Type: string;
  Value: string;
}

/** Reference types a chat can carry through UpdateContact, with the check of each value. */
const REFERENCE_CHECKS: Record<string, (value: string) => boolean> = {
  URL: (v) => URL.canParse(v),
  STRING: () => true,
  NUMBER: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
  DATE: (v) => !Number.isNaN(Date.parse(v)),
  EMAIL: (v) => /^[^@\s]+@[^@\s]+$/.test(v),
};

/** ListContactReferences answers each reference in the union member named after its type. */
const SUMMARY_MEMBER: Record<string, keyof C.ReferenceSummary> = { URL: 'Url', STRING: 'String', NUMBER: 'Number', DATE: 'Date', EMAIL: 'Email' };

export class ContactOperations {
  constructor(
    private readonly ctx: ChatContext,
    private readonly instances: Instances,
    private readonly contacts: Contacts,
    private readonly transfers: ContactTransfers,
    private readonly router: Router,
    private readonly runner: FlowRunner,
    private readonly streams: ChatStreams,
  ) {}

  async StartContactStreaming(input: C.StartContactStreamingRequest, _ctx: Ctx): Promise<C.StartContactStreamingResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const id = await this.streams.start(instance.id, input.ContactId!, input.ChatStreamingConfiguration!.StreamingEndpointArn!, input.ClientToken);
    return { StreamingId: id };
  }

  async StopContactStreaming(input: C.StopContactStreamingRequest, _ctx: Ctx): Promise<C.StopContactStreamingResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    await this.streams.stop(instance.id, input.ContactId!, input.StreamingId!);
    return {};
  }

  /**
   * Amazon documents TransferContact for tasks and emails; Switchboard also transfers chats with it, as a quick
   * connect does (docs/wire-compatibility.md): a new TRANSFER segment, whose id is answered.
   */
  async TransferContact(input: C.TransferContactRequest, _ctx: Ctx): Promise<C.TransferContactResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const hash = requestHash({ c: input.ContactId, q: input.QueueId, u: input.UserId, f: input.ContactFlowId });
    const outbox = new Outbox();
    const scope = `TransferContact:${instance.id}`;
    const segmentId = await withIdempotencyRace(() => this.ctx.store.transaction(async (tx) => {
      // Looked up first: the contact a repeated request names has ended, moved on by the first one.
      const replay = await replayFor<{ id: string }>(tx, scope, input.ClientToken, hash);
      if (replay) return replay.id;
      const contact = await this.contacts.get(tx, instance.id, input.ContactId!);
      const target = await this.transfers.checkApiTransfer(tx, contact, input.QueueId, input.UserId, input.ContactFlowId!);
      const segment = await this.transfers.transfer(tx, contact, target, input.ContactFlowId, outbox);
      if (input.ClientToken) await recordIdempotent(tx, scope, input.ClientToken, hash, { id: segment.id }, this.ctx.clock.now());
      return segment.id;
    }), async (winner: { id: string }) => winner.id, outbox);
    await flushOutbox(this.ctx, outbox);
    return { ContactId: segmentId, ContactArn: arns.child(this.ctx.settings.arn, instance.id, 'contact', segmentId) };
  }

  async UpdateContactRoutingData(input: C.UpdateContactRoutingDataRequest, _ctx: Ctx): Promise<C.UpdateContactRoutingDataResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    if (input.RoutingCriteria) {
      throw new ChatError('InvalidParameter', 'RoutingCriteria (routing by agent proficiency) is not supported; use QueuePriority and QueueTimeAdjustmentSeconds.');
    }
    await this.ctx.store.transaction(async (tx) => {
      const contact = await this.contacts.get(tx, instance.id, input.ContactId!);
      if (contact.state !== 'ACTIVE') throw new ChatError('Conflict', `Contact ${contact.id} has ended; its routing data can no longer change.`);
      await this.router.updatePriority(tx, contact, input.QueuePriority, input.QueueTimeAdjustmentSeconds);
    });
    // A higher priority or an older age may make the contact the next one to offer.
    await this.router.dispatch(instance.id);
    return {};
  }

  /** Name, description, references and segment attributes of a contact, ongoing or finished (as Amazon allows). */
  async UpdateContact(input: C.UpdateContactRequest, _ctx: Ctx): Promise<C.UpdateContactResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    // API reference: QueueInfo, UserInfo and the endpoints "can only be updated for external audio contacts".
    for (const field of ['QueueInfo', 'UserInfo', 'CustomerEndpoint', 'SystemEndpoint'] as const) {
      if (input[field]) throw new ChatError('InvalidRequest', `${field} can only be updated for external audio contacts, not for a chat.`);
    }
    const references = input.References && checkReferences(input.References);
    await this.ctx.store.transaction(async (tx) => {
      const contact = await this.contacts.get(tx, instance.id, input.ContactId!);
      const data: Record<string, Json> = {};
      if (input.Name !== undefined) data.Name = input.Name;
      if (input.Description !== undefined) data.Description = input.Description;
      if (references) data.References = { ...(contact.flow.contactData.References as Record<string, Json> | undefined), ...references };
      if (Object.keys(data).length) await this.runner.updateContactData(tx, contact, data);
      if (input.SegmentAttributes) {
        await this.contacts.updateSegmentAttributes(tx, contact.id, input.SegmentAttributes as Record<string, SegmentAttributeValue>);
      }
    });
    return {};
  }

  async ListContactReferences(input: C.ListContactReferencesRequest, _ctx: Ctx): Promise<C.ListContactReferencesResponse> {
    const instance = await this.instances.get(input.InstanceId!);
    const contact = await this.contacts.get(this.ctx.store, instance.id, input.ContactId!);
    const stored = (contact.flow.contactData.References ?? {}) as unknown as Record<string, StoredReference>;
    const wanted = new Set<string>(input.ReferenceTypes ?? []);
    const list = Object.entries(stored)
      .filter(([, r]) => wanted.has(r.Type) && SUMMARY_MEMBER[r.Type])
      .map(([name, r]) => ({ [SUMMARY_MEMBER[r.Type]!]: { Name: name, Value: r.Value } }) as unknown as C.ReferenceSummary);
    // Every reference fits one page: a chat carries few, so NextToken is never answered.
    return { ReferenceSummaryList: list };
  }
}

function checkReferences(refs: Record<string, C.Reference>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [name, ref] of Object.entries(refs)) {
    const check = REFERENCE_CHECKS[ref.Type!];
    if (!check) throw new ChatError('InvalidRequest', `Reference ${name}: a chat contact takes URL, STRING, NUMBER, DATE or EMAIL references, not ${ref.Type}.`);
    if (ref.Value === undefined || !check(ref.Value)) throw new ChatError('InvalidParameter', `Reference ${name}: ${JSON.stringify(ref.Value ?? null)} is not a valid ${ref.Type} value.`);
    out[name] = { Type: ref.Type!, Value: ref.Value };
  }
  return out;
}
