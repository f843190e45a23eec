import { median } from './robust-scale.js';

/** A target is a future price, or a return over the horizon (future / current - 1). */
export type TargetKind = 'price' | 'return';

/** What a table's target really is, measured against its own price column. */
export interface TargetLead {
  readonly kind: TargetKind;
  /** Rows between a row and the row whose price its target is. */
  readonly lead: number;
  /** True when the target equals the price (or its return) at that lead on most comparable rows. */
  readonly exact: boolean;
  /** Share (0..1) of the comparable rows on which it is exactly equal at that lead. */
  readonly exactShare: number;
  /** Rows compared at that lead. */
  readonly pairs: number;
  /** Median error at that lead: relative for a price target, in return units for a return target. */
  readonly medianError: number;
}

const EQUAL = 1e-6;
/** A target is exact when it matches on at least this share of rows (the rest are defects to report). */
const EXACT_SHARE = 0.5;
const MIN_PAIRS = 10;

/**
 * Finds the lead a table's target has against its price column: for each lead 1..maxLead the
 * share of rows where `target[i]` equals `price[i + lead]` (or `price[i + lead] / price[i] - 1`
 * for a return target); the best share wins, and when no lead matches exactly on most rows (a
 * target computed elsewhere), the lead with the smallest median error. Only rows `usable` on
 * both ends are compared (a placeholder price proves nothing). Undefined when too few rows
 * can be compared.
 */
export function measureTargetLead(
  price: Float64Array,
  target: Float64Array,
  usable: Uint8Array,
  maxLead: number,
): TargetLead | undefined {
  const kind = targetKind(price, target, usable);
  if (kind === undefined) return undefined;
  let best: TargetLead | undefined;
  let closest: TargetLead | undefined;
  const n = price.length;
  for (let lead = 1; lead <= Math.min(maxLead, n - 1); lead += 1) {
    const errors: number[] = [];
    let equal = 0;
    for (let i = 0; i + lead < n; i += 1) {
      if (usable[i] !== 1 || usable[i + lead] !== 1) continue;
      const error = labelError(kind, price, target, i, lead);
      if (!Number.isFinite(error)) continue;
      errors.push(error);
      if (error <= EQUAL) equal += 1;
    }
    if (errors.length < MIN_PAIRS) continue;
    const candidate: TargetLead = {
      kind,
      lead,
      exact: false,
      exactShare: equal / errors.length,
      pairs: errors.length,
      medianError: median(errors),
    };
    if (best === undefined || candidate.exactShare > best.exactShare) best = candidate;
    if (closest === undefined || candidate.medianError < closest.medianError) closest = candidate;
  }
  if (best === undefined || closest === undefined) return undefined;
  return best.exactShare >= EXACT_SHARE ? { ...best, exact: true } : closest;
}

/** The error of row `i`'s target against the price `lead` rows later (NaN when either is missing). */
export function labelError(
  kind: TargetKind,
  price: Float64Array,
  target: Float64Array,
  i: number,
  lead: number,
): number {
  const t = target[i] ?? Number.NaN;
  const later = price[i + lead] ?? Number.NaN;
  if (kind === 'price') return Math.abs(t - later) / Math.max(1, Math.abs(later));
  const now = price[i] ?? Number.NaN;
  return now === 0 ? Number.NaN : Math.abs(t - (later / now - 1));
}

/**
 * A price target sits on the price's scale (a typical |target / price - 1| well under 1); a
 * return target does not. Undefined when no row has both.
 */
function targetKind(price: Float64Array, target: Float64Array, usable: Uint8Array): TargetKind | undefined {
  const ratios: number[] = [];
  for (let i = 0; i < price.length; i += 1) {
    const p = price[i] ?? Number.NaN;
    const t = target[i] ?? Number.NaN;
    if (usable[i] === 1 && Number.isFinite(p) && Number.isFinite(t) && p !== 0)
      ratios.push(Math.abs(t / p - 1));
  }
  if (ratios.length < MIN_PAIRS) return undefined;
  return median(ratios) < 0.5 ? 'price' : 'return';
}

/** The target in price units: a return target becomes `price x (1 + return)`. */
export function targetAsPrice(kind: TargetKind, price: Float64Array, target: Float64Array): Float64Array {
  if (kind === 'price') return target;
  return target.map((t, i) => (price[i] ?? Number.NaN) * (1 + t));
}
