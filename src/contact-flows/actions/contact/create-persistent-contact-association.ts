// CreatePersistentContactAssociation (Create persistent contact association): continues the current chat from a
// past one (RehydrationType ENTIRE_PAST_SESSION or FROM_SEGMENT, SourceContactId static or dynamic). Chat only;
// other channels, and any rule the source breaks (not ended, already continued, unknown), take NoMatchingError.
import type { ActionModule } from '../../flow-types.js';
import { oneOf, requireParam } from '../action-helpers.js';

export const createPersistentContactAssociation: ActionModule = {
  type: 'CreatePersistentContactAssociation',
  category: 'contact',
  conditions: 'none',
  check: (a) => [...oneOf(a, 'RehydrationType', ['ENTIRE_PAST_SESSION', 'FROM_SEGMENT'], true), ...requireParam(a, 'SourceContactId')],
  async run(ctx) {
    if (ctx.data.channel !== 'CHAT') return { error: 'NoMatchingError' };
    const type = ctx.text(ctx.action.Parameters.RehydrationType);
    const source = ctx.text(ctx.action.Parameters.SourceContactId);
    if ((type !== 'ENTIRE_PAST_SESSION' && type !== 'FROM_SEGMENT') || !source) return { error: 'NoMatchingError' };
    const continued = await ctx.env.persistentSource(type, source);
    if (!continued) return { error: 'NoMatchingError' };
    ctx.emit({ type: 'persistentAssociation', rehydrationType: type, sourceContactId: source });
    return { next: true };
  },
};
