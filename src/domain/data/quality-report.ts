import type { Horizon } from '../horizon.js';
import type { QualityRule } from './quality-settings.js';

/** One thing a rule found. `value` and `limit` are the numbers the message names. */
export interface QualityFinding {
  readonly rule: QualityRule;
  readonly severity: 'blocking' | 'warning';
  readonly column: string | null;
  readonly message: string;
  readonly value: number | null;
  readonly limit: number | null;
}

/** The verdict on one training table. */
export interface QualityReport {
  readonly table: string;
  readonly horizon: Horizon;
  readonly rows: number;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  /** False when any blocking finding exists. */
  readonly passed: boolean;
  readonly findings: readonly QualityFinding[];
}

/** The first blocking finding of the reports, to name in the failure. */
export function firstBlocking(
  reports: readonly QualityReport[],
): { readonly report: QualityReport; readonly finding: QualityFinding } | undefined {
  for (const report of reports) {
    const finding = report.findings.find((f) => f.severity === 'blocking');
    if (finding) return { report, finding };
  }
  return undefined;
}
