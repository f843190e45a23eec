import type { Frequency, Horizon } from '../horizon.js';
import type { ColumnKind, TableRoles } from './table-roles.js';
import {
  futureMoveLeads,
  futureMoves,
  strongestFutureCorrelation,
  type FutureMoveCorrelation,
  type FutureMoves,
} from './future-move-correlation.js';
import { monthNumber } from './trading-calendar.js';

/** The role a column plays in a training table. */
export type ColumnRole = 'date' | 'price' | 'target' | 'other_target' | 'feature' | 'excluded';

/** The best match of a feature against the target or a future value of the priced series. */
export interface LeakageMatch {
  /** `target_3m`, or `zl_price+2` for the price two rows later. */
  readonly against: string;
  /** Share of rows (where both have a value) on which they are equal. */
  readonly share: number;
  readonly pairs: number;
}

export interface ColumnProfile {
  readonly name: string;
  /** The warehouse's type name (DATE, DOUBLE, VARCHAR). */
  readonly type: string;
  readonly kind: ColumnKind;
  readonly role: ColumnRole;
  readonly nulls: number;
  /** Nulls after the last value (rows ordered by date); equals `nulls` for an all-null column. */
  readonly trailingNulls: number;
  /** Distinct non-null values, counted up to 3 (enough to tell constant from not). */
  readonly distinct: number;
  /** Longest run of one repeated non-null value in date order. */
  readonly longestRun: {
    readonly length: number;
    readonly value: number;
    readonly startDate: string | null;
    /** The date of its last row: the table's last date when the value is carried to the end. */
    readonly endDate: string | null;
  } | null;
  /**
   * For a column of a daily table whose value only ever changes on a month's first row (a
   * monthly series held through its month, the season features): its longest run counted in
   * calendar months. Null otherwise (a monthly table, a column that moves within months).
   */
  readonly monthlyRun: {
    readonly months: number;
    readonly value: number;
    readonly startDate: string | null;
  } | null;
  /** Occurrences of each configured sentinel value that occurs at all. */
  readonly sentinelHits: readonly { readonly value: number; readonly count: number }[];
  /** Date of the last non-null value. */
  readonly lastValidDate: string | null;
  readonly leakage: LeakageMatch | null;
  /** A feature's strongest correlation with the price's move over the next rows (leakage beyond equality). */
  readonly futureMove?: FutureMoveCorrelation | null;
}

/**
 * What the table rules need to know about a training table (rows ordered by date): computed
 * from the rows the row rules trust, so the table rules judge what the night would train on.
 */
export interface TableProfile {
  readonly table: string;
  readonly horizon: Horizon;
  readonly frequency: Frequency;
  /** The target's lead in rows (measured, or the horizon's periods). */
  readonly periods: number;
  readonly rows: number;
  readonly dateColumn: string | null;
  readonly priceColumn: string | null;
  /** The target column, or null when missing (`expectedTarget` names it). */
  readonly targetColumn: string | null;
  readonly expectedTarget: string;
  /** Every profiled (trusted) row's date (YYYY-MM-DD) in order; empty when there is no date column. */
  readonly dates: readonly string[];
  /**
   * Every row's date, trimmed ones too: gaps, coverage and duplicates are about the calendar the
   * table holds (a trimmed row is not a missing day). Defaults to `dates`.
   */
  readonly calendar: readonly string[];
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  /** Dates that occur more than once (each listed once). */
  readonly duplicateDates: readonly string[];
  /** Rows whose target is null although the row it looks ahead to is there and trusted. */
  readonly targetNulls: number;
  readonly columns: readonly ColumnProfile[];
  /** Id columns (text unique on every row, whole numbers in step with the rows), left out of the features (roles' `identifiers`). */
  readonly identifiers: readonly string[];
  /** The date column's times of day, when it holds timestamps that are not midnight (UTC). */
  readonly intraday: IntradayTimes | null;
}

/** A timestamp column's rows that carry a time of day: they are dated by their UTC day. */
export interface IntradayTimes {
  /** Rows whose timestamp is not midnight UTC. */
  readonly rows: number;
  /** The first such timestamp, ISO 8601. */
  readonly example: string;
}

/** A column read from the warehouse: numbers as Float64Array with NaN for null. */
export type ProfileInputColumn =
  | { readonly name: string; readonly type: string; readonly kind: 'number'; readonly values: Float64Array }
  | {
      readonly name: string;
      readonly type: string;
      readonly kind: 'date' | 'text';
      readonly values: readonly (string | null)[];
      /** A date column read from timestamps that carry a time of day (values are their UTC days). */
      readonly intraday?: IntradayTimes | undefined;
    }
  | { readonly name: string; readonly type: string; readonly kind: 'other' };

