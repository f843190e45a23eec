import type { QualityFinding } from './quality-report.js';
import type { QualityRule } from './quality-settings.js';

/** A finding before its rule's configured severity is attached. */
export type Draft = Omit<QualityFinding, 'severity'>;

export function finding(
  rule: QualityRule,
  column: string | null,
  message: string,
  value: number | null = null,
  limit: number | null = null,
): Draft {
  return { rule, column, message: `${rule}: ${message}`, value, limit };
}

export function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
