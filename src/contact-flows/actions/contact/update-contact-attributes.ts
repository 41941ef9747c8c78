// UpdateContactAttributes (Set contact attributes): all-or-nothing; the result must stay within the 32 KB
// attribute limit, else the error branch. TargetContact "Related" writes to the related contact.
import type { ActionModule } from '../../flow-types.js';
import { isObject, oneOf } from '../action-helpers.js';

const MAX_BYTES = 32_768;
const KEY = /^[A-Za-z0-9_-]+$/;

export const updateContactAttributes: ActionModule = {
  type: 'UpdateContactAttributes',
  category: 'contact',
  conditions: 'none',
  check: (a) => [
    ...(isObject(a.Parameters.Attributes) ? [] : [`${a.Identifier} (${a.Type}): Attributes must be an object.`]),
    ...oneOf(a, 'TargetContact', ['Current', 'Related']),
    ...Object.keys(isObject(a.Parameters.Attributes) ? a.Parameters.Attributes : {}).filter((k) => !KEY.test(k))
      .map((k) => `${a.Identifier} (${a.Type}): attribute key '${k}' may contain only alphanumeric, dash and underscore characters.`),
  ],
  run(ctx) {
    const target = ctx.action.Parameters.TargetContact === 'Related' ? 'Related' : 'Current';
    const updates: Record<string, string> = {};
    for (const [k, v] of Object.entries((ctx.action.Parameters.Attributes as Record<string, unknown>) ?? {})) {
      updates[k] = ctx.text(v) ?? '';
    }
    if (target === 'Related' && !ctx.data.relatedAttributes) return { error: 'NoMatchingError' };
    const merged = { ...(target === 'Current' ? ctx.data.attributes : ctx.data.relatedAttributes), ...updates };
    const bytes = Object.entries(merged).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    if (bytes > MAX_BYTES) return { error: 'NoMatchingError' };
    if (target === 'Current') ctx.data.attributes = merged;
    else ctx.data.relatedAttributes = merged;
    ctx.emit({ type: 'setAttributes', attributes: updates, target });
    return { next: true };
  },
};
