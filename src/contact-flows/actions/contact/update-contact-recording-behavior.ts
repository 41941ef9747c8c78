// UpdateContactRecordingBehavior (Set recording and analytics behavior): recorded on the contact; chat
// transcripts are always kept, so it changes nothing else in chat.
import type { ActionModule } from '../../flow-types.js';

export const updateContactRecordingBehavior: ActionModule = {
  type: 'UpdateContactRecordingBehavior',
  category: 'contact',
  conditions: 'none',
  run(ctx) {
    ctx.emit({ type: 'record', key: 'recordingBehavior', value: ctx.action.Parameters.RecordingBehavior ?? null });
    return { next: true };
  },
};
