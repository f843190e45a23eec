import { checkTitle, type DoctorReport } from '../../domain/doctor/doctor-report.js';

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' } as const;

/** The doctor's report for a person: one line per check, its fix under it, a summary last. */
export function formatDoctor(report: DoctorReport): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]}  ${checkTitle(check.id)}: ${check.detail}`);
    if (check.fix !== undefined && check.status !== 'ok') lines.push(`      fix: ${check.fix}`);
  }
  const { ok, warn, fail, skip } = report.counts;
  lines.push('', `${ok} ok, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failed, ${skip} skipped`);
  return `${lines.join('\n')}\n`;
}
