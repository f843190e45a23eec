import type { Frequency, Horizon } from '../horizon.js';
import type { QualityFinding, QualityReport, QualityVerdict } from './quality-report.js';
import { judgeTable } from './quality-rules.js';
import type { QualitySettings } from './quality-settings.js';
import { checkRows, RowVerdicts, trimBeforeLastGap, type CheckedColumn } from './row-rules.js';
import { profileColumns, type ProfileInputColumn } from './table-profile.js';
import { globPattern, setAsideIdentifiers, type TableRoles } from './table-roles.js';
import type { TargetKind } from './target-lead.js';
import { trustTargets } from './target-trust.js';

/** A training table as the audit reads it: every column, rows in date order. */
export interface AuditInput {
  readonly table: string;
  readonly horizon: Horizon;
  readonly frequency: Frequency;
  /** The horizon's periods at the table's frequency (1w = 5 trading days, 1m = 1 month...). */
  readonly nominalPeriods: number;
  readonly roles: TableRoles;
  readonly columns: readonly ProfileInputColumn[];
}

/** The quality report, and what training and forecasting may use of the table. */
export interface TableAudit {
  readonly report: QualityReport;
  /** The roles training and forecasting use: the given ones, ids set aside. */
  readonly roles: TableRoles;
  readonly dates: readonly string[];
  readonly price: Float64Array;
  /** The target in price units (a return target converted), NaN where unknown. */
  readonly target: Float64Array;
  readonly targetKind: TargetKind;
  /** Rows between a row and the row its target is (measured for a table's own target). */
  readonly lead: number;
  /** 1 for a row every rule trusts. */
  readonly trustedRows: Uint8Array;
  /** 1 for a row whose target is known and trusted. */
  readonly trustedTargets: Uint8Array;
}

/**
 * Judges a training table of any schema: the row rules first (what they cannot trust is
 * trimmed, or blocks the horizon, per rule), then the target (its real lead and which targets
 * can be trusted), then the table rules over the rows that are left. Pure: `now` is the run's
 * instant (freshness).
 */
export function auditTable(input: AuditInput, settings: QualitySettings, now: Date): TableAudit {
  // a text column unique on every row is an id, never a feature (unless the ids rule is off)
  const roles = settings.severity.ids === 'off' ? input.roles : setAsideIdentifiers(input.roles, input.columns);
  const dates = dateValues(input);
  const n = dates.length > 0 ? dates.length : rowCount(input.columns);
  const numbers = new Map(
    input.columns.flatMap((c) => (c.kind === 'number' ? [[c.name, c.values] as const] : [])),
  );
  const price = (roles.priceColumn === null ? undefined : numbers.get(roles.priceColumn)) ?? nan(n);
  const rawTarget = (roles.targetColumn === null ? undefined : numbers.get(roles.targetColumn)) ?? nan(n);
  const verdicts = new RowVerdicts(dates, settings);
  const levelPatterns = settings.levelColumns.map(globPattern);
  const numeric: CheckedColumn[] = [...numbers].map(([name, values]) => ({ name, values }));
  trimBeforeLastGap(verdicts, input.frequency, settings);
  checkRows(
    verdicts,
    {
      frequency: input.frequency,
      price:
        roles.priceColumn !== null && numbers.has(roles.priceColumn)
          ? { name: roles.priceColumn, values: price }
          : undefined,
      numeric: numeric.filter((c) => c.name === roles.priceColumn || c.name === roles.targetColumn || roles.features.includes(c.name)),
      levelColumns: numeric.filter(
        (c) => roles.features.includes(c.name) && levelPatterns.some((p) => p.test(c.name)),
      ),
    },
    settings,
  );
  const targets = trustTargets(
    verdicts,
    {
      horizon: input.horizon,
      nominal: input.nominalPeriods,
      priceName: roles.priceColumn ?? 'price',
      targetName: roles.targetColumn ?? roles.expectedTarget,
      price,
      rawTarget,
    },
    settings,
  );
  const trustedRows = verdicts.usable();
  const profile = profileColumns({
    table: input.table,
    horizon: input.horizon,
    frequency: input.frequency,
    periods: targets.lead,
    roles,
    columns: input.columns.map((c) => keepRows(c, trustedRows)),
    targetNulls: targets.nulls,
    calendar: dates,
    sentinels: settings.sentinels,
    maxLeakageLead: settings.leakageMaxLead,
  });
  const findings: QualityFinding[] = [...verdicts.findings, ...judgeTable(profile, settings, now)];
  const droppedFeatures = findings
    .filter((f) => f.rule === 'stale_features' && f.severity === 'trim')
    .flatMap((f) => f.columns ?? (f.column === null ? [] : [f.column]));
  const trustedTargetCount = count(targets.trusted);
  noteTrimmedBelowMinimum(findings, { table: input.table, targets: trustedTargetCount, minRows: settings.minRows[input.frequency] }, settings);
  const blocked = findings.some((f) => f.severity === 'blocking');
  const trimmed =
    count(trustedRows) < n ||
    droppedFeatures.length > 0 ||
    findings.some((f) => f.severity === 'trim' && (f.rows ?? f.targetRows) !== undefined);
  const verdict: QualityVerdict = blocked ? 'blocked' : trimmed ? 'trimmed' : 'passed';
  const lastTrusted = lastIndexOf(trustedRows);
  const report: QualityReport = {
    table: input.table,
    horizon: input.horizon,
    rows: n,
    firstDate: dates[0] ?? null,
    lastDate: dates[n - 1] ?? null,
    passed: !blocked,
    verdict,
    trustedRows: count(trustedRows),
    trustedTargets: trustedTargetCount,
    lastTrustedDate: lastTrusted < 0 ? null : (dates[lastTrusted] ?? null),
    roles: {
      date: roles.dateColumn,
      price: roles.priceColumn,
      target: roles.targetColumn,
      other_targets: roles.otherTargets,
      features: roles.features.length,
      categorical: roles.categorical,
      excluded: roles.excluded,
      ids: roles.identifiers,
    },
    target: targets.report,
    droppedFeatures,
    findings,
  };
  return {
    report,
    roles,
    dates,
    price,
    target: targets.target,
    targetKind: targets.kind,
    lead: targets.lead,
    trustedRows,
    trustedTargets: targets.trusted,
  };
}

