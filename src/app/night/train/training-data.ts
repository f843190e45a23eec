import type { FeatureMatrix } from '../../../domain/model/model.js';
import type { TargetKind } from '../../../domain/data/target-lead.js';
import type { AuditedTable } from '../table/audit-horizon.js';

/**
 * A horizon's training table as typed arrays, one entry per row, oldest first, with the quality
 * gate's verdict on each row. The label is the simple return over the horizon (target / current
 * - 1): boosted trees cannot extrapolate price levels, and the predicted price is current x
 * (1 + predicted return).
 */
export interface TrainingData {
  readonly dates: readonly string[];
  /** The price column: the target's value at the row's date. NaN where missing. */
  readonly prices: Float64Array;
  /** The target in price units (the value `lead` rows later); NaN where not known. */
  readonly targets: Float64Array;
  /** target / price - 1; NaN where either is missing. */
  readonly labels: Float64Array;
  /** Whether the row's label is known and trusted (the quality gate's trusted targets). */
  readonly labelKnown: readonly boolean[];
  /** Whether the quality gate trusts the row (it may be forecast from). */
  readonly rowTrusted: readonly boolean[];
  /** The features: numbers as they are, text as category codes (NaN for a missing or unseen value). */
  readonly features: FeatureMatrix;
  /** Each text feature's categories; a value's code is its index. */
  readonly categories: Readonly<Record<string, readonly string[]>>;
  readonly targetColumn: string;
  readonly priceColumn: string;
  /** Rows between a row and its target (measured for a table that brings its own target). */
  readonly lead: number;
  readonly targetKind: TargetKind;
}

/** How a trained model reads the features: their order, and the categories it learned. */
export interface FeatureEncoding {
  readonly featureNames: readonly string[];
  readonly categories: Readonly<Record<string, readonly string[]>>;
}

/** What of a model's features the table no longer has, or holds values the model never saw. */
export interface FeatureDrift {
  readonly missing: readonly string[];
  readonly unseenCategories: Readonly<Record<string, readonly string[]>>;
}

/**
 * The audited table as training data. Without `encoding` the features are the table's (less
 * those the gate dropped) and the categories are learned from the table; with a model's
 * `encoding` the features are the model's, in its order: a column gone since it was trained
 * reads as missing, a category it never saw as missing, and both are reported in `drift`.
 */
export function trainingData(
  audited: AuditedTable,
  encoding?: FeatureEncoding,
): { readonly data: TrainingData; readonly drift: FeatureDrift } {
  const { audit, roles } = audited;
  const rows = audit.dates.length;
  const byName = new Map(audited.columns.map((c) => [c.name, c]));
  const dropped = new Set(audit.report.droppedFeatures);
  const featureNames = encoding?.featureNames ?? roles.features.filter((name) => !dropped.has(name));
  const categories: Record<string, readonly string[]> = {};
  const missing: string[] = [];
  const unseen: Record<string, string[]> = {};
  const cols = featureNames.length;
  const values = new Float64Array(rows * cols).fill(Number.NaN);
  featureNames.forEach((name, c) => {
    const column = byName.get(name);
    const known = encoding?.categories[name];
    if (column === undefined || column.kind === 'other' || column.kind === 'date') {
      missing.push(name);
      if (known !== undefined) categories[name] = known;
      return;
    }
    if (column.kind === 'number') {
      for (let r = 0; r < rows; r += 1) values[r * cols + c] = column.values[r] ?? Number.NaN;
      return;
    }
    const levels = known ?? learnCategories(column);
    categories[name] = levels;
    const code = new Map(levels.map((level, i) => [level, i]));
    column.values.forEach((value, r) => {
      if (value === null) return;
      const index = code.get(value);
      if (index === undefined) unseen[name] = [...new Set([...(unseen[name] ?? []), value])];
      else values[r * cols + c] = index;
    });
  });
  const labels = new Float64Array(rows);
  const labelKnown: boolean[] = [];
  for (let i = 0; i < rows; i += 1) {
    const price = audit.price[i] ?? Number.NaN;
    const target = audit.target[i] ?? Number.NaN;
    const label = price > 0 && Number.isFinite(target) ? target / price - 1 : Number.NaN;
    labels[i] = label;
    labelKnown.push(audit.trustedTargets[i] === 1 && Number.isFinite(label));
  }
  return {
    data: {
      dates: audit.dates,
      prices: audit.price,
      targets: audit.target,
      labels,
      labelKnown,
      rowTrusted: Array.from(audit.trustedRows, (t) => t === 1),
      features: { rows, cols, values, featureNames: [...featureNames] },
      categories,
      targetColumn: roles.targetColumn ?? roles.expectedTarget,
      priceColumn: roles.priceColumn ?? 'price',
      lead: audit.lead,
      targetKind: audit.targetKind,
    },
    drift: { missing, unseenCategories: unseen },
  };
}

function learnCategories(column: { readonly values: readonly (string | null)[] }): readonly string[] {
  return [...new Set(column.values.filter((v): v is string => v !== null))].sort();
}

/** The given rows of a matrix, in the given order (one copy of their values). */
export function selectRows(matrix: FeatureMatrix, rows: readonly number[]): FeatureMatrix {
  const { cols } = matrix;
  const values = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => values.set(matrix.values.subarray(row * cols, row * cols + cols), i * cols));
  return { rows: rows.length, cols, values, featureNames: matrix.featureNames };
}

/** The given entries of a vector. */
export function selectValues(values: Float64Array, rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (row) => values[row] ?? Number.NaN);
}
