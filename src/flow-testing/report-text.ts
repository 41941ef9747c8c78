// A flow test report as people read it in a terminal and in CI logs: each scenario passed or failed with its
// failures, then coverage — blocks entered and branches taken, and every branch no scenario took.
import { relative } from 'node:path';
import type { FlowTestReport } from './flow-test-runner.js';

export function formatReport(report: FlowTestReport, options: { trace?: boolean; cwd?: string } = {}): string {
  const where = (file: string, line: number) => `${relative(options.cwd ?? process.cwd(), file) || file}:${line}`;
  const lines = [`Flow ${report.flow}`];
  for (const s of report.scenarios) {
    lines.push(`  ${s.passed ? 'PASS' : 'FAIL'}  ${s.scenario}  (${where(s.file, s.line)})`);
    for (const f of s.failures) lines.push(`        ${f.replace(s.file, relative(options.cwd ?? process.cwd(), s.file))}`);
    const end = s.ended.state === 'queue' ? `in queue ${s.ended.queue}` : s.ended.state === 'disconnected' ? `disconnected${s.ended.reason ? ` (${s.ended.reason})` : ''}` : 'still in the flow';
    lines.push(`        ended ${end} · the customer saw ${s.messages.length} message(s) · ${s.lambdaCalls.length} Lambda call(s) · ${s.trace.length} trace entries`);
    if (options.trace) {
      for (const e of s.trace) {
        lines.push(`          ${e.Identifier.slice(0, 8)} ${e.ContactFlowModuleType}${e.Results ? ` → ${e.Results}` : ''}${e.ResumedBy ? ` (resumed by ${String(e.ResumedBy)})` : ''}`);
      }
    }
  }
  const c = report.coverage;
  lines.push(`Coverage: ${c.blocksEntered} of ${c.blocks.length} blocks entered, ${c.branchesTaken} of ${c.branchCount} branches taken`);
  for (const b of c.blocks) {
    const missing = b.branches.filter((x) => !x.taken).map((x) => x.label);
    if (!b.entered) lines.push(`  never entered: ${b.type} (${b.id})`);
    else if (missing.length) lines.push(`  not taken:     ${b.type} (${b.id}): ${missing.join(', ')}`);
  }
  const failed = report.scenarios.filter((s) => !s.passed).length;
  lines.push(`${report.scenarios.length} scenario(s): ${report.scenarios.length - failed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}
