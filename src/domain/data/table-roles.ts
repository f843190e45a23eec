import { HORIZONS, type Horizon } from '../horizon.js';

/**
 * How the columns of a training table are given their roles. Every field has a default that
 * fits the seed's tables (`date`, `zl_price` or `zl_price_current`, `target_<h>`), and each can be
 * set for tables named otherwise.
 */
export interface RoleSettings {
  /** The date column; unset: `date` when it is a date, else the table's only date column. */
  readonly date?: string | undefined;
  /** The price column (the forecast series' value at the row's date); unset: the first of PRICE_CANDIDATES present. */
  readonly price?: string | undefined;
  /** The horizon's target column, `{h}` standing for the horizon. */
  readonly target: string;
  /** Every column whose name starts with this is some horizon's target: never a feature (leakage). */
  readonly targetPrefix: string;
  /** Columns never used, by name; `*` matches any text (e.g. `adm_*`). */
  readonly exclude: readonly string[];
}

export const DEFAULT_ROLE_SETTINGS: RoleSettings = {
  target: 'target_{h}',
  targetPrefix: 'target_',
  exclude: [],
};

/** Names the price column is looked for under, in order, when none is configured. */
export const PRICE_CANDIDATES: readonly string[] = ['zl_price', 'zl_price_current', 'price', 'close'];

/** How the roles and the quality rules see a column's type. */
export type ColumnKind = 'date' | 'number' | 'text' | 'other';

/** A column of a table's schema as the roles see it. */
export interface SchemaColumn {
  readonly name: string;
  /** The warehouse's type name (DATE, DOUBLE, BIGINT, VARCHAR...). */
  readonly type: string;
  readonly kind: ColumnKind;
}

/** What each column of a training table is for. */
export interface TableRoles {
  readonly dateColumn: string | null;
  readonly priceColumn: string | null;
  /** The horizon's target, or null when the table has no column of that name. */
  readonly targetColumn: string | null;
  /** The name the target was looked for under (for messages). */
  readonly expectedTarget: string;
  /** Targets of other horizons (and any other column named like a target): never features. */
  readonly otherTargets: readonly string[];
  /** Every other usable column, in table order: numbers, and text as categorical features. */
  readonly features: readonly string[];
  /** The features that are text (categorical). */
  readonly categorical: readonly string[];
  /** Left out by `exclude`. */
  readonly excluded: readonly string[];
  /** Columns of a type no model can use (neither number nor text), left out. */
  readonly unusable: readonly SchemaColumn[];
  /** Ids (text unique on every row, whole numbers stepping by one constant), left out of the features (`setAsideIdentifiers`). */
  readonly identifiers: readonly string[];
}

/** The name of horizon `horizon`'s target under the configured pattern. */
export function targetName(settings: RoleSettings, horizon: Horizon): string {
  return settings.target.replaceAll('{h}', horizon);
}

/**
 * Gives each column its role from names and types only (no values): the date, the price, the
 * horizon's target, other targets (never features: a `target_1m` in the 1w table is the future),
 * and every other number or text column as a feature, unless excluded.
 */
export function discoverRoles(
  columns: readonly SchemaColumn[],
  horizon: Horizon,
  settings: RoleSettings,
): TableRoles {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const dates = columns.filter((c) => c.kind === 'date');
  const dateColumn =
    settings.date !== undefined
      ? (byName.get(settings.date)?.name ?? null)
      : byName.get('date')?.kind === 'date'
        ? 'date'
        : dates.length === 1
          ? (dates[0]?.name ?? null)
          : null;
  const priceColumn =
    settings.price !== undefined
      ? (byName.get(settings.price)?.name ?? null)
      : (PRICE_CANDIDATES.find((name) => byName.has(name)) ?? null);
  const expectedTarget = targetName(settings, horizon);
  const targetColumn = byName.has(expectedTarget) ? expectedTarget : null;
  const excludedBy = settings.exclude.map(globPattern);
  const otherTargets: string[] = [];
  const features: string[] = [];
  const categorical: string[] = [];
  const excluded: string[] = [];
  const unusable: SchemaColumn[] = [];
  for (const column of columns) {
    const name = column.name;
    if (name === dateColumn || name === priceColumn || name === targetColumn) continue;
    if (name.startsWith(settings.targetPrefix) || isTargetOfAnyHorizon(settings, name)) {
      otherTargets.push(name);
    } else if (excludedBy.some((pattern) => pattern.test(name))) {
      excluded.push(name);
    } else if (column.kind === 'number') {
      features.push(name);
    } else if (column.kind === 'text') {
      features.push(name);
      categorical.push(name);
    } else {
      unusable.push(column);
    }
  }
  return {
    dateColumn,
    priceColumn,
    targetColumn,
    expectedTarget,
    otherTargets,
    features,
    categorical,
    excluded,
    unusable,
    identifiers: [],
  };
}

