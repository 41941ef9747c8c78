// An accessibility scan of what a page shows (axe-core, WCAG 2.x A and AA rules, shadow roots included): fails
// with each serious or critical violation, its rule, its help text and the elements concerned.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const lines = bad.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`).join('\n    ')}`);
    throw new Error(`${what}: ${bad.length} serious or critical accessibility violation(s)\n${lines.join('\n')}`);
  }
}
