/**
 * Leakage beyond equality: a feature that is a transform of the future (the next week's log
 * return, a column a user adds by mistake) equals no future price, yet forecasts the move ahead
 * far better than anything could. Its Pearson correlation with the priced series' log move over
 * the next `lead` rows, at the leads where that is strongest, tells it. docs/data.md ("leakage")
 * and docs/models.md justify the limit.
 */
export interface FutureMoveCorrelation {
  /** `zl_price move 5 ahead`: what the feature was correlated with. */
  readonly against: string;
  /** Rows ahead the move reaches. */
  readonly lead: number;
  /** Pearson correlation of the feature with log(price[i + lead] / price[i]). */
  readonly correlation: number;
  /** Rows where both had a value. */
  readonly pairs: number;
}

/** The future moves of `price` (log, NaN where either end is missing or not positive), per lead. */
export interface FutureMoves {
  readonly priceColumn: string;
  readonly moves: readonly { readonly lead: number; readonly values: Float64Array }[];
}

/**
 * Fewest independent pairs (pairs / lead: moves over `lead` rows one row apart share lead - 1
 * rows) a correlation is judged on. Below that, a sparse column or a slow level against a long
 * move can reach any correlation by chance (CBI-V14's weekly export sales: -0.89 on 48 rows
 * against the 8-row move; unemployment: 0.84 against the 254-row move on 1161 rows, 4.6
 * independent): it says nothing.
 */
export const MIN_INDEPENDENT_PAIRS = 30;

/**
 * The leads checked for `periods` (the target's lead in rows): every lead from 1 to
 * min(periods, maxLead) (a feature that sees a shorter stretch of the future), and `periods`
 * itself (the move the target is).
 */
export function futureMoveLeads(periods: number, maxLead: number): number[] {
  const leads = new Set<number>();
  for (let lead = 1; lead <= Math.min(periods, maxLead); lead += 1) leads.add(lead);
  if (periods >= 1) leads.add(periods);
  return [...leads].sort((a, b) => a - b);
}

export function futureMoves(priceColumn: string, price: Float64Array, leads: readonly number[]): FutureMoves {
  return {
    priceColumn,
    moves: leads.map((lead) => {
      const values = new Float64Array(price.length).fill(Number.NaN);
      for (let i = 0; i + lead < price.length; i += 1) {
        const now = price[i] ?? Number.NaN;
        const later = price[i + lead] ?? Number.NaN;
        if (now > 0 && later > 0) values[i] = Math.log(later / now);
      }
      return { lead, values };
    }),
  };
}

/**
 * The strongest |correlation| of `feature` with a future move; null when none has enough
 * independent pairs or variance.
 */
export function strongestFutureCorrelation(
  feature: Float64Array,
  future: FutureMoves,
): FutureMoveCorrelation | null {
  let best: FutureMoveCorrelation | null = null;
  for (const move of future.moves) {
    const r = pearson(feature, move.values);
    if (r === null || r.pairs / move.lead < MIN_INDEPENDENT_PAIRS) continue;
    if (best === null || Math.abs(r.correlation) > Math.abs(best.correlation))
      best = {
        against: `${future.priceColumn} move ${move.lead} ahead`,
        lead: move.lead,
        correlation: r.correlation,
        pairs: r.pairs,
      };
  }
  return best;
}

/** Pearson's correlation over the rows where both are finite; null without variance in either. */
export function pearson(
  a: Float64Array,
  b: Float64Array,
): { readonly correlation: number; readonly pairs: number } | null {
  let n = 0;
  let sumA = 0;
  let sumB = 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a[i] ?? Number.NaN;
    const y = b[i] ?? Number.NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    n += 1;
    sumA += x;
    sumB += y;
  }
  if (n < 2) return null;
  const meanA = sumA / n;
  const meanB = sumB / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < length; i += 1) {
    const x = a[i] ?? Number.NaN;
    const y = b[i] ?? Number.NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    sab += (x - meanA) * (y - meanB);
    saa += (x - meanA) ** 2;
    sbb += (y - meanB) ** 2;
  }
  if (!(saa > 0) || !(sbb > 0)) return null;
  return { correlation: Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb))), pairs: n };
}

/**
 * The feature (of a row-major matrix) most correlated with the label (the move to the target),
 * over the rows whose label is known: when a horizon's walk-forward error is too good to be true,
 * the column most likely to carry the future. Undefined without a feature that has variance.
 */
export function mostCorrelatedFeature(
  matrix: {
    readonly rows: number;
    readonly cols: number;
    readonly values: Float64Array;
    readonly featureNames: readonly string[];
  },
  labels: Float64Array,
): { readonly name: string; readonly correlation: number } | undefined {
  let best: { name: string; correlation: number } | undefined;
  const column = new Float64Array(matrix.rows);
  for (let c = 0; c < matrix.cols; c += 1) {
    for (let r = 0; r < matrix.rows; r += 1) column[r] = matrix.values[r * matrix.cols + c] ?? Number.NaN;
    const r = pearson(column, labels);
    if (r !== null && (best === undefined || Math.abs(r.correlation) > Math.abs(best.correlation)))
      best = { name: matrix.featureNames[c] ?? `feature ${c}`, correlation: r.correlation };
  }
  return best;
}