/** A column with its values, as far as telling an id needs. */
export interface ValuedColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly values?: readonly (string | null)[] | Float64Array;
}

/** Fewer rows than this are too few to call a column that never repeats an id. */
export const MIN_ID_ROWS = 20;

/**
 * Leaves ids out of the features: every feature set on every row that is
 * - text never repeated (a row or trade id, a timestamp as text): as a category each value is
 *   seen once, so it can teach a model nothing and reads as missing at every forecast;
 * - or whole numbers stepping by the same non-zero amount from each row to the next, in date
 *   order (a row number, an auto-increment key with no gaps, a running index: 1, 2, 3... or
 *   10, 20, 30...). Such a column is a linear function of the row's position and holds nothing
 *   else; a tree model can only use it to tell early rows from late ones, and every forecast row
 *   lies past every value it was trained on.
 * Being unique on every row is not enough for a number: a price, a moving average or a MACD
 * line is unique on nearly every row of a daily table (CBI-V14's 1m table has such columns) and
 * is a real feature. What no measurement does is step by exactly the same whole amount on every
 * one of hundreds of rows: prices and their transforms are not whole numbers or do not move in
 * equal steps, counts and levels (a population in thousands, a cumulative total) grow by
 * varying amounts. A numeric key that is not in step with the rows (hashed, random, or numbered
 * in another order) is not told from a measurement: list it in `source.columns.exclude`.
 */
export function setAsideIdentifiers(roles: TableRoles, columns: readonly ValuedColumn[]): TableRoles {
  const identifiers = columns.flatMap((column) => {
    if (!roles.features.includes(column.name)) return [];
    const values = column.values;
    if (values === undefined || values.length < MIN_ID_ROWS) return [];
    if (values instanceof Float64Array)
      return column.kind === 'number' && idStep(values) !== undefined ? [column.name] : [];
    if (column.kind !== 'text' || !roles.categorical.includes(column.name)) return [];
    if (values.some((v) => v === null)) return [];
    return new Set(values).size === values.length ? [column.name] : [];
  });
  if (identifiers.length === 0) return roles;
  return {
    ...roles,
    features: roles.features.filter((f) => !identifiers.includes(f)),
    categorical: roles.categorical.filter((f) => !identifiers.includes(f)),
    identifiers,
  };
}

/**
 * The step of a numeric id: the one non-zero whole amount by which every row's value (all set,
 * all whole numbers) differs from the row before. Undefined for anything else.
 */
export function idStep(values: Float64Array): number | undefined {
  const first = values[0] ?? Number.NaN;
  const step = (values[1] ?? Number.NaN) - first;
  if (!Number.isInteger(first) || !Number.isInteger(step) || step === 0) return undefined;
  for (let i = 1; i < values.length; i += 1) {
    const value = values[i] ?? Number.NaN;
    if (!Number.isInteger(value) || value - (values[i - 1] ?? Number.NaN) !== step) return undefined;
  }
  return step;
}

function isTargetOfAnyHorizon(settings: RoleSettings, name: string): boolean {
  return HORIZONS.some((h) => targetName(settings, h) === name);
}

/** `adm_*` as a whole-name pattern; every other character is literal. */
export function globPattern(glob: string): RegExp {
  const escaped = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}