export interface ProfileInput {
  readonly table: string;
  readonly horizon: Horizon;
  readonly frequency: Frequency;
  readonly periods: number;
  readonly roles: TableRoles;
  /** Columns with rows ordered by date. */
  readonly columns: readonly ProfileInputColumn[];
  readonly targetNulls: number;
  /** Every row's date when `columns` hold only some rows (the trusted ones). */
  readonly calendar?: readonly string[];
  /** Values that mean "missing" in some publishers' files (-999...). */
  readonly sentinels: readonly number[];
  /** Largest lead of the price column checked for leakage (periods). */
  readonly maxLeakageLead: number;
}

const EQUAL_TOLERANCE = 1e-9;

/** Computes a TableProfile from columns (pure; any adapter that can read columns can use it). */
export function profileColumns(input: ProfileInput): TableProfile {
  const { roles } = input;
  const dateInput = input.columns.find((c) => c.name === roles.dateColumn && c.kind === 'date');
  const dates = dateInput?.kind === 'date' ? dateInput.values.map((d) => d ?? '') : [];
  const price = roles.priceColumn === null ? undefined : numeric(input, roles.priceColumn);
  const target = roles.targetColumn === null ? undefined : numeric(input, roles.targetColumn);
  const compareTo: { readonly against: string; readonly values: Float64Array }[] = [];
  if (target && roles.targetColumn !== null) compareTo.push({ against: roles.targetColumn, values: target });
  if (price && roles.priceColumn !== null) {
    for (let lead = 1; lead <= input.maxLeakageLead; lead += 1) {
      compareTo.push({ against: `${roles.priceColumn}+${lead}`, values: shiftForward(price, lead) });
    }
  }
  const future =
    price && roles.priceColumn !== null
      ? futureMoves(roles.priceColumn, price, futureMoveLeads(input.periods, input.maxLeakageLead))
      : undefined;
  const roleOf = columnRoles(roles);
  const columns = input.columns.map((column): ColumnProfile => {
    const role = roleOf.get(column.name) ?? 'excluded';
    if (column.kind === 'number')
      return numberProfile(
        column,
        role,
        dates,
        input.sentinels,
        role === 'feature' ? compareTo : [],
        input.frequency,
        role === 'feature' ? future : undefined,
      );
    if (column.kind === 'date' || column.kind === 'text') return textProfile(column, role, dates);
    return emptyProfile(column, role);
  });
  const calendar = input.calendar ?? dates;
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const date of calendar) {
    if (seen.has(date)) duplicates.add(date);
    seen.add(date);
  }
  const sorted = dates.filter((d) => d !== '').sort();
  return {
    table: input.table,
    horizon: input.horizon,
    frequency: input.frequency,
    periods: input.periods,
    rows: dates.length > 0 ? dates.length : rowCount(input.columns),
    dateColumn: dateInput ? dateInput.name : null,
    priceColumn: roles.priceColumn,
    targetColumn: roles.targetColumn,
    expectedTarget: roles.expectedTarget,
    dates,
    calendar,
    firstDate: sorted[0] ?? null,
    lastDate: sorted[sorted.length - 1] ?? null,
    duplicateDates: [...duplicates],
    targetNulls: input.targetNulls,
    columns,
    identifiers: roles.identifiers,
    intraday: dateInput?.kind === 'date' ? (dateInput.intraday ?? null) : null,
  };
}

function columnRoles(roles: TableRoles): Map<string, ColumnRole> {
  const map = new Map<string, ColumnRole>();
  for (const name of roles.features) map.set(name, 'feature');
  for (const name of roles.otherTargets) map.set(name, 'other_target');
  if (roles.dateColumn !== null) map.set(roles.dateColumn, 'date');
  if (roles.priceColumn !== null) map.set(roles.priceColumn, 'price');
  if (roles.targetColumn !== null) map.set(roles.targetColumn, 'target');
  return map;
}

function rowCount(columns: readonly ProfileInputColumn[]): number {
  for (const column of columns) if (column.kind !== 'other') return column.values.length;
  return 0;
}

function textProfile(
  column: { readonly name: string; readonly type: string; readonly kind: 'date' | 'text'; readonly values: readonly (string | null)[] },
  role: ColumnRole,
  dates: readonly string[],
): ColumnProfile {
  let nulls = 0;
  let lastValid = -1;
  const distinct = new Set<string>();
  column.values.forEach((value, i) => {
    if (value === null) {
      nulls += 1;
      return;
    }
    lastValid = i;
    if (distinct.size < 3) distinct.add(value);
  });
  return {
    ...emptyProfile(column, role),
    nulls,
    trailingNulls: column.values.length - 1 - lastValid,
    distinct: distinct.size,
    lastValidDate: lastValid >= 0 ? (dates[lastValid] ?? null) : null,
  };
}

