import { EXIT } from '../exit-codes.js';

/** ok; warn: works, but something will bite; fail: a night will fail or not happen; skip: not applicable here. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** The doctor's checks, in the order they are printed. */
export const DOCTOR_CHECKS = [
  'runtime',
  'boosters',
  'home',
  'disk',
  'jobs',
  'linger',
  'wake',
  'power',
  'time_zones',
  'job_secrets',
  'warehouse',
  'alerts',
  'last_success',
] as const;

export type DoctorCheckId = (typeof DOCTOR_CHECKS)[number];

/** One check's verdict: what was seen and, unless ok, what to do. */
export interface CheckResult {
  readonly id: DoctorCheckId;
  readonly status: CheckStatus;
  /** What was found, in one line. */
  readonly detail: string;
  /** What to do about it (a command where there is one). */
  readonly fix?: string | undefined;
}

export interface DoctorReport {
  readonly checks: readonly CheckResult[];
  readonly counts: Readonly<Record<CheckStatus, number>>;
  /** The worst status seen (skip counts as ok). */
  readonly status: 'ok' | 'warn' | 'fail';
  /** 0 when nothing fails (warnings included), else 1. */
  readonly exitCode: number;
}

const TITLES: Readonly<Record<DoctorCheckId, string>> = {
  runtime: 'Node and cbi-autopilot',
  boosters: 'booster libraries',
  home: 'home folders',
  disk: 'free disk space',
  jobs: 'OS jobs',
  linger: 'runs without a login',
  wake: 'wake schedule',
  power: 'power settings',
  time_zones: 'time zones',
  job_secrets: "the jobs' secrets",
  warehouse: 'warehouse',
  alerts: 'alert channels',
  last_success: 'last success',
};

/** The human title of a check. */
export function checkTitle(id: DoctorCheckId): string {
  return TITLES[id];
}

/** Folds the checks into the report, in DOCTOR_CHECKS order; the exit code is 0 unless one fails. */
export function doctorReport(checks: readonly CheckResult[]): DoctorReport {
  const ordered = [...checks].sort((a, b) => DOCTOR_CHECKS.indexOf(a.id) - DOCTOR_CHECKS.indexOf(b.id));
  const counts = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of ordered) counts[check.status] += 1;
  const status = counts.fail > 0 ? 'fail' : counts.warn > 0 ? 'warn' : 'ok';
  return { checks: ordered, counts, status, exitCode: status === 'fail' ? EXIT.failed : EXIT.success };
}