function dateValues(input: AuditInput): readonly string[] {
  const column = input.columns.find((c) => c.name === input.roles.dateColumn && c.kind === 'date');
  return column?.kind === 'date' ? column.values.map((d) => d ?? '') : [];
}

function rowCount(columns: readonly ProfileInputColumn[]): number {
  for (const column of columns) if (column.kind !== 'other') return column.values.length;
  return 0;
}

function nan(n: number): Float64Array {
  return new Float64Array(n).fill(Number.NaN);
}

function keepRows(column: ProfileInputColumn, keep: Uint8Array): ProfileInputColumn {
  if (column.kind === 'other') return column;
  if (column.kind === 'number') return { ...column, values: column.values.filter((_, i) => keep[i] === 1) };
  return { ...column, values: column.values.filter((_, i) => keep[i] === 1) };
}

function count(mask: Uint8Array): number {
  let total = 0;
  for (const v of mask) total += v;
  return total;
}

function lastIndexOf(mask: Uint8Array): number {
  for (let i = mask.length - 1; i >= 0; i -= 1) if (mask[i] === 1) return i;
  return -1;
}

/**
 * A table whose trusted rows, or rows with a trusted target, fall below `minRows` cannot be
 * trained on: the min_rows finding says so and names the rules whose trimming got it there.
 */
function noteTrimmedBelowMinimum(
  findings: QualityFinding[],
  counts: { readonly table: string; readonly targets: number; readonly minRows: number },
  settings: QualitySettings,
): void {
  const severity = settings.severity.min_rows;
  if (severity === 'off') return;
  const trimming = [...new Set(findings.filter((f) => f.severity === 'trim' && f.column !== undefined).map((f) => f.rule))];
  const note = trimming.length > 0 ? ` (after trimming by ${trimming.join(', ')})` : '';
  const existing = findings.findIndex((f) => f.rule === 'min_rows');
  const found = findings[existing];
  if (found !== undefined) {
    findings[existing] = { ...found, message: `${found.message}${note}` };
    return;
  }
  if (counts.targets >= counts.minRows) return;
  findings.push({
    rule: 'min_rows',
    severity: severity === 'blocking' ? 'blocking' : 'warning',
    column: null,
    message: `min_rows: only ${counts.targets} rows of ${counts.table} have a target that can be trusted, fewer than ${counts.minRows}${note}`,
    value: counts.targets,
    limit: counts.minRows,
  });
}