function numeric(input: ProfileInput, name: string): Float64Array | undefined {
  const column = input.columns.find((c) => c.name === name);
  return column?.kind === 'number' ? column.values : undefined;
}

function emptyProfile(
  column: { readonly name: string; readonly type: string; readonly kind: ColumnKind },
  role: ColumnRole,
): ColumnProfile {
  return {
    name: column.name,
    type: column.type,
    kind: column.kind,
    role,
    nulls: 0,
    trailingNulls: 0,
    distinct: 0,
    longestRun: null,
    monthlyRun: null,
    sentinelHits: [],
    lastValidDate: null,
    leakage: null,
  };
}

function numberProfile(
  column: { readonly name: string; readonly type: string; readonly values: Float64Array },
  role: ColumnRole,
  dates: readonly string[],
  sentinels: readonly number[],
  compareTo: readonly { readonly against: string; readonly values: Float64Array }[],
  frequency: Frequency,
  future: FutureMoves | undefined,
): ColumnProfile {
  const values = column.values;
  let nulls = 0;
  let lastValid = -1;
  const distinct = new Set<number>();
  let best: { length: number; value: number; start: number } | null = null;
  let runStart = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] ?? Number.NaN;
    if (Number.isNaN(value)) {
      nulls += 1;
      runStart = i + 1;
      continue;
    }
    lastValid = i;
    if (distinct.size < 3) distinct.add(value);
    if (i > runStart && values[i - 1] !== value) runStart = i;
    const length = i - runStart + 1;
    if (best === null || length > best.length) best = { length, value, start: runStart };
  }
  const sentinelHits = sentinels
    .map((sentinel) => ({ value: sentinel, count: values.filter((v) => v === sentinel).length }))
    .filter((hit) => hit.count > 0);
  let leakage: LeakageMatch | null = null;
  for (const other of compareTo) {
    const match = equalShare(values, other.values);
    if (match.share > 0 && (leakage === null || match.share > leakage.share))
      leakage = { against: other.against, ...match };
  }
  return {
    name: column.name,
    type: column.type,
    kind: 'number',
    role,
    nulls,
    trailingNulls: values.length - 1 - lastValid,
    distinct: distinct.size,
    longestRun:
      best === null
        ? null
        : {
            length: best.length,
            value: best.value,
            startDate: dates[best.start] ?? null,
            endDate: dates[best.start + best.length - 1] ?? null,
          },
    monthlyRun: frequency === 'daily' ? monthlySteps(values, dates) : null,
    sentinelHits,
    lastValidDate: lastValid >= 0 ? (dates[lastValid] ?? null) : null,
    leakage,
    futureMove: future === undefined ? null : strongestFutureCorrelation(values, future),
  };
}

function equalShare(a: Float64Array, b: Float64Array): { share: number; pairs: number } {
  let pairs = 0;
  let equal = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a[i] ?? Number.NaN;
    const y = b[i] ?? Number.NaN;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    pairs += 1;
    if (Math.abs(x - y) <= EQUAL_TOLERANCE * Math.max(1, Math.abs(y))) equal += 1;
  }
  return { share: pairs === 0 ? 0 : equal / pairs, pairs };
}

function shiftForward(values: Float64Array, lead: number): Float64Array {
  const shifted = new Float64Array(values.length).fill(Number.NaN);
  shifted.set(values.subarray(lead), 0);
  return shifted;
}

/**
 * The longest run in calendar months of a column that changes value only where the month
 * changes, and in at least half of its months (a monthly series; a placeholder that happens to
 * end on a month's first row is not one). Null otherwise, or when there are no dates to tell.
 */
function monthlySteps(
  values: Float64Array,
  dates: readonly string[],
): { readonly months: number; readonly value: number; readonly startDate: string | null } | null {
  if (dates.length !== values.length || values.length === 0) return null;
  let best: { months: number; value: number; start: number } | null = null;
  let runStart = -1;
  let steps = 0;
  let first = '';
  let last = '';
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] ?? Number.NaN;
    if (Number.isNaN(value)) {
      runStart = -1;
      continue;
    }
    const month = (dates[i] ?? '').slice(0, 7);
    if (first === '') first = dates[i] ?? '';
    last = dates[i] ?? '';
    if (runStart < 0) runStart = i;
    else if (values[i - 1] !== value) {
      if ((dates[i - 1] ?? '').slice(0, 7) === month) return null;
      steps += 1;
      runStart = i;
    }
    const months = monthNumber(dates[i] ?? '') - monthNumber(dates[runStart] ?? '') + 1;
    if (best === null || months > best.months) best = { months, value, start: runStart };
  }
  if (best === null || steps * 2 < monthNumber(last) - monthNumber(first)) return null;
  return { months: best.months, value: best.value, startDate: dates[best.start] ?? null };
}
