// Transfers of a live chat to a queue or an agent, through a quick connect (an agent's action) or TransferContact
// (an API call). Both end the current segment and start a TRANSFER segment that runs the transfer flow, or is
// queued directly when there is none; a connected agent hands the chat over and goes into after-contact work.
import { idFromArnOrId } from '../chat/arns.js';
import type { ChatContext } from '../chat/chat-context.js';
import { ChatError } from '../chat/chat-errors.js';
import { newSegment } from '../chat/contact-chain.js';
import type { Contacts } from '../chat/contacts.js';
import { EventContentType } from '../chat/content-types.js';
import type { Outbox } from '../chat/outbox.js';
import { toWireItem } from '../chat/transcript.js';
import { type FlowRunner, stopRun } from '../contact-flows/flow-runner.js';
import type { ContactRecord, ParticipantRecord, Store } from '../storage/store.js';
import type { InstanceResources } from './instance-resources.js';
import type { QueueData } from './resource-types.js';
import { AGENT_QUEUE_PREFIX, type Router } from './router.js';

export type TransferTarget = { queueId: string } | { userId: string };

export class ContactTransfers {
  constructor(
    private readonly ctx: ChatContext,
    private readonly resources: InstanceResources,
    private readonly contacts: Contacts,
    private readonly router: Router,
    private readonly runner: FlowRunner,
  ) {}

  /**
   * Whether a queue takes a transferred chat (it exists, is enabled and below its maximum of contacts in queue).
   * A refused quick-connect transfer leaves the chat with its agent (transfer.failed); an API transfer is refused.
   */
  async queueAccepts(tx: Store, instanceId: string, queueId: string): Promise<boolean> {
    const queue = await this.resources.find<QueueData>(tx, instanceId, 'queue', queueId);
    const waiting = queue ? (await tx.listContactRoutingInQueue(instanceId, queue.id)).length : 0;
    return !!queue && queue.data.Status !== 'DISABLED' && !(queue.data.MaxContacts && waiting >= queue.data.MaxContacts);
  }

  /** The agent participant connected to this segment, if any. */
  async connectedAgent(tx: Store, contact: ContactRecord): Promise<ParticipantRecord | undefined> {
    return (await tx.listParticipants(contact.initialContactId))
      .find((p) => p.role === 'AGENT' && p.state === 'JOINED' && p.id === contact.agentInfo?.participantId);
  }

  /**
   * Moves the chat to a new TRANSFER segment bound for `target`, running `flowId` when given (a transfer flow reads
   * the target set here, as Amazon's Transfer to queue block does), else queueing it at once.
   */
  async transfer(tx: Store, contact: ContactRecord, target: TransferTarget, flowId: string | undefined, outbox: Outbox): Promise<ContactRecord> {
    const { clock, transcript } = this.ctx;
    const agent = await this.connectedAgent(tx, contact);
    const succeeded = await transcript.append(tx, {
      contactId: contact.id, initialContactId: contact.initialContactId, type: 'EVENT', contentType: EventContentType.transferSucceeded, from: agent,
    });
    outbox.push({ item: toWireItem(succeeded) });
    if (agent && contact.agentInfo) {
      await this.contacts.leave(tx, contact, agent, outbox);
      outbox.pushes[outbox.pushes.length - 1]!.closeFor = [agent.id];
      const { userId } = contact.agentInfo;
      await tx.upsertAgentContact({ userId, contactId: contact.id, instanceId: contact.instanceId, state: 'ACW', since: clock.now(), expiresAt: null });
      outbox.notifyAgent(userId, { type: 'contact.acw', contactId: contact.id });
    }
    // Whatever the segment was doing stops: its place in a queue, offers to agents, its flows.
    await this.router.release(tx, contact, outbox);
    await stopRun(tx, contact.id, 'main');
    await this.contacts.endSegment(tx, contact, agent ? 'AGENT_DISCONNECT' : null);
    const runFlow = flowId ? idFromArnOrId(flowId) : undefined;
    const segment = await newSegment(tx, this.ctx, contact, 'TRANSFER', runFlow ?? contact.contactFlowId);
    await this.contacts.scheduleExpiry(tx, segment);
    await this.runner.setTarget(tx, segment, target);
    const fresh = (await tx.getContact(segment.id))!;
    if (runFlow && (await tx.getFlow(contact.instanceId, runFlow))) await this.runner.start(tx, fresh, 'main', runFlow, outbox);
    else await this.runner.enqueue(tx, fresh, 'queueId' in target ? target.queueId : AGENT_QUEUE_PREFIX + target.userId, outbox);
    return segment;
  }

  /** TransferContact's checks for a chat: live, one target that exists, a flow of a type that can transfer. */
  async checkApiTransfer(tx: Store, contact: ContactRecord, queueId: string | undefined, userId: string | undefined, flowId: string): Promise<TransferTarget> {
    if (contact.state !== 'ACTIVE') throw new ChatError('InvalidRequest', `Contact ${contact.id} is not active: only active contacts can be transferred.`);
    if (!queueId === !userId) throw new ChatError('InvalidRequest', 'Give exactly one of QueueId and UserId.');
    const flow = await tx.getFlow(contact.instanceId, idFromArnOrId(flowId));
    if (!flow) throw new ChatError('NotFound', `Contact flow ${flowId} not found.`);
    // API reference: "The following contact flow types are supported: Inbound flow, Transfer to agent flow, and Transfer to queue flow."
    if (!['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'].includes(flow.type)) {
      throw new ChatError('InvalidRequest', `Contact flow ${flow.name} is a ${flow.type} flow; a transfer runs an inbound, agent transfer or queue transfer flow.`);
    }
    if (userId) return { userId: (await this.resources.get(tx, contact.instanceId, 'user', userId)).id };
    const queue = await this.resources.get(tx, contact.instanceId, 'queue', queueId!);
    if (!(await this.queueAccepts(tx, contact.instanceId, queue.id))) {
      throw new ChatError('QuotaExceeded', `Queue ${queue.name} is disabled or at its maximum of contacts.`);
    }
    return { queueId: queue.id };
  }
}
