// What a domain transaction leaves to do once it has committed: socket pushes (the bus is at-most-once and
// only wakes sockets) and follow-up work such as routing dispatch or a Lambda call, which must never run
// inside a store transaction.
import type { ChatContext } from './chat-context.js';
import type { ChatPush } from './transcript.js';

export class Outbox {
  readonly pushes: ChatPush[] = [];
  readonly tasks: (() => Promise<void>)[] = [];
  /** Messages for agent channels: agent:<userId>. */
  readonly agentNotices: { userId: string; notice: Record<string, unknown> }[] = [];

  push(p: ChatPush): void {
    this.pushes.push(p);
  }

  after(task: () => Promise<void>): void {
    this.tasks.push(task);
  }

  notifyAgent(userId: string, notice: Record<string, unknown>): void {
    this.agentNotices.push({ userId, notice });
  }

  /** Forgets everything: the transaction that filled it did not commit (a ClientToken another request took). */
  discard(): void {
    this.pushes.length = 0;
    this.tasks.length = 0;
    this.agentNotices.length = 0;
  }
}

export const agentChannel = (userId: string) => `agent:${userId}`;

/**
 * Publishes the pushes and agent notices, then hands the follow-up tasks to ctx.followUps, which runs them in the
 * background one after another: an API answer never waits for a Lambda or a routing round. Failures are logged,
 * never thrown; what a lost task would have done is recovered from the store (routing re-runs on the timer beat, a
 * Lambda wait times out).
 */
export async function flushOutbox(ctx: ChatContext, outbox: Outbox): Promise<void> {
  await ctx.transcript.push(outbox.pushes.splice(0));
  for (const { userId, notice } of outbox.agentNotices.splice(0)) {
    await ctx.bus.publish(agentChannel(userId), notice).catch(() => {});
  }
  await ctx.followUps.run(outbox.tasks.splice(0));
}
