// UpdateContactData (Set contact properties): Name, Description, LanguageCode, CustomerId, References…
import type { ActionModule } from '../../flow-types.js';

const FIELDS = ['Name', 'Description', 'LanguageCode', 'CustomerId', 'References', 'TargetContact'];

export const updateContactData: ActionModule = {
  type: 'UpdateContactData',
  category: 'contact',
  conditions: 'none',
  check: (a) => (Object.keys(a.Parameters).some((k) => FIELDS.includes(k) || k.startsWith('Voice'))
    ? []
    : [`${a.Identifier} (${a.Type}): at least one of ${FIELDS.join(', ')} is required.`]),
  run(ctx) {
    const fields: Record<string, unknown> = {};
    for (const key of ['Name', 'Description', 'LanguageCode', 'CustomerId'] as const) {
      const v = ctx.text(ctx.action.Parameters[key]);
      if (v === undefined) continue;
      fields[key] = v;
      const prop = (key.charAt(0).toLowerCase() + key.slice(1)) as 'name' | 'description' | 'languageCode' | 'customerId';
      ctx.data[prop] = v;
    }
    if (ctx.action.Parameters.References !== undefined) fields.References = ctx.action.Parameters.References;
    ctx.emit({ type: 'updateContactData', fields });
    return { next: true };
  },
};
